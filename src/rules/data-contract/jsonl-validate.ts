import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Ajv as AjvCore, ValidateFunction } from 'ajv';
import { ConfigError } from '../../errors.js';
import { type Finding, finding } from '../../report/model.js';
import type { ContractSource } from './contract-model.js';
import type { DataFile } from './data-files.js';

/**
 * A JSON Schema contract applied to each JSONL record with ajv, streaming the file line by
 * line (bounded memory), so every violation comes with the record's line number. Violations
 * are grouped by top-level field and keyword: one finding per kind of problem, with examples.
 */

interface Group {
  subject: string | undefined;
  keyword: string;
  message: string;
  count: number;
  samples: Record<string, unknown>[];
}

export async function validateJsonl(
  files: DataFile[],
  schema: Record<string, unknown>,
  source: ContractSource,
  options: { samples: number; signal: AbortSignal; deadline: number },
): Promise<Finding[]> {
  let validate: ValidateFunction;
  try {
    const ajv = await createAjv(typeof schema.$schema === 'string' ? schema.$schema : '', source);
    validate = ajv.compile(schema);
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(`the JSON Schema does not compile: ${cause instanceof Error ? cause.message : String(cause)}`, {
      file: source.file,
      line: source.line,
      cause,
    });
  }
  const groups = new Map<string, Group>();
  let records = 0;
  let invalid = 0;
  const multi = files.length > 1;
  for await (const { file, line, text } of readJsonlRecords(files)) {
    if (line % 1000 === 0) {
      options.signal.throwIfAborted();
      // ajv runs in this process, not in DuckDB: the rule's time limit is checked here.
      if (Date.now() > options.deadline) {
        return [
          finding({
            check: 'timeout',
            status: 'error',
            message: `JSON Schema validation of ${file.repoPath} ran past the per-rule time limit (stopped at line ${line})`,
            observed: { records },
            expected: 'done within the rule’s time limit',
            file: file.repoPath,
            line,
          }),
        ];
      }
    }
    records++;
    const where = multi ? { file: file.repoPath, line } : { line };
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      invalid++;
      addTo(groups, undefined, 'json', 'is not valid JSON', { ...where, text: text.slice(0, 120) }, options.samples);
      continue;
    }
    if (validate(record)) continue;
    invalid++;
    // A wrong type makes every other keyword on that value fail too: report the type only.
    const errors = validate.errors ?? [];
    const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    for (const error of errors) {
      if (error.keyword !== 'type' && mistyped.has(error.instancePath)) continue;
      const segments = error.instancePath.split('/').filter((segment) => segment !== '');
      const subject = error.keyword === 'required' && segments.length === 0 ? String(error.params.missingProperty) : segments[0];
      const value = segments.reduce<unknown>(
        (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
        record,
      );
      addTo(
        groups,
        subject,
        error.keyword,
        error.message ?? error.keyword,
        { ...where, path: error.instancePath || '/', value },
        options.samples,
      );
    }
  }
  if (groups.size === 0) {
    return [
      finding({
        check: 'json-schema',
        status: 'pass',
        message: `all ${records} records match the JSON Schema`,
        observed: records,
        expected: 'valid records',
        file: files[0]?.repoPath ?? null,
      }),
    ];
  }
  return [...groups.values()].map((group) => {
    const first = group.samples[0];
    return finding({
      check: `json-schema.${group.keyword}`,
      subject: group.subject,
      status: group.keyword === 'json' ? 'error' : 'fail',
      message: `${group.count} of ${records} records: ${group.subject === undefined ? 'record' : `\`${group.subject}\``} ${group.message}`,
      observed: {
        records: group.count,
        fraction: records === 0 ? 0 : Number((group.count / records).toFixed(6)),
        invalid_records: invalid,
        total: records,
      },
      expected: group.message.replace(/^must /, ''),
      file: (first?.file as string | undefined) ?? files[0]?.repoPath ?? null,
      line: (first?.line as number | undefined) ?? null,
      samples: group.samples,
    });
  });
}

function addTo(
  groups: Map<string, Group>,
  subject: string | undefined,
  keyword: string,
  message: string,
  sample: Record<string, unknown>,
  limit: number,
): void {
  const key = `${subject ?? ''}\u0000${keyword}\u0000${message}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { subject, keyword, message, count: 0, samples: [] };
    groups.set(key, group);
  }
  group.count++;
  if (group.samples.length < limit) group.samples.push(sample);
}

/**
 * The ajv flavour for the schema's draft (2020-12, 2019-09, or draft-07 and older-compatible).
 * Patterns (`pattern`, `patternProperties`) run on RE2 (re2js, a pure-JavaScript port: no native
 * build to install), so a pattern from a pull request matches in linear time, `^(a|aa)+$` too.
 */
async function createAjv(draft: string, source: ContractSource) {
  const { RE2JS } = await import('re2js');
  const regExp = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'RE2JS.compile' });
  const options = { allErrors: true, strict: false, code: { regExp } };
  let ajv: Pick<AjvCore, 'compile'>;
  if (draft.includes('2020-12')) ajv = new (await import('ajv/dist/2020.js')).Ajv2020(options);
  else if (draft.includes('2019-09')) ajv = new (await import('ajv/dist/2019.js')).Ajv2019(options);
  else if (draft.includes('draft-04') || draft.includes('draft-03')) {
    throw new ConfigError(`JSON Schema ${draft} is not supported`, {
      file: source.file,
      line: source.line,
      hint: 'use draft-07, 2019-09 or 2020-12',
    });
  } else ajv = new (await import('ajv')).Ajv(options);
  const { default: addFormats } = await import('ajv-formats');
  (addFormats as unknown as (instance: unknown) => void)(ajv);
  return ajv;
}

/** The first line of the files that is not valid JSON (streamed; null when every line parses). */
export async function findBadJsonLine(files: DataFile[]): Promise<{ file: string; line: number; reason: string } | null> {
  for await (const { file, line, text } of readJsonlRecords(files)) {
    try {
      JSON.parse(text);
    } catch (error) {
      return { file: file.repoPath, line, reason: error instanceof Error ? error.message : 'invalid JSON' };
    }
  }
  return null;
}

/** The non-blank lines of JSONL files with their 1-based line numbers, streamed. */
async function* readJsonlRecords(files: DataFile[]): AsyncGenerator<{ file: DataFile; line: number; text: string }> {
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file.localPath, { encoding: 'utf8' }), crlfDelay: Infinity });
    let line = 0;
    try {
      for await (const text of lines) {
        line++;
        if (text.trim() !== '') yield { file, line, text };
      }
    } finally {
      lines.close();
    }
  }
}

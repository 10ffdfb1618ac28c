import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError } from '../../errors.js';
import { finding, type Finding } from '../../report/model.js';
import type { ContractSource } from './contract-model.js';
import type { DataFile } from './read-table.js';

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
  options: { samples: number; signal: AbortSignal },
): Promise<Finding[]> {
  const { Ajv } = await import('ajv');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (instance: InstanceType<typeof Ajv>) => void)(ajv);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (cause) {
    throw new ConfigError(`the JSON Schema does not compile: ${cause instanceof Error ? cause.message : String(cause)}`, { file: source.file, line: source.line, cause });
  }
  const groups = new Map<string, Group>();
  let records = 0;
  let invalid = 0;
  const multi = files.length > 1;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file.localPath, { encoding: 'utf8' }), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      if (line % 10_000 === 0) options.signal.throwIfAborted();
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
      for (const error of validate.errors ?? []) {
        const segments = error.instancePath.split('/').filter((segment) => segment !== '');
        const subject = error.keyword === 'required' && segments.length === 0 ? String(error.params.missingProperty) : segments[0];
        const value = segments.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), record);
        addTo(groups, subject, error.keyword, error.message ?? error.keyword, { ...where, path: error.instancePath || '/', value }, options.samples);
      }
    }
  }
  if (groups.size === 0) {
    return [finding({ check: 'json-schema', status: 'pass', message: `all ${records} records match the JSON Schema`, observed: records, expected: 'valid records', file: files[0]?.repoPath ?? null })];
  }
  return [...groups.values()].map((group) => {
    const first = group.samples[0];
    return finding({
      check: `json-schema.${group.keyword}`,
      subject: group.subject,
      status: group.keyword === 'json' ? 'error' : 'fail',
      message: `${group.count} of ${records} records: ${group.subject === undefined ? 'record' : `\`${group.subject}\``} ${group.message}`,
      observed: { records: group.count, fraction: records === 0 ? 0 : Number((group.count / records).toFixed(6)), invalid_records: invalid, total: records },
      expected: group.message.replace(/^must /, ''),
      file: (first?.file as string | undefined) ?? files[0]?.repoPath ?? null,
      line: (first?.line as number | undefined) ?? null,
      samples: group.samples,
    });
  });
}

function addTo(groups: Map<string, Group>, subject: string | undefined, keyword: string, message: string, sample: Record<string, unknown>, limit: number): void {
  const key = `${subject ?? ''}\u0000${keyword}\u0000${message}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { subject, keyword, message, count: 0, samples: [] };
    groups.set(key, group);
  }
  group.count++;
  if (group.samples.length < limit) group.samples.push(sample);
}

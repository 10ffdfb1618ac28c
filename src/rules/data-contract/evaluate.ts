import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GuardrailsError, InputError } from '../../errors.js';
import { toRepoPath } from '../../git/repo-path.js';
import { type Finding, finding } from '../../report/model.js';
import { sortByStatus, worstStatus } from '../../report/status.js';
import { clampToCeiling, type ResourceLimits } from '../limits.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { compareWithBaseline } from './baseline-checks.js';
import { resolveBaseline, sameFiles } from './baseline-files.js';
import { compileContract } from './checks/compile-contract.js';
import { runChecks } from './checks/run-checks.js';
import { runSqlChecks } from './checks/sql-checks.js';
import { emptyContract, mergeContracts, type TableContract } from './contract-model.js';
import { loadContractFile } from './contracts/contract-file.js';
import { translateInline } from './contracts/inline.js';
import { noDataError } from './contracts/server-path.js';
import { type DataFiles, resolveDataFiles } from './data-files.js';
import { cleanDuckError, fileInError, isSniffTypeError } from './duck-errors.js';
import { loadDuckDB } from './duckdb-loader.js';
import { DuckSession, QueryTimeoutError, type SessionLimits } from './duckdb-session.js';
import { findTooDeepJson, MAX_JSON_DEPTH } from './json-depth.js';
import { findBadJsonLine, validateJsonl } from './jsonl-validate.js';
import { openTable } from './open-table.js';
import type { DataContractOptions } from './options.js';
import { parseMiB } from './options.js';
import { checkPatterns } from './pattern-preflight.js';
import { createUserViews, type TableView } from './table-view.js';

/**
 * One data-contract rule, in numbered steps: 1. the contract (file + inline), 2. the data files
 * on each side, 3. a sandboxed DuckDB session, 4. the contract's checks on the head data in one
 * scan, 5. custom SQL and JSON Schema checks, 6. the comparison with the baseline data.
 */
export async function evaluateDataContract(options: DataContractOptions, context: RuleContext): Promise<RuleOutcome> {
  const origin = { file: context.source.file, line: context.source.line };
  let dataPath = options.data === undefined ? undefined : toRepoPath(options.data, origin);

  // 1. The contract, from the rules workspace: a pull request cannot loosen the contract that
  // judges it, nor, through its `servers`, point it at other data.
  let contract: TableContract = emptyContract();
  if (options.contract !== undefined) {
    const contractFile = toRepoPath(options.contract, origin);
    const loaded = await loadContractFile(context.rules, contractFile, options.object, dataPath);
    contract = loaded.contract;
    dataPath ??= toRepoPath(loaded.dataPath, { file: contractFile });
  }
  if (dataPath === undefined) throw noDataError(context.source.file, undefined);
  contract = mergeContracts(contract, translateInline(options, context.source));

  // 2. The data files (DuckDB loads meanwhile: git and the native module do not wait on each other).
  loadDuckDB().catch(() => undefined);
  let scratchDir: Promise<string> | undefined;
  const scratch = (): Promise<string> => {
    scratchDir ??= mkdtemp(path.join(os.tmpdir(), 'mlg-baseline-'));
    return scratchDir;
  };
  try {
    return await evaluateFiles(options, context, contract, dataPath, scratch);
  } finally {
    if (scratchDir !== undefined) await rm(await scratchDir, { recursive: true, force: true });
  }
}

async function evaluateFiles(
  options: DataContractOptions,
  context: RuleContext,
  contract: TableContract,
  dataPath: string,
  scratch: () => Promise<string>,
): Promise<RuleOutcome> {
  const findings: Finding[] = [];
  // The baseline's blobs are extracted while the head is scanned (git and DuckDB overlap).
  const baselineFiles = resolveBaseline(options, context, dataPath, findings, scratch);
  baselineFiles.catch(() => undefined);
  try {
    const head = await resolveDataFiles(context.head, dataPath, 'head', options.format, context.lfs);
    if (head === null) {
      return {
        findings: [
          context.missing({ check: 'data', message: `no data file matches \`${dataPath}\` in the ${context.head.label}`, file: dataPath }),
        ],
      };
    }

    if (head.format === 'jsonl' || head.format === 'json') {
      const deep = await findTooDeepJson(head.files);
      if (deep !== null) {
        const message = `cannot read ${deep.file}: line ${deep.line} nests deeper than ${MAX_JSON_DEPTH} levels, more than any dataset needs`;
        return {
          findings: [
            finding({
              check: 'read',
              status: 'error',
              message,
              observed: 'too deep',
              expected: `at most ${MAX_JSON_DEPTH} levels`,
              file: deep.file,
              line: deep.line,
            }),
          ],
        };
      }
    }

    // 3. A session; sandboxed (only these files readable) before any SQL from the rule file runs.
    const session = await DuckSession.open(sessionLimits(options, context.limits));
    const release = session.interruptOn(context.signal);
    try {
      await checkPatterns(session, contract);

      // 4. The contract's checks on the head data, in one scan.
      let table: TableView;
      let total: number;
      try {
        const result = await checkHead(session, head, contract, options);
        table = result.table;
        total = result.total;
        findings.push(...result.findings);
      } catch (error) {
        if (error instanceof GuardrailsError) throw error;
        context.signal.throwIfAborted();
        findings.push(error instanceof QueryTimeoutError ? timeoutFinding(error, head) : await readError(error, head));
        return outcome(findings, head, null);
      }
      // Until here only SQL compiled by this rule ran (quoted names and values); custom checks follow.
      const baseline = await baselineFiles;
      await session.sandbox([...head.files, ...(baseline?.files ?? [])].map((file) => file.localPath));

      // 5. Custom SQL and per-record JSON Schema checks.
      await createUserViews(session, table, contract.name);
      const sqlRules = [...contract.quality, ...contract.columns.flatMap((column) => column.quality)].filter(
        (rule) => rule.metric === 'sql',
      );
      findings.push(...(await runSqlChecks(session, sqlRules, contract.name)));
      if (contract.jsonSchema !== undefined) {
        if (head.format !== 'jsonl' && head.format !== 'json') {
          throw new InputError(`a JSON Schema contract applies to JSONL records, but ${dataPath} is ${head.format}`, {
            file: options.contract,
            hint: 'use ODCS, DCS or Frictionless for tabular files',
          });
        }
        findings.push(
          ...(await validateJsonl(head.files, contract.jsonSchema.schema, contract.jsonSchema.source, {
            samples: options.samples,
            signal: context.signal,
            deadline: session.deadline,
          })),
        );
      }

      // 6. Against the baseline data.
      if (baseline !== null) {
        // The same bytes on both sides (the same blob, or both the working-tree file): the baseline
        // table is the head table, so nothing is extracted, sniffed or scanned a second time.
        findings.push(...(await compareWithBaseline(session, { table, total }, baseline, contract, options, sameFiles(head, baseline))));
      }
      return outcome(findings, head, table);
    } finally {
      release();
      await session.close();
    }
  } finally {
    // Nothing may still be writing into the scratch folder when it is removed.
    await baselineFiles.catch(() => undefined);
  }
}

async function checkHead(session: DuckSession, head: DataFiles, contract: TableContract, options: DataContractOptions) {
  const attempt = async (fullSniff: boolean) => {
    const table = await openTable(session, head, contract, options, 'head', fullSniff);
    const compiled = compileContract(contract, table, new Date());
    const sensitive = new Set(contract.columns.filter((column) => column.sensitive === true).map((column) => column.name));
    const run = await runChecks(session, table, compiled.plans, { samples: options.samples, sensitive });
    return { table, total: run.total, findings: [...compiled.findings, ...run.findings] };
  };
  try {
    return await attempt(false);
  } catch (error) {
    // DuckDB sniffs CSV types from a sample; a later value that does not fit fails the scan.
    // Sniffing the whole file reads that column as text, and the type check shows the rows.
    if (head.format !== 'csv' && head.format !== 'tsv') throw error;
    if (!isSniffTypeError(error)) throw error;
    return attempt(true);
  }
}

/** DuckDB's limits for this rule: what the rule asks for, never above the operator's ceiling. */
function sessionLimits(options: DataContractOptions, limits: ResourceLimits): SessionLimits {
  return {
    memoryMiB: clampToCeiling(parseMiB(options.duckdb?.memory_limit), limits.memoryMiB),
    threads: clampToCeiling(options.duckdb?.threads, limits.threads),
    queryTimeoutMs: limits.queryTimeoutMs,
    ruleTimeoutMs: limits.ruleTimeoutMs,
  };
}

function timeoutFinding(error: QueryTimeoutError, files: DataFiles): Finding {
  return finding({
    check: 'timeout',
    status: 'error',
    message: `the checks on ${files.files[0]?.repoPath ?? 'the data'} ${error.message}`,
    observed: 'interrupted',
    expected: `done within ${error.limitMs} ms`,
    file: files.files[0]?.repoPath ?? null,
  });
}

async function readError(error: unknown, files: DataFiles): Promise<Finding> {
  const file = fileInError(error, files.files) ?? files.files[0]?.repoPath ?? null;
  // DuckDB's JSON errors count lines loosely; the first unparseable line is found exactly here.
  const bad = files.format === 'jsonl' ? await findBadJsonLine(files.files) : null;
  return finding({
    check: 'read',
    status: 'error',
    message:
      bad !== null
        ? `cannot read ${bad.file} as JSONL: line ${bad.line} is not valid JSON (${bad.reason})`
        : `cannot read ${file ?? 'the data'} as ${files.format.toUpperCase()}: ${cleanDuckError(error, files.files)}`,
    observed: files.format,
    expected: `a readable ${files.format.toUpperCase()} file`,
    file: bad?.file ?? file,
    line: bad?.line ?? null,
  });
}

/** Failures first (stable within a status), and a one-line summary. */
function outcome(findings: Finding[], head: DataFiles, table: TableView | null): RuleOutcome {
  const sorted = sortByStatus(findings);
  const failed = sorted.filter((f) => f.status === 'fail' || f.status === 'error').length;
  const warned = sorted.filter((f) => f.status === 'warn').length;
  const passed = sorted.filter((f) => f.status === 'pass').length;
  const where = head.files.length === 1 ? head.files[0]?.repoPath : `${head.files.length} files`;
  const status = worstStatus(sorted.map((f) => f.status));
  const parts = [`${passed} passed`, failed > 0 ? `${failed} failed` : null, warned > 0 ? `${warned} warned` : null].filter(
    (p) => p !== null,
  );
  const summary = `${where}${table === null ? '' : ` (${table.columns.size} column${table.columns.size === 1 ? '' : 's'})`}: ${parts.join(', ')}${status === 'error' ? ' (could not evaluate everything)' : ''}`;
  return { findings: sorted, summary };
}

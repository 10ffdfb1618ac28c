import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateJsonl } from '../../../src/rules/data-contract/jsonl-validate.js';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/**
 * Bounds a pull request cannot lift (time per query and per rule, DuckDB memory and threads
 * under the operator's ceiling) and the baseline cases that are not failures: a dataset the
 * pull request adds, and a baseline byte-identical to the head (read once).
 */
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function repo(files: Record<string, string>): GitFixture {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('data', files);
  return fixture;
}

const DATA = 'id,v\n1,1\n2,2\n3,3\n';
const OFF = { schema_changes: { breaking: 'off' } };

describe('time limits', () => {
  it('a custom SQL cross join stops at the per-query limit, as an error finding that says so', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const result = await runDataContract(
      fixture.dir,
      {
        data: 'd.csv',
        columns: { v: { min: 0 } },
        sql: [{ name: 'endless', query: 'SELECT count(*) FROM data, range(1000000000) a, range(1000000000) b', max: 1 }],
        ...OFF,
      },
      // One DuckDB thread: the query only has to be running when the limit comes, not use every core.
      { limits: { queryTimeoutMs: 300, threads: 1 } },
    );
    expect(result.findings[0]).toMatchObject({ check: 'endless', status: 'error' });
    expect(result.findings[0]?.message).toBe('SQL check "endless" could not run: ran past the per-query time limit of 0.3 s');
    expect(keysWith(result, 'pass')).toContain('min v');
  });

  it('the per-rule limit stops the rule’s remaining queries', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const result = await runDataContract(
      fixture.dir,
      {
        data: 'd.csv',
        sql: [
          { name: 'first', query: 'SELECT count(*) FROM data, range(1000000000) a, range(1000000000) b', max: 1 },
          { name: 'second', query: 'SELECT count(*) FROM data', max: 10 },
        ],
        ...OFF,
      },
      { limits: { ruleTimeoutMs: 800, queryTimeoutMs: 60_000, threads: 1 } },
    );
    expect(keysWith(result, 'error').sort()).toEqual(['first', 'second']);
    expect(result.findings.find((f) => f.check === 'second')?.message).toMatch(/per-rule time limit of 0\.8 s$/);
  });
});

describe('DuckDB memory and threads: a rule may lower the ceiling, never raise it', () => {
  const threadsFor = async (duckdb: Record<string, unknown> | undefined, limits: { memoryMiB: number; threads: number }) => {
    const fixture = repo({ 'd.csv': DATA });
    const result = await runDataContract(
      fixture.dir,
      {
        data: 'd.csv',
        ...(duckdb === undefined ? {} : { duckdb }),
        sql: [{ name: 'threads', query: "SELECT current_setting('threads')", min: 0 }],
        ...OFF,
      },
      { limits },
    );
    return Number(result.findings.find((f) => f.check === 'threads')?.observed);
  };

  it('threads: the rule’s 64 is cut to the ceiling of 1; its 1 under a ceiling of 2 stays 1', async () => {
    expect(await threadsFor({ threads: 64 }, { memoryMiB: 256, threads: 1 })).toBe(1);
    expect(await threadsFor({ threads: 1 }, { memoryMiB: 256, threads: 2 })).toBe(1);
  });

  it('memory: a rule asking for 500GB gets the ceiling', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const query = "SELECT CAST(regexp_extract(current_setting('memory_limit'), '^([0-9.]+)', 1) AS DOUBLE)";
    const run = (duckdb: Record<string, unknown>) =>
      runDataContract(
        fixture.dir,
        { data: 'd.csv', duckdb, sql: [{ name: 'memory', query, min: 0 }], ...OFF },
        { limits: { memoryMiB: 300 } },
      );
    const raised = await run({ memory_limit: '500GB' });
    const lowered = await run({ memory_limit: '100MiB' });
    // DuckDB prints the limit in its own units (e.g. "286.1 MiB" for 300 MiB); compare sizes.
    expect(Number(raised.findings.find((f) => f.check === 'memory')?.observed)).toBeGreaterThan(
      Number(lowered.findings.find((f) => f.check === 'memory')?.observed),
    );
    expect(Number(raised.findings.find((f) => f.check === 'memory')?.observed)).toBeLessThan(301);
  });
});

describe('baselines', () => {
  it('a dataset the pull request adds is new: relative checks say so and do not fail; absolute checks apply', async () => {
    const fixture = repo({ 'other.txt': 'x\n' });
    const base = fixture.sha();
    fixture.commit('add data', { 'd.csv': DATA });
    const result = await runDataContract(
      fixture.dir,
      { data: 'd.csv', columns: { v: { max: 2 } }, row_change: { max_drop_pct: 5 }, drift: { columns: ['v'] } },
      { baseline: base },
    );
    expect(keysWith(result, 'fail')).toEqual(['max v']);
    expect(result.findings.find((f) => f.check === 'baseline')).toMatchObject({
      status: 'skip',
      message: expect.stringMatching(/^new in this PR: no data matches `d.csv` at the baseline/),
    });
  });

  it('a dataset absent at the head still follows on_missing', async () => {
    const fixture = repo({ 'other.txt': 'x\n' });
    const warn = await runDataContract(fixture.dir, { data: 'd.csv', columns: { v: { max: 2 } } }, { on_missing: 'warn' });
    expect(keysWith(warn, 'warn')).toEqual(['data']);
    const fail = await runDataContract(fixture.dir, { data: 'd.csv', columns: { v: { max: 2 } } });
    expect(keysWith(fail, 'fail')).toEqual(['data']);
  });

  it('a baseline with the same bytes is the head table: no drift, same row count, same schema', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const base = fixture.sha();
    fixture.commit('unrelated change', { 'README.md': 'hello\n' });
    const result = await runDataContract(
      fixture.dir,
      { data: 'd.csv', row_change: { max_drop_pct: 0 }, drift: { columns: ['v'], method: 'ks' } },
      { baseline: base, head: 'HEAD' },
    );
    expect(keysWith(result, 'fail', 'error')).toEqual([]);
    expect(result.findings.find((f) => f.check === 'drift.ks')?.message).toBe(
      "the data is byte-identical to the baseline's: no drift in `v`",
    );
    expect(result.findings.find((f) => f.check === 'row_change')?.message).toBe('row count 3 → 3 (+0%)');
    expect(result.findings.find((f) => f.check === 'schema')?.status).toBe('pass');
  });

  it('a commit is read from git, not from a working-tree file that differs from it', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${fixture.dir}/d.csv`, 'id,v\n1,100\n'); // uncommitted edit, same path
    const result = await runDataContract(fixture.dir, { data: 'd.csv', columns: { v: { max: 3 } }, ...OFF }, { head: 'HEAD' });
    expect(keysWith(result, 'fail', 'error')).toEqual([]);
    expect(result.findings.find((f) => f.check === 'read')?.observed).toEqual({ rows: 3, columns: 2 });
  });

  it('a differing baseline is read as its own table', async () => {
    const fixture = repo({ 'd.csv': DATA });
    const base = fixture.sha();
    fixture.commit('more rows', { 'd.csv': `${DATA}4,40\n5,50\n` });
    const result = await runDataContract(
      fixture.dir,
      { data: 'd.csv', row_change: { max_increase_pct: 10 }, drift: { columns: ['v'], method: 'ks' } },
      { baseline: base, head: 'HEAD' },
    );
    expect(result.findings.find((f) => f.check === 'row_change')).toMatchObject({
      status: 'fail',
      message: 'row count 3 → 5 (+66.667%): grew more than 10%',
    });
    expect(result.findings.find((f) => f.check === 'drift.ks')?.status).toBe('fail');
  });
});

describe('time limits outside DuckDB', () => {
  it('JSON Schema validation (ajv, in this process) stops once the rule’s time is up, naming the line', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i })).join('\n');
    const fixture = repo({ 'd.jsonl': `${records}\n` });
    const file = { repoPath: 'd.jsonl', localPath: path.join(fixture.dir, 'd.jsonl') };
    const schema = { type: 'object', properties: { id: { type: 'integer' } } };
    const options = { samples: 5, signal: new AbortController().signal };
    const source = { file: 's.json', line: 1 };
    const late = await validateJsonl([file], schema, source, { ...options, deadline: Date.now() - 1 });
    expect(late).toEqual([expect.objectContaining({ check: 'timeout', status: 'error', file: 'd.jsonl', line: 1000 })]);
    expect(late[0]?.message).toBe('JSON Schema validation of d.jsonl ran past the per-rule time limit (stopped at line 1000)');
    const inTime = await validateJsonl([file], schema, source, { ...options, deadline: Date.now() + 60_000 });
    expect(inTime).toEqual([expect.objectContaining({ check: 'json-schema', status: 'pass' })]);
  });
});

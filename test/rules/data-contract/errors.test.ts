import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';
import { PENGUINS_CSV } from '../../support/penguins-repo.js';

/** Inputs that cannot be evaluated: each is one clear `error` finding naming the file, never a crash. */
const penguins = readFileSync(PENGUINS_CSV);
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function repo(files: Record<string, string | Buffer>): GitFixture {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('data', files);
  return fixture;
}

const NO_BASELINE = { schema_changes: { breaking: 'off' } };

describe('unreadable data', () => {
  it('a truncated CSV (cut in the middle of a row) names the file and the row', async () => {
    const fixture = repo({ 'data/p.csv': penguins.subarray(0, 5000) });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', ...NO_BASELINE });
    expect(result.status).toBe('error');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ check: 'read', status: 'error', file: 'data/p.csv' });
    expect(result.findings[0]?.message).toMatch(/cannot read data\/p\.csv as CSV/);
  });

  it('a truncated Parquet file is an error finding, read from a commit', async () => {
    const fixture = repo({ 'data/p.parquet': Buffer.from('PAR1\u0000\u0000garbage') });
    const result = await runDataContract(fixture.dir, { data: 'data/p.parquet', ...NO_BASELINE }, { head: fixture.sha() });
    expect(result.findings[0]).toMatchObject({ check: 'read', status: 'error', file: 'data/p.parquet' });
    expect(result.findings[0]?.message).toMatch(/magic bytes/);
    expect(result.findings[0]?.message).not.toMatch(/mlg-/); // temp paths are replaced by the repo path
  });

  it('a corrupt CSV (binary garbage) is an error finding', async () => {
    const garbage = Buffer.concat([
      penguins.subarray(0, 2000),
      Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)),
      penguins.subarray(4000, 6000),
    ]);
    const fixture = repo({ 'data/p.csv': garbage });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ check: 'read', status: 'error', file: 'data/p.csv' });
  });

  it('a truncated JSONL file names the line', async () => {
    const fixture = repo({ 'data/p.jsonl': '{"a": 1}\n{"a": 2}\n{"a": 3, "b' });
    const result = await runDataContract(fixture.dir, { data: 'data/p.jsonl', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ check: 'read', status: 'error', file: 'data/p.jsonl' });
    expect(result.findings[0]).toMatchObject({ line: 3 });
    expect(result.findings[0]?.message).toMatch(/line 3 is not valid JSON/);
  });
});

describe('pointer files where data was expected', () => {
  it('a Git LFS pointer says how to fetch the data', async () => {
    const pointer =
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    const fixture = repo({ 'data/train.csv': pointer });
    const result = await runDataContract(fixture.dir, { data: 'data/train.csv', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ status: 'error', file: 'data/train.csv' });
    expect(result.findings[0]?.message).toMatch(/Git LFS pointer.*git lfs pull --include="data\/train\.csv"/);
  });

  it('a DVC-tracked file that was not pulled says `dvc pull`', async () => {
    const dvc = 'outs:\n- md5: a304afb96060aad90176268345e10355\n  size: 1234\n  path: train.csv\n';
    const fixture = repo({ 'data/train.csv.dvc': dvc });
    const result = await runDataContract(fixture.dir, { data: 'data/train.csv', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ status: 'error', file: 'data/train.csv.dvc' });
    expect(result.findings[0]?.message).toMatch(/tracked by DVC.*dvc pull data\/train\.csv\.dvc/);
  });

  it('a DVC pointer file named as the data is recognized too', async () => {
    const fixture = repo({ 'data/train.csv': 'outs:\n- md5: a304afb96060aad90176268345e10355\n  path: train.csv\n' });
    const result = await runDataContract(fixture.dir, { data: 'data/train.csv', ...NO_BASELINE });
    expect(result.findings[0]?.message).toMatch(/DVC pointer file/);
  });

  it('absent data is a missing input that follows on_missing', async () => {
    const fixture = repo({ 'README.md': 'x' });
    const result = await runDataContract(fixture.dir, { data: 'data/*.csv' }, { on_missing: 'warn' });
    expect(result.findings).toMatchObject([{ check: 'data', status: 'warn' }]);
  });
});

describe('contracts that cannot be used', () => {
  const data = { 'data/p.csv': penguins };

  it('an ODCS quality type we do not support is a config error at its line', async () => {
    const contract =
      'apiVersion: v3.0.2\nkind: DataContract\nschema:\n  - name: p\n    quality:\n      - type: custom\n        engine: soda\n        implementation: "x"\n    properties:\n      - name: id\n        logicalType: integer\n';
    const fixture = repo({ ...data, 'c.yaml': contract });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 'c.yaml', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ check: 'config', status: 'error', file: 'c.yaml', line: 6 });
    expect(result.findings[0]?.message).toMatch(/quality type "custom" is not supported/);
  });

  it('a Frictionless type we do not support names it', async () => {
    const fixture = repo({
      ...data,
      's.json': JSON.stringify(
        {
          fields: [
            { name: 'id', type: 'integer' },
            { name: 'where', type: 'geopoint' },
          ],
        },
        null,
        2,
      ),
    });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 's.json', ...NO_BASELINE });
    expect(result.findings[0]?.message).toMatch(/Frictionless type "geopoint" is not supported/);
    expect(result.findings[0]?.line).toBeGreaterThan(1);
  });

  it('ODCS v2 is refused with what to do', async () => {
    const fixture = repo({ ...data, 'c.yaml': 'apiVersion: 2.2.2\nkind: DataContract\ndataset: []\n' });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 'c.yaml', ...NO_BASELINE });
    expect(result.findings[0]?.message).toMatch(/ODCS 2\.2\.2 is not supported.*migrate/);
  });

  it('several schema objects and no `object:` lists them', async () => {
    const contract = 'apiVersion: v3.0.2\nkind: DataContract\nschema:\n  - name: a\n  - name: b\n';
    const fixture = repo({ ...data, 'c.yaml': contract });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 'c.yaml', ...NO_BASELINE });
    expect(result.findings[0]?.message).toMatch(/2 schema objects.*set `object:` on the rule to one of: a, b/);
    const picked = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 'c.yaml', object: 'b', ...NO_BASELINE });
    expect(picked.status).toBe('pass');
  });

  it('without `object:`, the schema object named like the data file is chosen', async () => {
    const contract =
      'apiVersion: v3.0.2\nkind: DataContract\nschema:\n  - name: other\n    properties: [{ name: nope, required: true }]\n  - name: penguins\n    physicalName: p.csv\n    properties: [{ name: id, logicalType: integer, required: true }]\n';
    const fixture = repo({ ...data, 'c.yaml': contract });
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', contract: 'c.yaml', ...NO_BASELINE });
    expect(result.status).toBe('pass');
    expect(result.findings.map((f) => f.subject)).toContain('id');
  });

  it('an unknown inline check is rejected by the strict schema', async () => {
    const fixture = repo(data);
    await expect(runDataContract(fixture.dir, { data: 'data/p.csv', columns: { id: { uniq: true } } })).rejects.toThrow(/uniq/);
  });
});

describe('patterns', () => {
  const data = { 'data/p.csv': penguins };

  it('a pattern too large for RE2 is a config error, not a hung scan', async () => {
    const fixture = repo(data);
    const result = await runDataContract(fixture.dir, {
      data: 'data/p.csv',
      columns: { species: { pattern: '((a{1000}){1000}){1000}' } },
      ...NO_BASELINE,
    });
    expect(result.findings[0]).toMatchObject({ check: 'config', status: 'error' });
    expect(result.findings[0]?.message).toMatch(/not a valid RE2 regular expression/);
  });

  it('an absurdly long pattern is refused', async () => {
    const fixture = repo(data);
    const result = await runDataContract(fixture.dir, {
      data: 'data/p.csv',
      columns: { species: { pattern: 'a'.repeat(5000) } },
      ...NO_BASELINE,
    });
    expect(result.findings[0]?.message).toMatch(/5000 characters long/);
  });

  it('lookarounds (unsupported by RE2) are refused with a hint', async () => {
    const fixture = repo(data);
    const result = await runDataContract(fixture.dir, { data: 'data/p.csv', columns: { species: { pattern: '^(?!x)' } }, ...NO_BASELINE });
    expect(result.findings[0]?.message).toMatch(/lookaround/);
  });

  // JavaScript's RegExp backtracks for minutes on this; ajv with RE2 (re2js) answers at once.
  it('a JSON Schema pattern with alternation runs on RE2 in linear time', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^(a|aa)+$' } } };
    const long = `${'a'.repeat(5000)}!`;
    const fixture = repo({ 'd.jsonl': `{"name": "${long}"}\n{"name": "aaa"}\n`, 's.json': JSON.stringify(schema, null, 2) });
    const result = await runDataContract(fixture.dir, { data: 'd.jsonl', contract: 's.json', ...NO_BASELINE });
    expect(result.findings.find((f) => f.check === 'json-schema.pattern')).toMatchObject({
      status: 'fail',
      line: 1,
      observed: { records: 1, total: 2 },
    });
  });

  it('a JSON Schema pattern RE2 cannot run is a config error at its line', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^(?=a)a$' } } };
    const fixture = repo({ 'd.jsonl': '{"name": "a"}\n', 's.json': JSON.stringify(schema, null, 2) });
    const result = await runDataContract(fixture.dir, { data: 'd.jsonl', contract: 's.json', ...NO_BASELINE });
    expect(result.findings[0]).toMatchObject({ check: 'config', status: 'error', file: 's.json', line: 6 });
    expect(result.findings[0]?.message).toMatch(/lookaround/);
  });

  // A backtracking engine would not finish this within the test's timeout; RE2 answers at once.
  it('RE2 runs a nested-quantifier pattern in linear time', async () => {
    const rows = ['name', ...Array.from({ length: 2000 }, () => `${'a'.repeat(60)}!`)].join('\n');
    const fixture = repo({ 'd.csv': rows });
    const result = await runDataContract(fixture.dir, { data: 'd.csv', columns: { name: { pattern: '^(a+)+$' } }, ...NO_BASELINE });
    expect(result.findings.find((f) => f.check === 'pattern')).toMatchObject({ status: 'fail', observed: { rows: 2000 } });
  });
});

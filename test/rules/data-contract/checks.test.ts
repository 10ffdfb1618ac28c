import { afterEach, describe, expect, it } from 'vitest';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/** Each check and input variant on small hand-written files, with exact counts and lines. */
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

const OFF = { schema_changes: { breaking: 'off' } };

describe('inputs', () => {
  it('reads TSV with quoted fields and reports lines after the header', async () => {
    const fixture = repo({ 'd.tsv': 'id\tname\tscore\n1\t"a, b"\t5\n2\t"c"\t-1\n3\tx\t7\n' });
    const result = await runDataContract(fixture.dir, { data: 'd.tsv', columns: { score: { min: 0 }, name: { type: 'string' } }, ...OFF });
    expect(keysWith(result, 'fail')).toEqual(['min score']);
    expect(result.findings[0]?.samples).toEqual([{ line: 3, id: 2, score: -1 }]);
  });

  it('detects a Latin-1 file and a semicolon delimiter', async () => {
    const text = Buffer.from('id;city\n1;Zürich\n2;Malmö\n', 'latin1');
    const fixture = repo({ 'd.csv': text });
    const result = await runDataContract(fixture.dir, { data: 'd.csv', columns: { city: { enum: ['Zürich', 'Malmö'] } }, ...OFF });
    expect(keysWith(result, 'fail', 'error')).toEqual([]);
    expect(result.findings.find((f) => f.check === 'read')?.observed).toEqual({ rows: 2, columns: 2 });
  });

  it('honours explicit CSV settings (no header, custom nulls)', async () => {
    const fixture = repo({ 'd.csv': '1|NA\n2|7\n' });
    const result = await runDataContract(fixture.dir, {
      data: 'd.csv',
      csv: { header: false, delimiter: '|', null_values: ['NA'] },
      columns: { column1: { required: true } },
      ...OFF,
    });
    expect(result.findings[0]).toMatchObject({ check: 'required', subject: 'column1', samples: [{ line: 1 }] });
  });

  it('reads a glob of files as one table and locates rows in their own file', async () => {
    const fixture = repo({ 'parts/a.csv': 'id,v\n1,1\n2,2\n', 'parts/b.csv': 'id,v\n3,3\n4,-4\n', 'parts/notes.txt.dvc': '' });
    const result = await runDataContract(fixture.dir, { data: 'parts/*.csv', columns: { v: { min: 0 } }, ...OFF }, { head: fixture.sha() });
    expect(result.findings[0]).toMatchObject({
      check: 'min',
      file: 'parts/b.csv',
      line: 3,
      samples: [{ file: 'parts/b.csv', line: 3, id: 4, v: -4 }],
    });
  });

  it('reads a folder of Parquet parts, ignoring marker files', async () => {
    const fixture = repo({ 'seed.csv': 'id,v\n1,1\n2,2\n3,3\n' });
    const { loadDuckDB } = await import('../../../src/rules/data-contract/duckdb-loader.js');
    const duckdb = await loadDuckDB();
    const instance = await duckdb.DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${fixture.dir}/out`);
    await connection.run(`COPY (SELECT * FROM read_csv('${fixture.dir}/seed.csv') WHERE id < 3) TO '${fixture.dir}/out/part-0.parquet'`);
    await connection.run(`COPY (SELECT * FROM read_csv('${fixture.dir}/seed.csv') WHERE id = 3) TO '${fixture.dir}/out/part-1.parquet'`);
    instance.closeSync();
    writeFileSync(`${fixture.dir}/out/_SUCCESS`, '');
    const result = await runDataContract(fixture.dir, { data: 'out', columns: { v: { max: 2 } }, ...OFF });
    expect(result.findings[0]).toMatchObject({
      check: 'max',
      file: 'out/part-1.parquet',
      samples: [{ file: 'out/part-1.parquet', row: 1, id: 3, v: 3 }],
    });
    expect(result.findings.find((f) => f.check === 'read')?.observed).toEqual({ rows: 3, columns: 2 });
  });

  it('finds a bad value far beyond DuckDB’s type-sniffing sample', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},${i % 100}`);
    rows[29_000] = '29001,n/a';
    const fixture = repo({ 'd.csv': `id,age\n${rows.join('\n')}\n` });
    const result = await runDataContract(fixture.dir, { data: 'd.csv', columns: { age: { type: 'integer', max: 120 } }, ...OFF });
    expect(keysWith(result, 'fail')).toEqual(['type age']);
    expect(result.findings[0]).toMatchObject({ line: 29_002, observed: { rows: 1 }, samples: [{ line: 29_002, id: 29_001, age: 'n/a' }] });
  });
});

describe('checks', () => {
  const csv =
    'id,user,day,label,email,created\n1,u1,2024-01-01,0,a@x.org,2024-05-01\n2,u1,2024-01-02,1,b@x.org,2024-05-02\n3,u2,2024-01-01,2,c@x.org,2024-05-03\n4,u1,2024-01-01,1,,2024-05-04\n';

  it('composite unique keys, enum, length and null fraction', async () => {
    const fixture = repo({ 'd.csv': csv });
    const result = await runDataContract(fixture.dir, {
      data: 'd.csv',
      unique_keys: [['user', 'day']],
      columns: { label: { enum: [0, 1] }, email: { max_length: 7, max_null_fraction: 0.1 } },
      ...OFF,
    });
    expect(keysWith(result, 'fail').sort()).toEqual(['enum label', 'null_fraction email', 'unique user, day']);
    const unique = result.findings.find((f) => f.check === 'unique');
    expect(unique?.observed).toMatchObject({ rows: 1 });
    expect(unique?.samples).toEqual([
      { line: 2, id: 1, user: 'u1', day: '2024-01-01', duplicate_count: 2 },
      { line: 5, id: 4, user: 'u1', day: '2024-01-01', duplicate_count: 2 },
    ]);
  });

  it('rejects undeclared columns when the contract allows none', async () => {
    const fixture = repo({ 'd.csv': csv });
    const result = await runDataContract(fixture.dir, {
      data: 'd.csv',
      allow_extra_columns: false,
      columns: { id: {}, user: {}, day: {}, label: {}, email: {} },
      ...OFF,
    });
    expect(keysWith(result, 'fail')).toEqual(['extra_column created']);
  });

  it('freshness of a date column', async () => {
    const fixture = repo({ 'd.csv': csv });
    const stale = await runDataContract(fixture.dir, { data: 'd.csv', freshness: { column: 'created', max_age: '2d' }, ...OFF });
    expect(stale.findings[0]).toMatchObject({ check: 'freshness', status: 'fail', observed: { newest: '2024-05-04T00:00:00.000Z' } });
    const today = new Date().toISOString().slice(0, 10);
    const fresh = repo({ 'd.csv': `id,created\n1,${today}\n` });
    const ok = await runDataContract(fresh.dir, { data: 'd.csv', freshness: { column: 'created', max_age: '2d' }, ...OFF });
    expect(keysWith(ok, 'fail')).toEqual([]);
  });

  it('custom SQL checks with bounds, in a sandbox that cannot read other files', async () => {
    const fixture = repo({ 'd.csv': csv });
    const result = await runDataContract(fixture.dir, {
      data: 'd.csv',
      sql: [
        { name: 'label_mean', query: 'SELECT avg(label) FROM data', max: 0.5 },
        { name: 'users', query: 'SELECT count(DISTINCT "user") FROM data', equals: 2 },
        { name: 'escape', query: "SELECT count(*) FROM read_csv('/etc/passwd')", equals: 0 },
        { name: 'two', query: 'SELECT 1; SELECT 2', equals: 1 },
      ],
      ...OFF,
    });
    const byName = Object.fromEntries(result.findings.map((f) => [f.check, f]));
    expect(byName.label_mean).toMatchObject({ status: 'fail', observed: 1 });
    expect(byName.users).toMatchObject({ status: 'pass' });
    expect(byName.escape?.status).toBe('error');
    expect(byName.escape?.message).toMatch(/disabled by configuration|Permission/);
    expect(byName.two).toMatchObject({ status: 'error' });
  });

  it('a warning-severity rule reports failures as warn', async () => {
    const fixture = repo({ 'd.csv': csv });
    const result = await runDataContract(fixture.dir, { data: 'd.csv', columns: { label: { max: 1 } }, ...OFF }, { severity: 'warning' });
    expect(result.status).toBe('warn');
  });
});

describe('against the baseline', () => {
  function history(before: string, after: string): { fixture: GitFixture; base: string; head: string } {
    const fixture = repo({ 'd.csv': before });
    const base = fixture.sha();
    fixture.checkout('pr', true);
    const head = fixture.commit('change', { 'd.csv': after });
    return { fixture, base, head };
  }

  it('a removed column and a retyped one are breaking; a new nullable column is not', async () => {
    const { fixture, base, head } = history('id,a,b,c\n1,x,1,2\n2,y,2,3\n', 'id,a,c,d\n1,x,2.5,\n2,y,abc,1\n');
    const result = await runDataContract(fixture.dir, { data: 'd.csv' }, { head, baseline: base });
    expect(keysWith(result, 'fail').sort()).toEqual(['schema.removed b', 'schema.retyped c']);
    expect(result.findings.find((f) => f.check === 'schema.added')).toMatchObject({ status: 'pass', subject: 'd' });
    expect(result.findings.find((f) => f.check === 'schema.retyped')).toMatchObject({ observed: 'VARCHAR', baseline: 'BIGINT' });
  });

  it('a new column the contract requires is breaking; a widened type is not', async () => {
    const { fixture, base, head } = history('id,v\n1,1\n', 'id,v,w\n1,1.5,3\n');
    const result = await runDataContract(
      fixture.dir,
      { data: 'd.csv', columns: { w: { required: true } }, schema_changes: { breaking: 'warn' } },
      { head, baseline: base },
    );
    expect(keysWith(result, 'warn')).toEqual(['schema.added w']);
    expect(result.findings.find((f) => f.check === 'schema.retyped')).toMatchObject({ status: 'pass' });
  });

  it('row count change bounds', async () => {
    const rows = (n: number): string => `id\n${Array.from({ length: n }, (_, i) => i).join('\n')}\n`;
    const { fixture, base, head } = history(rows(100), rows(80));
    const result = await runDataContract(fixture.dir, { data: 'd.csv', row_change: { max_drop_pct: 10 } }, { head, baseline: base });
    expect(result.findings[0]).toMatchObject({ check: 'row_change', status: 'fail', observed: 80, baseline: 100 });
    expect(result.findings[0]?.message).toMatch(/100 → 80 \(-20%\)/);
  });

  it('categorical PSI shows both sides’ shares (and nulls as a category)', async () => {
    const side = (labels: string[]): string => `id,label\n${labels.map((l, i) => `${i},${l}`).join('\n')}\n`;
    const before = side([...Array(50).fill('a'), ...Array(50).fill('b')]);
    const after = side([...Array(50).fill('a'), ...Array(20).fill('b'), ...Array(30).fill('')]);
    const { fixture, base, head } = history(before, after);
    const result = await runDataContract(fixture.dir, { data: 'd.csv', drift: { columns: ['label'] } }, { head, baseline: base });
    const drift = result.findings.find((f) => f.check === 'drift.psi');
    expect(drift?.status).toBe('fail');
    expect(drift?.baseline).toMatchObject({ top: { a: 0.5, b: 0.5 } });
    expect(drift?.observed).toMatchObject({ head: { nulls: 30, top: { a: 0.5, '(null)': 0.3, b: 0.2 } } });
  });

  it('no baseline: only the baseline checks are missing, per on_missing', async () => {
    const fixture = repo({ 'd.csv': 'id\n1\n' });
    const result = await runDataContract(
      fixture.dir,
      { data: 'd.csv', columns: { id: { min: 0 } }, drift: { columns: ['id'] } },
      { baseline: null, on_missing: 'skip' },
    );
    expect(result.status).toBe('pass');
    expect(result.findings.find((f) => f.check === 'baseline')?.status).toBe('skip');
    expect(result.findings.find((f) => f.check === 'min')?.status).toBe('pass');
  });
});

describe('options', () => {
  it('accepts the DESIGN.md rule exactly as written', async () => {
    const { z } = await import('zod');
    const { dataContractRule } = await import('../../../src/rules/data-contract/index.js');
    const schema = z.strictObject(dataContractRule.options);
    const parsed = schema.parse({
      data: 'data/train.csv',
      contract: 'contracts/train.odcs.yaml',
      columns: { age: { type: 'integer', required: true, min: 0, max: 120 }, label: { enum: [0, 1] }, id: { unique: true } },
      rows: { min: 1000 },
      drift: { columns: ['age'], method: 'psi', max: 0.2 },
    });
    expect(parsed.samples).toBe(5);
    expect(() => schema.parse({ data: 'x.csv', drift: { columns: ['a'], methd: 'psi' } })).toThrow(/methd/);
    expect(() => schema.parse({ data: 'x.csv', sql: [{ name: 'n', query: 'SELECT 1' }] })).toThrow(/needs a bound/);
  });
});

describe('loading', () => {
  it('the rule kinds load without DuckDB, ajv or re2js until a data-contract rule runs', async () => {
    const { execFileSync } = await import('node:child_process');
    const probe = [
      "const { registerHooks } = await import('node:module');",
      'const seen = [];',
      'registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });',
      "const { defaultRuleKinds: ruleKinds } = await import('./src/factory.ts');",
      "console.log(Object.keys(ruleKinds).join(','), seen.some((s) => s.startsWith('@duckdb/')) ? 'duckdb-loaded' : 'duckdb-not-loaded', seen.some((s) => s.startsWith('ajv')) ? 'ajv-loaded' : 'ajv-not-loaded', seen.some((s) => s.startsWith('re2js')) ? 're2js-loaded' : 're2js-not-loaded');",
    ].join(' ');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(output.trim()).toBe('benchmark,data-contract,metrics duckdb-not-loaded ajv-not-loaded re2js-not-loaded');
  });
});

describe('ODCS enum (datacontract-cli field_enum)', () => {
  const contract = (property: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: 'v3.2.0',
      kind: 'DataContract',
      id: 'orders',
      version: '1.0.0',
      status: 'active',
      schema: [
        {
          name: 'orders',
          properties: [
            { name: 'order_id', logicalType: 'string' },
            { name: 'status', logicalType: 'string', ...property },
          ],
        },
      ],
    });

  it.each([
    ['enum entries', { enum: [{ value: 'placed', label: 'Placed' }, { value: 'shipped' }] }],
    ['logicalTypeOptions.enum', { logicalTypeOptions: { enum: ['placed', 'shipped'] } }],
    ['a customProperties enum', { customProperties: [{ property: 'enum', value: '["placed", "shipped"]' }] }],
  ])('%s: a value outside fails with its row', async (_name, property) => {
    const fixture = repo({ 'orders.csv': 'order_id,status\n1,placed\n2,shipped\n3,lost\n', 'c.json': contract(property) });
    const result = await runDataContract(fixture.dir, { data: 'orders.csv', contract: 'c.json', ...OFF });
    expect(keysWith(result, 'fail', 'error')).toEqual(['enum status']);
    expect(result.findings[0]?.samples).toEqual([{ line: 4, order_id: '3', status: 'lost' }]);
  });
});

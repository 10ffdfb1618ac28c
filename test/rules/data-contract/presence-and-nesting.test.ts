import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadDuckDB } from '../../../src/rules/data-contract/duckdb-loader.js';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/**
 * datacontract-cli's field presence (a declared column must be in the data, optional or not)
 * and nested types (ODCS object/array, DCS fields/items) against Parquet and JSONL.
 */
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

const OFF = { schema_changes: { breaking: 'off' } };

function repo(files: Record<string, string | Buffer>): GitFixture {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('data', files);
  return fixture;
}

/** Writes `select` to a Parquet file in the fixture and commits it. */
async function commitParquet(fixture: GitFixture, file: string, select: string): Promise<void> {
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${select}) TO '${fixture.dir}/${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  fixture.commit(`add ${file}`);
}

const CITIES = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'cities',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'cities',
      properties: [
        { name: 'city_id', logicalType: 'integer', required: true, unique: true },
        { name: 'name', logicalType: 'string', required: true },
        { name: 'population', logicalType: 'integer', required: false, logicalTypeOptions: { minimum: 10000 } },
      ],
    },
  ],
};

describe('field presence (datacontract-cli field_is_present)', () => {
  it('an optional column absent from a single file fails presence', async () => {
    const fixture = repo({ 'cities.csv': 'city_id,name\n1,Bern\n2,Basel\n', 'c.odcs.yaml': stringify(CITIES) });
    const result = await runDataContract(fixture.dir, { data: 'cities.csv', contract: 'c.odcs.yaml', ...OFF });
    expect(result.status).toBe('fail');
    expect(keysWith(result, 'fail', 'error')).toEqual(['present population']);
    expect(result.findings[0]?.message).toBe('declared column `population` is missing from the data; its other checks are not run');
  });

  it('old and new files read together have the column, null for the old rows: pass', async () => {
    const fixture = repo({
      'cities/v1.csv': 'city_id,name\n1,Bern\n2,Basel\n',
      'cities/v2.csv': 'city_id,name,population\n3,Zürich,420000\n4,Genf,\n',
      'c.odcs.yaml': stringify(CITIES),
    });
    const result = await runDataContract(fixture.dir, { data: 'cities/*.csv', contract: 'c.odcs.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error')).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.findings.find((f) => f.check === 'read')?.observed).toEqual({ rows: 4, columns: 3 });
  });

  it('the same mix of Parquet files passes, and a bad value in the new file still fails with its file and row', async () => {
    const fixture = repo({ 'c.odcs.yaml': stringify(CITIES) });
    await commitParquet(fixture, 'v1.parquet', `SELECT 1 AS city_id, 'Bern' AS name`);
    await commitParquet(fixture, 'v2.parquet', `SELECT * FROM (VALUES (2, 'Chur', 37000), (3, 'Gais', 3000)) t(city_id, name, population)`);
    const result = await runDataContract(fixture.dir, { data: '*.parquet', contract: 'c.odcs.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error')).toEqual(['min population']);
    expect(result.findings[0]?.samples).toEqual([{ file: 'v2.parquet', row: 2, city_id: 3, population: 3000 }]);
  });
});

const EVENTS_ODCS = {
  apiVersion: 'v3.0.2',
  kind: 'DataContract',
  id: 'events',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'events',
      properties: [
        { name: 'id', logicalType: 'integer' },
        {
          name: 'metadata',
          logicalType: 'object',
          properties: [
            { name: 'name', logicalType: 'string' },
            { name: 'size', logicalType: 'integer' },
          ],
        },
        { name: 'values', logicalType: 'array', items: { logicalType: 'string' } },
        {
          name: 'points',
          logicalType: 'array',
          items: { logicalType: 'object', properties: [{ name: 'x', logicalType: 'number' }] },
        },
      ],
    },
  ],
};

const EVENTS_DCS = {
  dataContractSpecification: '1.1.0',
  id: 'events',
  info: { title: 'events', version: '1.0.0' },
  models: {
    events: {
      fields: {
        id: { type: 'integer' },
        metadata: { type: 'object', fields: { name: { type: 'string' }, size: { type: 'integer' } } },
        values: { type: 'array', items: { type: 'string' } },
        points: { type: 'array', items: { type: 'object', fields: { x: { type: 'number' } } } },
      },
    },
  },
};

const GOOD_ROWS = [
  { id: 1, metadata: { name: 'a', size: 3 }, values: ['x', 'y'], points: [{ x: 1.5 }] },
  { id: 2, metadata: { name: 'b', size: 4 }, values: [], points: [{ x: 2 }, { x: 3.25 }] },
];
// `metadata.size` and `values[]` hold the wrong types; `points[].x` is missing.
const BAD_ROWS = [
  { id: 1, metadata: { name: 'a', size: 'big' }, values: [1, 2], points: [{ y: 1 }] },
  { id: 2, metadata: { name: 'b', size: 'small' }, values: [3], points: [{ y: 2 }] },
];

const jsonl = (rows: object[]): string => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

describe.each([
  ['odcs', EVENTS_ODCS],
  ['dcs', EVENTS_DCS],
])('nested STRUCT and LIST types (%s)', (_name, contract) => {
  it('JSONL: matching nested types pass', async () => {
    const fixture = repo({ 'e.jsonl': jsonl(GOOD_ROWS), 'c.yaml': stringify(contract) });
    const result = await runDataContract(fixture.dir, { data: 'e.jsonl', contract: 'c.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error')).toEqual([]);
    expect(result.findings.filter((f) => f.check === 'type' && f.status === 'pass').map((f) => f.subject)).toEqual(
      expect.arrayContaining(['metadata', 'values', 'points']),
    );
  });

  it('JSONL: every nested mismatch is named by its path', async () => {
    const fixture = repo({ 'e.jsonl': jsonl(BAD_ROWS), 'c.yaml': stringify(contract) });
    const result = await runDataContract(fixture.dir, { data: 'e.jsonl', contract: 'c.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error').sort()).toEqual(['type metadata', 'type points', 'type values']);
    const message = (subject: string) => result.findings.find((f) => f.check === 'type' && f.subject === subject)?.message;
    expect(message('metadata')).toBe('1 nested type mismatch: metadata.size: expected integer, got string');
    expect(message('values')).toBe('1 nested type mismatch: values[]: expected string, got integer');
    expect(message('points')).toBe('1 nested type mismatch: points[].x: missing from the data');
  });

  it('Parquet: matching nested types pass, mismatches are named by their path', async () => {
    const fixture = repo({ 'c.yaml': stringify(contract) });
    await commitParquet(
      fixture,
      'good.parquet',
      `SELECT 1 AS id, {'name': 'a', 'size': 3} AS metadata, ['x', 'y'] AS "values", [{'x': 1.5}] AS points`,
    );
    await commitParquet(
      fixture,
      'bad.parquet',
      `SELECT 1 AS id, {'name': 7, 'size': 3} AS metadata, [1, 2] AS "values", [{'x': 'far'}] AS points`,
    );
    const good = await runDataContract(fixture.dir, { data: 'good.parquet', contract: 'c.yaml', ...OFF });
    expect(keysWith(good, 'fail', 'error')).toEqual([]);
    const bad = await runDataContract(fixture.dir, { data: 'bad.parquet', contract: 'c.yaml', ...OFF });
    expect(keysWith(bad, 'fail', 'error').sort()).toEqual(['type metadata', 'type points', 'type values']);
    const messages = bad.findings.filter((f) => f.check === 'type' && f.status === 'fail').map((f) => f.message);
    expect(messages.sort()).toEqual([
      '1 nested type mismatch: metadata.name: expected string, got integer',
      '1 nested type mismatch: points[].x: expected number, got string',
      '1 nested type mismatch: values[]: expected string, got integer',
    ]);
  });
});

describe('array item bounds (datacontract-cli field_min_items, field_max_items, field_unique_items)', () => {
  it('each bound is its own check, naming the rows', async () => {
    const contract = {
      ...EVENTS_ODCS,
      schema: [
        {
          name: 'tags',
          properties: [
            { name: 'id', logicalType: 'integer' },
            {
              name: 'tags',
              logicalType: 'array',
              items: { logicalType: 'string' },
              logicalTypeOptions: { minItems: 1, maxItems: 3, uniqueItems: true },
            },
          ],
        },
      ],
    };
    const data = jsonl([
      { id: 1, tags: ['a'] },
      { id: 2, tags: [] },
      { id: 3, tags: ['a', 'b', 'c', 'd'] },
      { id: 4, tags: ['x', 'x'] },
      { id: 5, tags: ['y', null] },
    ]);
    const fixture = repo({ 't.jsonl': data, 'c.yaml': stringify(contract) });
    const result = await runDataContract(fixture.dir, { data: 't.jsonl', contract: 'c.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error').sort()).toEqual(['max_items tags', 'min_items tags', 'unique_items tags']);
    const lines = (check: string) =>
      (result.findings.find((f) => f.check === check)?.samples as { line?: number }[] | undefined)?.map((s) => s.line);
    expect([lines('min_items'), lines('max_items'), lines('unique_items')]).toEqual([[2], [3], [4]]);
  });
});

describe('nested values of mixed types in JSONL (DuckDB reads them as JSON)', () => {
  it('names the records holding the wrong type, by nested path', async () => {
    const rows = [
      { id: 1, metadata: { name: 'a', size: 3 }, values: ['x'], points: [{ x: 1.5 }] },
      { id: 2, metadata: { name: 'b', size: 'big' }, values: ['y'], points: [{ x: 2 }] },
      { id: 3, metadata: { name: 'c', size: 5 }, values: ['z', 7], points: [{ x: 'far' }, { x: 1 }] },
      { id: 4, metadata: { name: 'd', size: null }, values: [], points: [] },
    ];
    const fixture = repo({ 'e.jsonl': jsonl(rows), 'c.yaml': stringify(EVENTS_ODCS) });
    const result = await runDataContract(fixture.dir, { data: 'e.jsonl', contract: 'c.yaml', ...OFF });
    expect(keysWith(result, 'fail', 'error').sort()).toEqual(['type metadata.size', 'type points[].x', 'type values[]']);
    const finding = (subject: string) => result.findings.find((f) => f.subject === subject);
    expect(finding('metadata.size')?.message).toBe('1 of 4 rows (25.0%) with `metadata.size` not an integer');
    expect(finding('metadata.size')?.samples).toEqual([{ line: 2, id: 2, metadata: { name: 'b', size: '"big"' } }]);
    expect(finding('values[]')?.samples?.map((s) => (s as { line: number }).line)).toEqual([3]);
    expect(finding('points[].x')?.samples?.map((s) => (s as { line: number }).line)).toEqual([3]);
  });
});

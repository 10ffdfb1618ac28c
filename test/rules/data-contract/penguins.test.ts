import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { buildPenguinsRepo, type PenguinsRepo } from '../../support/penguins-repo.js';

/**
 * The real Palmer penguins data, as CSV and Parquet, against the same contract written in each
 * supported format. The unchanged data passes; the pull request's data fails with exactly the
 * four problems it introduced (and the schema change they amount to).
 */
let repo: PenguinsRepo;
beforeAll(async () => {
  repo = await buildPenguinsRepo();
});
afterAll(() => repo.fixture.cleanup());

const INLINE = {
  columns: {
    id: { type: 'integer', required: true, unique: true },
    species: { type: 'string', required: true, enum: ['Adelie', 'Chinstrap', 'Gentoo'] },
    island: { type: 'string', enum: ['Biscoe', 'Dream', 'Torgersen'] },
    bill_length_mm: { type: 'number', min: 30, max: 60 },
    bill_depth_mm: { type: 'number', min: 13, max: 30 },
    flipper_length_mm: { type: 'integer', min: 170, max: 240 },
    body_mass_g: { type: 'integer', min: 2500, max: 6500 },
    sex: { type: 'string', enum: ['male', 'female'], max_null_fraction: 0.05 },
  },
  rows: { min: 300 },
};

/** The CSV writes one NA as "." (penguin 337's sex); the Frictionless schema says so itself. */
const NA = { csv: { null_values: ['', '.'] } };

const CONTRACTS: Record<string, Record<string, unknown>> = {
  inline: { ...INLINE, ...NA },
  odcs: { contract: 'contracts/penguins.odcs.yaml', ...NA },
  dcs: { contract: 'contracts/penguins.dcs.yaml', ...NA },
  frictionless: { contract: 'contracts/penguins.frictionless.json', rows: { min: 300 } },
};

const DRIFT = { drift: { columns: ['bill_depth_mm'], method: 'ks', max: 0.2 } };

/** What the pull request broke, as `check subject`; the bill length check is `max` in every format. */
const BROKEN = ['drift.ks bill_depth_mm', 'max bill_length_mm', 'required species', 'schema.retyped body_mass_g', 'type body_mass_g'];

describe.each(['csv', 'parquet'])('penguins as %s', (format) => {
  const data = `data/penguins.${format}`;

  it.each(Object.keys(CONTRACTS))('the unchanged data passes the %s contract', async (name) => {
    const result = await runDataContract(
      repo.fixture.dir,
      { data, ...CONTRACTS[name], ...DRIFT },
      { head: repo.main, baseline: repo.main },
    );
    expect(keysWith(result, 'fail', 'error', 'warn')).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.findings.length).toBeGreaterThan(15);
  });

  it.each(Object.keys(CONTRACTS))('the pull request fails the %s contract with exactly its four problems', async (name) => {
    const result = await runDataContract(repo.fixture.dir, { data, ...CONTRACTS[name], ...DRIFT }, { head: repo.pr, baseline: repo.main });
    expect(result.status).toBe('fail');
    expect(keysWith(result, 'fail', 'error', 'warn').sort()).toEqual(BROKEN);
    const byKey = new Map(result.findings.map((f) => [`${f.check} ${f.subject ?? ''}`.trim(), f]));
    const required = byKey.get('required species');
    expect(required?.observed).toMatchObject({ rows: 3, total: 344 });
    const max = byKey.get('max bill_length_mm');
    expect(max?.samples?.[0]).toMatchObject(
      format === 'csv' ? { line: 21, id: 20, bill_length_mm: 390 } : { row: 20, id: 20, bill_length_mm: 390 },
    );
    if (format === 'csv') {
      // The retyped column: every non-null row holds text like "3.75kg".
      expect(byKey.get('type body_mass_g')?.observed).toMatchObject({ rows: 342 });
      expect(byKey.get('type body_mass_g')?.samples?.[0]).toMatchObject({ line: 2, body_mass_g: '3.75kg' });
    }
    const drift = byKey.get('drift.ks bill_depth_mm');
    expect(drift?.baseline).toMatchObject({ count: 342 });
    expect((drift?.observed as { head: { mean: number } } | undefined)?.head.mean).toBeCloseTo(17.151 + 3, 2);
    expect(result.findings.findIndex((f) => f.status === 'pass')).toBe(BROKEN.length);
  });
});

it('finds the real flaw of the penguins CSV when "." is not declared as NA', async () => {
  const result = await runDataContract(repo.fixture.dir, { data: 'data/penguins.csv', ...INLINE, schema_changes: { breaking: 'off' } });
  expect(keysWith(result, 'fail')).toEqual(['enum sex']);
  expect(result.findings[0]).toMatchObject({ file: 'data/penguins.csv', line: 338, observed: { rows: 1, total: 344 } });
  expect(result.findings[0]?.samples).toEqual([{ line: 338, id: 337, sex: '.' }]);
});

describe('penguins as JSONL with a JSON Schema', () => {
  const options = { data: 'data/penguins.jsonl', contract: 'contracts/penguins.schema.json', ...DRIFT };

  it('passes on the unchanged data', async () => {
    const result = await runDataContract(repo.fixture.dir, options, { head: repo.main, baseline: repo.main });
    expect(keysWith(result, 'fail', 'error', 'warn')).toEqual([]);
    expect(keysWith(result, 'pass')).toContain('json-schema');
  });

  it('names each broken record by its line', async () => {
    const result = await runDataContract(repo.fixture.dir, options, { head: repo.pr, baseline: repo.main });
    expect(keysWith(result, 'fail', 'error', 'warn').sort()).toEqual([
      'drift.ks bill_depth_mm',
      'json-schema.maximum bill_length_mm',
      'json-schema.type body_mass_g',
      'json-schema.type species',
      'schema.retyped body_mass_g',
    ]);
    const species = result.findings.find((f) => f.check === 'json-schema.type' && f.subject === 'species');
    expect(species?.samples).toEqual([
      expect.objectContaining({ line: 5, value: null }),
      expect.objectContaining({ line: 50 }),
      expect.objectContaining({ line: 150 }),
    ]);
    expect(species?.line).toBe(5);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/**
 * Bad data is a failure that names its rows, never "could not evaluate": a pull request writes
 * `12.5 EUR` into 8 of 400 rows of a numeric column (which DuckDB then reads as text) and
 * `soon` into one date. Every check kind on those columns must fail or pass on the values, not
 * error. Exit 2 is kept for what a user must fix in the rule file or the repository.
 */
const BAD_LINES = [41, 91, 141, 191, 241, 291, 341, 391]; // file lines (the header is line 1)

function rows(bad: boolean): string {
  const lines = ['id,amount,day,cat'];
  for (let i = 1; i <= 400; i++) {
    const amount = bad && BAD_LINES.includes(i + 1) ? '12.5 EUR' : String((i % 50) + 0.5);
    const day = bad && i === 200 ? 'soon' : `2026-11-${String((i % 20) + 1).padStart(2, '0')}`;
    lines.push(`${i},${amount},${day},${['a', 'b', 'c'][i % 3]}`);
  }
  return `${lines.join('\n')}\n`;
}

let fixture: GitFixture;
let base: string;
beforeAll(() => {
  fixture = GitFixture.init();
  base = fixture.commit('clean data', { 'd.csv': rows(false) });
  fixture.commit('bad values', { 'd.csv': rows(true) });
});
afterAll(() => fixture.cleanup());

const evaluate = (options: Record<string, unknown>) => runDataContract(fixture.dir, { data: 'd.csv', ...options }, { baseline: base });

/** The failing amount rows, as example rows show them (first five). */
const AMOUNT_SAMPLES = BAD_LINES.slice(0, 5).map((line) => ({ line, id: line - 1, amount: '12.5 EUR' }));

describe('bad values under every check kind', () => {
  it('the issue’s case: declared number with range and drift: the type fails naming the rows, drift runs on the values that parse', async () => {
    const result = await evaluate({
      columns: { amount: { type: 'number', min: 0, max: 1000 } },
      drift: [
        { columns: ['amount'], method: 'ks' },
        { columns: ['amount'], method: 'psi' },
      ],
      schema_changes: { breaking: 'off' },
    });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(result.status).toBe('fail');
    expect(keysWith(result, 'fail')).toEqual(['type amount']);
    const type = result.findings[0];
    expect(type?.message).toBe('8 of 400 rows (2.0%) with `amount` not a number value');
    expect(type?.samples).toEqual(AMOUNT_SAMPLES);
    expect(type?.line).toBe(41);
    expect(keysWith(result, 'pass')).toEqual(expect.arrayContaining(['min amount', 'max amount', 'drift.ks amount', 'drift.psi amount']));
  });

  it('no declared type: numeric bounds compare the values that parse, and the others fail as not numbers', async () => {
    const result = await evaluate({ columns: { amount: { min: 0, max: 40 } }, schema_changes: { breaking: 'off' } });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail').sort()).toEqual(['max amount', 'type amount']);
    expect(result.findings.find((f) => f.check === 'type')?.samples).toEqual(AMOUNT_SAMPLES);
    expect(result.findings.find((f) => f.check === 'max')?.observed).toMatchObject({ rows: 72 });
  });

  it('no declared type: KS drift compares the values that parse and says how many did not', async () => {
    const result = await evaluate({ drift: { columns: ['amount'], method: 'ks' }, schema_changes: { breaking: 'off' } });
    expect(keysWith(result, 'error')).toEqual([]);
    const drift = result.findings.find((f) => f.check === 'drift.ks');
    expect(drift?.status).toBe('pass');
    expect(drift?.message).toMatch(/; 8 head values are not numbers and were left out$/);
  });

  it('the column turned from DOUBLE to VARCHAR is a breaking schema change (a failure, not an error)', async () => {
    const result = await evaluate({});
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual(['schema.retyped amount', 'schema.retyped day']);
  });

  it('freshness on a date column with a bad value: the rows fail as not dates, the age is read from the others', async () => {
    const result = await evaluate({ freshness: { column: 'day', max_age: '10000d' }, schema_changes: { breaking: 'off' } });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual(['type day']);
    expect(result.findings[0]?.samples).toEqual([{ line: 201, id: 200, day: 'soon' }]);
    expect(result.findings.find((f) => f.check === 'freshness')?.status).toBe('pass');
  });

  it('declared date with freshness: the type check names the row, freshness runs on the dates', async () => {
    const result = await evaluate({
      columns: { day: { type: 'date' } },
      freshness: { column: 'day', max_age: '10000d' },
      schema_changes: { breaking: 'off' },
    });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual(['type day']);
    expect(result.findings.find((f) => f.check === 'freshness')?.status).toBe('pass');
  });

  it.each([
    ['enum', { enum: [0.5, 1.5] }],
    ['pattern', { pattern: '^[0-9.]+$' }],
    ['length', { max_length: 4 }],
  ])('%s on the text column names the bad rows', async (check, column) => {
    const result = await evaluate({ columns: { amount: column }, schema_changes: { breaking: 'off' } });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual([`${check} amount`]);
    expect(result.findings[0]?.samples?.[0]).toMatchObject({ line: expect.any(Number), amount: expect.any(String) });
  });

  it('unique, required, null fraction, row count and row change run on the text column', async () => {
    const result = await evaluate({
      columns: { amount: { unique: true, required: true, max_null_fraction: 0 } },
      rows: { min: 1 },
      row_change: { max_drop_pct: 0 },
      schema_changes: { breaking: 'off' },
    });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual(['unique amount']);
    expect(keysWith(result, 'pass')).toEqual(expect.arrayContaining(['required amount', 'null_fraction amount', 'rows', 'row_change']));
  });

  it('custom SQL and quality metrics see the declared type: the bad values are nulls there', async () => {
    const result = await evaluate({
      columns: { amount: { type: 'number' } },
      sql: [{ name: 'mean amount', query: 'SELECT avg(amount) FROM data', min: 10, max: 40 }],
      schema_changes: { breaking: 'off' },
    });
    expect(keysWith(result, 'error')).toEqual([]);
    expect(keysWith(result, 'fail')).toEqual(['type amount']);
    expect(result.findings.find((f) => f.check === 'mean amount')?.status).toBe('pass');
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keysWith, runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/**
 * Peer compatibility with datacontract-cli: each case (a contract, its data and the verdict
 * datacontract-cli gives) is copied into a fresh git repository and checked with our rule.
 */
const root = path.resolve(import.meta.dirname, '../../../../shared/peer-cases/datacontract-cli');
const cases = existsSync(root)
  ? readdirSync(root)
      .filter((name) => existsSync(path.join(root, name, 'expected.txt')))
      .sort()
  : [];

/** What each case's expected.txt says (first word of VERDICT), and which findings must say why. */
const WHY: Record<string, string[]> = {
  '02-csv-odcs-failed-samples': ['unique id', 'pattern email', 'max amount', 'required region'],
  '03-csv-odcs-value-checks-vs-metadata-only': ['unique order_id', 'pattern email', 'min amount'],
  '04-csv-odcs-rowcount-mustbe': ['rowCount'],
  '08-csv-odcs-invalid-values-percent-fail': ['invalidValues amount'],
  '09-csv-odcs-severity-warning': ['invalidValues amount'],
  '10-csv-odcs-invalid-values-pattern-fail': ['invalidValues email'],
  '14-csv-odcs-evolution-required-column-absent': ['present population'],
  '16-parquet-odcs-evolution-range-violation': ['min population'],
};

const VERDICTS: Record<string, string> = { PASS: 'pass', FAIL: 'fail', WARNING: 'warn' };

// Without ../shared beside the clone there is nothing to compare with: say so, rather than pass quietly.
it.skipIf(cases.length > 0)(`datacontract-cli peer cases not found at ${root} (shared/ must sit beside the clone)`, () => {});

describe.skipIf(cases.length === 0)('datacontract-cli peer cases', () => {
  const fixtures: GitFixture[] = [];
  afterAll(() => {
    for (const fixture of fixtures) fixture.cleanup();
  });

  it.each(cases)('%s', async (name) => {
    const folder = path.join(root, name);
    const expectedText = readFileSync(path.join(folder, 'expected.txt'), 'utf8');
    const verdict = /VERDICT:\s+(\w+)/.exec(expectedText)?.[1] ?? '';
    const files = readdirSync(folder).filter((file) => file !== 'expected.txt');
    const contract = files.find((file) => /\.ya?ml$/.test(file));
    const data = files.find((file) => file !== contract);
    expect(contract && data).toBeTruthy();
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('case', Object.fromEntries(files.map((file) => [file, readFileSync(path.join(folder, file))])));

    const result = await runDataContract(fixture.dir, { data, contract, schema_changes: { breaking: 'off' } });

    expect(result.status, JSON.stringify(result.findings, null, 1)).toBe(VERDICTS[verdict]);
    const failing = keysWith(result, 'fail', 'warn', 'error');
    expect(failing.sort()).toEqual([...(WHY[name] ?? [])].sort());
  });
});

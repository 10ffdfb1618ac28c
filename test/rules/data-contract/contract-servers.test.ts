// A rule with only `contract:` reads the data the contract names for itself (its `type: local`
// server's path), as datacontract-cli does: peer cases laid out as in datacontract-cli's tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';

const PEERS = path.resolve(import.meta.dirname, '../../../../shared/peer-cases/datacontract-cli');
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

const rules = (contract: string) =>
  `version: 1\nrules:\n  - id: orders\n    kind: data-contract\n    contract: ${contract}\n    schema_changes: { breaking: off }\n`;

/** The peer case's contract at contracts/, its data where the contract's server says. */
function peerRepo(name: string, contractName: string, dataPath: string): GitFixture {
  const folder = path.join(PEERS, name);
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('contract and data', {
    '.github/ml-guardrails.yml': rules(`contracts/${contractName}`),
    [`contracts/${contractName}`]: readFileSync(path.join(folder, contractName)),
    [dataPath]: readFileSync(path.join(folder, 'orders.csv')),
  });
  return fixture;
}

async function check(fixture: GitFixture) {
  const run = await cliHere(['check', '--format', 'json'], fixture.dir);
  return { status: run.status, stderr: run.stderr, report: run.stdout === '' ? undefined : (JSON.parse(run.stdout) as Report) };
}

describe.skipIf(!existsSync(PEERS))('the data a contract names for itself', () => {
  it('ODCS: the first local server path is the data (datacontract-cli 04, rowCount mustBe 3 on 5 rows fails)', async () => {
    const { status, report } = await check(
      peerRepo('04-csv-odcs-rowcount-mustbe', 'datacontract.odcs.yaml', 'fixtures/diagnostics/data/orders.csv'),
    );
    expect(status).toBe(1);
    const rule = report!.rules[0]!;
    expect(rule.summary).toMatch(/fixtures\/diagnostics\/data\/orders\.csv/);
    expect(
      rule.findings
        .filter((f) => f.status === 'fail')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/rowCount|row/i);
  });

  it('DCS: servers as a mapping of names (datacontract-cli 06, SQL quality passes)', async () => {
    const { status, report } = await check(
      peerRepo('06-csv-dcs-sql-quality', 'datacontract.yaml', 'fixtures/quality-local-fallback/data/orders.csv'),
    );
    expect(report?.rules[0]?.summary).toMatch(/fixtures\/quality-local-fallback\/data\/orders\.csv/);
    expect(status).toBe(0);
  });

  it('a contract without a local server, and a rule without data, say what is missing', async () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('contract without servers', {
      '.github/ml-guardrails.yml': rules('contracts/c.odcs.yaml'),
      'contracts/c.odcs.yaml':
        'apiVersion: v3.0.2\nkind: DataContract\nid: c\nservers:\n  - server: prod\n    type: s3\n    location: s3://bucket/orders.csv\nschema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: integer\n',
    });
    const { status, report } = await check(fixture);
    expect(status).toBe(2);
    expect(report!.rules[0]!.findings[0]!.message).toMatch(
      /no `data:` and its contract contracts\/c\.odcs\.yaml names no `type: local` server with a `path`/,
    );
  });
});

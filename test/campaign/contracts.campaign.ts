// Contracts: every way a pull request might edit what a governing rule refers to, so that its
// failing data passes. Held when the verdict stays `fail` and the report lists the change.
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const RULES = `version: 1
rules:
  - id: training-data
    kind: data-contract
    data: data/t.csv
    contract: contracts/t.odcs.yaml
    schema_changes: { breaking: 'off' }
`;
const odcs = (properties: string, extra = '') => `apiVersion: v3.0.2
kind: DataContract
id: t
version: 1.0.0
status: active
${extra}schema:
  - name: t
    properties:${properties}
`;
const AGE = (options: string) => `\n      - name: age\n        logicalType: integer\n        ${options}\n`;
const STRICT = odcs(AGE('logicalTypeOptions: { maximum: 120 }'));
const BASE = {
  '.github/ml-guardrails.yml': RULES,
  'contracts/t.odcs.yaml': STRICT,
  'data/t.csv': 'id,age\n1,30\n',
  'data/other.csv': 'id,age\n1,30\n',
};
const FAILING = 'id,age\n1,30\n2,150\n';

type Edit = Record<string, string | null | { symlink: string }>;

/** [name, files the pull request writes (null deletes)] */
const EDITS: [string, Edit][] = [
  ['raise the maximum', { 'contracts/t.odcs.yaml': odcs(AGE('logicalTypeOptions: { maximum: 1000 }')) }],
  ['drop the maximum', { 'contracts/t.odcs.yaml': odcs(AGE('logicalTypeOptions: {}')) }],
  ['drop the property', { 'contracts/t.odcs.yaml': odcs(' []\n') }],
  [
    'rename the property',
    { 'contracts/t.odcs.yaml': odcs(AGE('logicalTypeOptions: { maximum: 120 }').replace('name: age', 'name: ages')) },
  ],
  ['retype it as a string', { 'contracts/t.odcs.yaml': odcs(AGE('logicalTypeOptions: { maxLength: 9 }').replace('integer', 'string')) }],
  ['delete the contract', { 'contracts/t.odcs.yaml': null }],
  ['empty the contract', { 'contracts/t.odcs.yaml': '' }],
  ['make it invalid YAML', { 'contracts/t.odcs.yaml': 'apiVersion: [\n' }],
  ['claim another ODCS version', { 'contracts/t.odcs.yaml': STRICT.replace('v3.0.2', 'v2.2.0') }],
  ['turn it into a Frictionless schema', { 'contracts/t.odcs.yaml': 'fields:\n  - name: age\n    type: integer\n' }],
  [
    'turn it into a JSON Schema',
    { 'contracts/t.odcs.yaml': '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}\n' },
  ],
  [
    'replace it with a symlink to a loose file',
    { 'contracts/loose.yaml': odcs(' []\n'), 'contracts/t.odcs.yaml': { symlink: 'loose.yaml' } },
  ],
  [
    'point servers at other data',
    {
      'contracts/t.odcs.yaml': odcs(
        AGE('logicalTypeOptions: { maximum: 120 }'),
        'servers:\n  - server: local\n    type: local\n    path: data/other.csv\n',
      ),
    },
  ],
  ['add a second schema object to pick', { 'contracts/t.odcs.yaml': `${STRICT}  - name: data\n    properties: []\n` }],
  [
    'a quality rule that always passes',
    {
      'contracts/t.odcs.yaml': odcs(
        AGE('logicalTypeOptions: {}\n        quality:\n          - type: sql\n            query: SELECT 0\n            mustBe: 0'),
      ),
    },
  ],
  [
    'point the rule at a new contract',
    { '.github/ml-guardrails.yml': RULES.replace('contracts/t.odcs.yaml', 'contracts/new.yaml'), 'contracts/new.yaml': odcs(' []\n') },
  ],
  ['point the rule at other data', { '.github/ml-guardrails.yml': RULES.replace('data/t.csv', 'data/other.csv') }],
  ['drop `contract:` from the rule', { '.github/ml-guardrails.yml': RULES.replace('    contract: contracts/t.odcs.yaml\n', '') }],
  ['delete the rule file', { '.github/ml-guardrails.yml': null }],
  [
    'an include that redefines the rule',
    {
      '.github/ml-guardrails.yml': `${RULES.replace('rules:', 'include:\n  - rules/*.yml\nrules:')}`,
      'rules/x.yml': 'rules:\n  - id: loose\n    kind: metrics\n    file: m.json\n    metrics: { a: { min: 0 } }\n',
      'm.json': '{"a": 1}\n',
    },
  ],
  ['a case-variant path', { 'Contracts/t.odcs.yaml': odcs(' []\n') }],
  [
    'a BOM and CRLF copy with the maximum raised',
    { 'contracts/t.odcs.yaml': `\ufeff${odcs(AGE('logicalTypeOptions: { maximum: 1000 }')).replaceAll('\n', '\r\n')}` },
  ],
];

async function judge(edit: Edit): Promise<{ status: number; report: Report; stderr: string }> {
  const fixture = GitFixture.init();
  try {
    fixture.commit('base', BASE);
    fixture.checkout('pr', true);
    const files: Record<string, string> = { 'data/t.csv': FAILING };
    for (const [file, value] of Object.entries(edit)) {
      if (value === null) fixture.remove(file);
      else if (typeof value === 'object') {
        fixture.remove(file);
        symlinkSync(value.symlink, path.join(fixture.dir, file));
      } else files[file] = value;
    }
    fixture.git('add', '-A');
    fixture.commit('the pull request', files);
    const run = await cliHere(['check', '--base', 'main', '--head', 'pr', '--format', 'json'], fixture.dir);
    return { status: run.status, stderr: run.stderr, report: JSON.parse(run.stdout || '{}') as Report };
  } finally {
    fixture.cleanup();
  }
}

describe('contracts: a pull request edits what judges it', () => {
  it.each(EDITS)('%s: the failing data still fails', async (_name, edit) => {
    const { status, report, stderr } = await judge(edit);
    expect(status, stderr).toBe(1);
    expect(report.rules.find((r) => r.id === 'training-data')?.status).toBe('fail');
    expect(report.ruleFile?.governing).toBe('baseline');
    // An edit of the contract or the rule file is listed for the reviewer, like any rule change.
    if ('contracts/t.odcs.yaml' in edit || '.github/ml-guardrails.yml' in edit) expect(report.ruleFile?.changes.length).toBeGreaterThan(0);
  });
});

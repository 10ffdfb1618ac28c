// The comments the layout test renders and the docs show, from real repositories through the
// real engine: the sample pull request (fixtures/sample-repo) and a small PR that breaks a
// model metric and a dataset at once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluate } from '../../src/engine.js';
import type { Report } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { VERSION } from '../../src/version.js';
import { GitFixture } from '../support/git-fixture.js';
import { copySampleRepo } from '../support/sample-repo.js';

/** The footer a workflow run gives the comment. */
export const SAMPLE_FOOTER = {
  toolVersion: VERSION,
  run: { label: 'workflow run', url: 'https://github.com/acme/penguins/actions/runs/1' },
};

export interface RenderedComment {
  report: Report;
  markdown: string;
}

export async function renderSamplePullRequest(): Promise<RenderedComment> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlg-sample-'));
  try {
    const sample = copySampleRepo(path.join(scratch, 'sample'));
    const report = await evaluate({ repoDir: sample.dir, base: sample.mainBranch, head: sample.prTip });
    return { report, markdown: renderMarkdown(report, { footer: SAMPLE_FOOTER }) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const TWO_RULES = `version: 1
rules:
  - id: fraud-model
    kind: metrics
    file: metrics/eval.json
    metrics:
      auc: { min: 0.9, max_drop: 0.005 }
      precision: { min: 0.8 }
  - id: transactions
    kind: data-contract
    data: data/transactions.csv
    columns:
      amount: { required: true, min: 0 }
      merchant: { required: true }
    drift: { columns: [amount], method: ks, max: 0.1 }
`;

function transactions(shift: number, missing: number[]): string {
  const rows = ['id,amount,merchant'];
  for (let id = 1; id <= 300; id += 1) {
    const amount = missing.includes(id) ? '' : String(10 + ((id * 37) % 90) + shift);
    rows.push(`${id},${amount},m${id % 7}`);
  }
  return `${rows.join('\n')}\n`;
}

/** main holds a good model and data; the PR's branch lowers the AUC and breaks the data. */
export async function renderTwoRuleFailure(): Promise<RenderedComment> {
  const repo = GitFixture.init();
  try {
    repo.commit('model v1', {
      '.github/ml-guardrails.yml': TWO_RULES,
      'metrics/eval.json': { auc: 0.941, precision: 0.86 },
      'data/transactions.csv': transactions(0, []),
    });
    repo.checkout('pr', true);
    const head = repo.commit('retrain on the new export', {
      'metrics/eval.json': { auc: 0.928, precision: 0.85 },
      'data/transactions.csv': transactions(25, [5, 50, 151]),
    });
    const report = await evaluate({ repoDir: repo.dir, base: 'main', head });
    return { report, markdown: renderMarkdown(report, { footer: SAMPLE_FOOTER }) };
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

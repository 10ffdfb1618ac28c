import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine.js';
import { SecretRedactor } from '../src/redact.js';
import { renderJson } from '../src/report/render-json.js';
import { renderMarkdown } from '../src/report/render-markdown.js';
import { GitFixture } from './support/git-fixture.js';

// Token-shaped (ghs_ + 36 characters), as GITHUB_TOKEN is; not a real credential.
const TOKEN = 'ghs_R3dact10nTestT0kenAbCdEfGhIjKlMn0p';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

/** Every form in which a token reached the PR comment in the hostile-input run, and more. */
const LEAKED_FORMS = [
  TOKEN,
  `https://x-access-token:${TOKEN}@github.com/acme/penguins`,
  `AUTHORIZATION: basic ${BASIC}`,
  Buffer.from(TOKEN).toString('base64'),
  encodeURIComponent(`x-access-token:${TOKEN}`),
  // The token inside a longer base64 text, at each alignment.
  Buffer.from(`a:${TOKEN}:z`).toString('base64'),
  Buffer.from(`ab:${TOKEN}`).toString('base64'),
  Buffer.from(`abc:${TOKEN}!`).toString('base64'),
];

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(BASIC);
  expect(text).not.toContain(Buffer.from(TOKEN).toString('base64').slice(0, 40));
  expect(text).not.toContain(BASIC.slice(8, 40));
}

describe('SecretRedactor', () => {
  it('redacts a token in every form it is written in, and leaves other text alone', () => {
    const redactor = new SecretRedactor().add(TOKEN);
    for (const form of LEAKED_FORMS) {
      const redacted = redactor.redactText(`before ${form} after`);
      expectNoSecret(redacted);
      expect(redacted, form).toContain('***');
      expect(redacted).toMatch(/^before .*after$/);
    }
    expect(redactor.redactText('accuracy 0.93 dropped below 0.95')).toBe('accuracy 0.93 dropped below 0.95');
    expect(redactor.secrets()).toContain(BASIC);
  });

  it('redacts anything registered (the runner mask), and ignores values too short to mask', () => {
    const redactor = new SecretRedactor().add('hunter2-db-password').add('ab');
    expect(redactor.redactText('password=hunter2-db-password; ab')).toBe('password=***; ab');
    expect(redactor.redactText(Buffer.from('pw:hunter2-db-password').toString('base64'))).toContain('***');
    expect(new SecretRedactor().redactText(TOKEN)).toBe(TOKEN);
  });

  it('redactReport redacts every string of a report, keys and nested values included, without changing the rest', () => {
    const report = { verdict: 'fail', n: 3, ok: null, rules: [{ id: 'r', findings: [{ message: `got ${BASIC}`, observed: TOKEN }] }] };
    const keyed = { [TOKEN]: 1 };
    const redactor = new SecretRedactor().add(TOKEN);
    expect(redactor.redactReport(report)).toEqual({
      verdict: 'fail',
      n: 3,
      ok: null,
      rules: [{ id: 'r', findings: [{ message: 'got ***', observed: '***' }] }],
    });
    expect(redactor.redactReport(keyed)).toEqual({ '***': 1 });
    expect(report.rules[0]?.findings[0]?.observed).toBe(TOKEN); // the input is not changed
  });

  it('a token in a CSV read by a real data-contract rule reaches the report, and no redacted output holds it', async () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    const rules = [
      'version: 1',
      'rules:',
      '  - id: leak',
      '    kind: data-contract',
      '    data: data/users.csv',
      '    columns:',
      '      note: { enum: [ok] }',
      '    sql:',
      '      - { name: first-note, query: "SELECT max(length(note)) FROM data", max: 2 }',
      '',
    ].join('\n');
    fx.commit('base', { '.github/ml-guardrails.yml': rules, 'data/users.csv': 'id,note\n1,ok\n' });
    fx.checkout('pr', true).commit('leak', {
      'data/users.csv': `id,note\n1,ok\n2,${TOKEN}\n3,AUTHORIZATION: basic ${BASIC}\n4,https://x-access-token:${TOKEN}@github.com/a/b\n`,
    });
    const report = await evaluate({ repoDir: fx.dir, base: 'main' });
    const raw = `${renderJson(report)}${renderMarkdown(report)}`;
    expect(raw).toContain(TOKEN); // the hole: the data reached the report
    const redacted = new SecretRedactor().add(TOKEN).redactReport(report);
    expect(redacted.verdict).toBe('fail');
    expectNoSecret(`${renderJson(redacted)}${renderMarkdown(redacted)}`);
    expect(renderJson(redacted)).toContain('***');
  });
});

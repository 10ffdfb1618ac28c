// A YAML error names the line to fix: the opening quote or bracket that is never closed (yaml
// itself points past the end of the file), the badly indented item itself (not the blank line
// before it), and an alias whose anchor is missing (not an "alias bomb" at line 1).
import { afterEach, describe, expect, it } from 'vitest';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

const RULE = ['version: 1', 'rules:', '  - id: model', '    kind: metrics', '    file: m.json', '    metrics:', '      auc: { min: 0.9 }'];

/** The CLI's one line for a rule file whose lines are `lines`. */
async function errorFor(lines: string[]): Promise<string> {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('rules', { '.github/ml-guardrails.yml': `${lines.join('\n')}\n`, 'm.json': { auc: 0.95 } });
  const result = await cliHere(['check'], fixture.dir);
  expect(result.status).toBe(2);
  return result.stderr;
}

const edit = (line: number, text: string) => RULE.map((l, i) => (i === line - 1 ? text : l));

describe('YAML errors are reported at the line to fix', () => {
  it('an unterminated quote: at the opening quote, not past the last line', async () => {
    expect(await errorFor(edit(5, '    file: "m.json'))).toMatch(/ml-guardrails\.yml:5:11: YAML syntax error: Missing closing "quote/);
  });

  it('an unclosed flow sequence: at its bracket, not at the next key', async () => {
    const lines = [...edit(7, '      auc: { min: 0.9 }'), '    tags: [a, b', '  - id: other'];
    expect(await errorFor(lines)).toMatch(/ml-guardrails\.yml:8:11: YAML syntax error: Flow sequence .* end with a \]/);
  });

  it('a badly indented item after a blank line: at the item, not one line early', async () => {
    const lines = [...RULE.slice(0, 6), '      auc: { min: 0.9 }', ' ', '     loss: { max: 1 }'];
    expect(await errorFor(lines)).toMatch(/ml-guardrails\.yml:9:6: YAML syntax error: All mapping items must start at the same column/);
  });

  it('an alias without its anchor: at the alias, and said as such', async () => {
    expect(await errorFor(edit(7, '      auc: *bounds'))).toMatch(
      /ml-guardrails\.yml:7:12: YAML syntax error: the alias \*bounds names no anchor \(&bounds\) written before it/,
    );
  });
});

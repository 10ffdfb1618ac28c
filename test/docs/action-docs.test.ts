import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('docs/action.md documents every input and output that action.yml declares', () => {
  const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs?: object; outputs?: object };
  const docs = readFileSync(path.join(ROOT, 'docs', 'action.md'), 'utf8');
  const names = [...Object.keys(action.inputs ?? {}), ...Object.keys(action.outputs ?? {})];
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
});

it('every page names the Action one way: ml-guardrails/ml-guardrails at this version’s tag (or a pinned commit)', () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const pages = ['README.md', ...['action.md', 'app.md', 'benchmarks.md', 'cli.md', 'rule-file.md'].map((page) => path.join('docs', page))];
  const uses = pages.flatMap((page) =>
    [...readFileSync(path.join(ROOT, page), 'utf8').matchAll(/uses: (\S*ml-guardrails\S*)/g)].map((m) => `${page}: ${m[1]}`),
  );
  expect(uses.length).toBeGreaterThan(3);
  const allowed = new RegExp(`: ml-guardrails/ml-guardrails@(v${version.replaceAll('.', '\\.')}|[0-9a-f]{40})$`);
  expect(uses.filter((use) => !allowed.test(use))).toEqual([]);
});

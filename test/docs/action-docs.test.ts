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

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JSON_SCHEMA_PATH, renderJsonSchema } from '../../src/config/json-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { defaultRuleKinds as ruleKinds } from '../../src/factory.js';
import { Repository } from '../../src/git/repository.js';
import { GitFixture } from '../support/git-fixture.js';

const root = path.resolve(import.meta.dirname, '../..');
const examplesDir = path.join(root, 'rules', 'examples');
const fixture = GitFixture.init();
afterAll(() => fixture.cleanup());

describe('rules/examples', () => {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith('.yml'));

  it('has one commented example per rule kind', () => {
    const kindsShown = new Set(
      files.flatMap((f) => [...readFileSync(path.join(examplesDir, f), 'utf8').matchAll(/kind: ([\w-]+)/g)].map((m) => m[1])),
    );
    expect([...kindsShown].sort()).toEqual(Object.keys(ruleKinds).sort());
  });

  it.each(files)('%s loads without a configuration error', async (file) => {
    fixture.write({ [`.github/${file}`]: readFileSync(path.join(examplesDir, file), 'utf8') });
    const config = await loadConfig(await (await Repository.open(fixture.dir)).workingTree(), `.github/${file}`, ruleKinds);
    expect(config.rules.length).toBeGreaterThan(0);
  });
});

describe(JSON_SCHEMA_PATH, () => {
  it('matches the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(path.join(root, JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(renderJsonSchema(ruleKinds));
  });

  it('describes every rule kind for editors', () => {
    const schema = JSON.parse(readFileSync(path.join(root, JSON_SCHEMA_PATH), 'utf8'));
    const text = JSON.stringify(schema);
    for (const kind of Object.keys(ruleKinds)) expect(text).toContain(`"const":"${kind}"`);
  });
});

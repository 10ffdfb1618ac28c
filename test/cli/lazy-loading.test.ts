import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySampleRepo } from '../support/sample-repo.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');

// Start-up is most of a small check's time (npm run bench -- startup): the binary loads only
// the code the command and the rules it runs need. What it loaded is read from a resolve hook.
describe('what the ml-guardrails binary loads', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function loadedBy(args: string[]): { status: number | null; modules: string[] } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-lazy-'));
    dirs.push(dir);
    const log = path.join(dir, 'loaded.txt');
    const hook = path.join(dir, 'record-loads.mjs');
    writeFileSync(
      hook,
      [
        "import { registerHooks } from 'node:module';",
        "import { writeFileSync } from 'node:fs';",
        'const seen = [];',
        'registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });',
        `process.on('exit', () => writeFileSync(${JSON.stringify(log)}, seen.join('\\n')));`,
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { encoding: 'utf8' });
    const root = path.resolve(import.meta.dirname, '../..');
    const modules = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => path.relative(root, new URL(url).pathname));
    return { status: result.status, modules };
  }

  it('--version loads nothing of the engine', () => {
    const { status, modules } = loadedBy(['--version']);
    expect(status).toBe(0);
    expect(modules.filter((m) => /engine|zod|yaml|config\//.test(m))).toEqual([]);
  });

  it('a metrics-only check loads the metrics evaluation and the JSON renderer, and no other kind, renderer or simple-git', () => {
    const sample = copySampleRepo(path.join(mkdtempSync(path.join(os.tmpdir(), 'mlg-lazy-repo-')), 'repo'));
    dirs.push(path.dirname(sample.dir));
    spawnSync('git', ['checkout', '-q', sample.prBranch], { cwd: sample.dir });
    const { status, modules } = loadedBy(['check', '--repo', sample.dir, '--config', 'rules/training.yml', '--format', 'json']);
    expect(status).toBe(0);
    expect(modules).toContain('lib/rules/metrics/evaluate-metrics.js');
    expect(modules).toContain('lib/report/render-json.js');
    const unwanted = /data-contract\/evaluate|duckdb|evaluate-benchmark|render-(text|markdown)|simple-git|tinyglobby|ajv/;
    expect(modules.filter((m) => unwanted.test(m))).toEqual([]);
  });
});

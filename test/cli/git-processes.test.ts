import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySampleRepo } from '../support/sample-repo.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');

// Each git process costs a start-up of its own: the binary runs git through a PATH shim that
// logs the subcommand, and the count is what the CLI asked for.
describe('git processes of one check', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('--head at the baseline commit lists its tree and opens its blob reader once, with the same report', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-git-count-'));
    dirs.push(dir);
    const sample = copySampleRepo(path.join(dir, 'repo'));
    const log = path.join(dir, 'git.log');
    const shim = path.join(dir, 'bin');
    mkdirSync(shim);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(shim, 'git'), `#!/bin/sh\necho "$1 $2" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(path.join(shim, 'git'), 0o755);
    const args = [
      BIN,
      'check',
      '--repo',
      sample.dir,
      '--config',
      'rules/training.yml',
      '--base',
      'main',
      '--head',
      'main',
      '--format',
      'json',
    ];
    const plain = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const counted = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, PATH: `${shim}:${process.env.PATH}` } });
    expect(counted.status).toBe(plain.status);
    expect(counted.stdout).toBe(plain.stdout);
    const commands = readFileSync(log, 'utf8').trim().split('\n');
    expect(commands.filter((c) => c.startsWith('ls-tree'))).toHaveLength(1);
    expect(commands.filter((c) => c === 'cat-file --batch')).toHaveLength(1);
  });
});

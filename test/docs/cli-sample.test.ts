// docs/cli.md's example runs from what a clone has: `npm run sample -- /tmp/penguins` builds the
// sample repository, and the page's own commands (git -C ... checkout, then check) give the
// verdict lines and exit codes it shows. The script never empties a folder that holds files.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it, onTestFinished } from 'vitest';
import { cliHere } from '../support/cli-here.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
const SCRIPT =
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.sample ?? '';
/** The sample script's own command, run as npm runs it (scripts/with-node24.sh only picks Node). */
const BUILD = SCRIPT.replace(/^bash scripts\/with-node24\.sh node /, '').split(' ');

function scratchFolder(): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlg-cli-sample-'));
  onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
  return scratch;
}

it("builds docs/cli.md's sample repository with `npm run sample`, and the page's commands give its verdicts", async () => {
  expect(DOC).toContain('`npm run sample -- /tmp/penguins`');
  expect(BUILD).toEqual(['--import', 'tsx', 'fixtures/sample-repo/build-sample-repo.ts']);
  const commands = [
    ...DOC.matchAll(
      /^\$ git -C \/tmp\/penguins checkout -q (\S+) && npx --no-install ml-guardrails (check --repo \/tmp\/penguins)\n([A-Z]+ {2}.*)$/gm,
    ),
  ];
  expect(commands.map((m) => m[1])).toEqual(['feature/smaller-model', 'main']);

  const repo = path.join(scratchFolder(), 'penguins');
  const built = await exec(process.execPath, [...BUILD, repo], { cwd: ROOT });
  expect(built.stdout).toContain(`The sample repository is in ${repo}:`);
  const exits: number[] = [];
  for (const [, branch, args, verdict] of commands) {
    await exec('git', ['-C', repo, 'checkout', '-q', branch!]);
    const run = await cliHere([...args!.replace('/tmp/penguins', repo).split(' ')], ROOT);
    expect(run.stdout.split('\n')[0]).toBe(verdict);
    exits.push(run.status);
  }
  expect(exits).toEqual([...DOC.matchAll(/^\$ echo \$\?\n(\d)$/gm)].map((m) => Number(m[1])).slice(0, 2));
  expect(exits).toEqual([1, 0]);
});

it('refuses a folder that holds files, and leaves them', async () => {
  const dir = path.join(scratchFolder(), 'mine');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
  const failed = await exec(process.execPath, [...BUILD, dir], { cwd: ROOT }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failed?.code).toBe(2);
  expect(failed?.stderr).toContain(`sample: ${dir} is not an empty folder`);
  expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
});

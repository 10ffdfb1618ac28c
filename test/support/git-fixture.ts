import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixture } from './fixture-cache.js';

/**
 * A real git repository in a temporary folder, for tests. Every test that needs a repository
 * builds one: nothing about git is mocked.
 */
export class GitFixture {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'mlg-test-'));
    mkdirSync(this.dir, { recursive: true });
  }

  /** `git init` with a fixed identity and `main` as the first branch (a copy of one made once per run). */
  static init(dir?: string): GitFixture {
    const fixture = new GitFixture(dir);
    copyFixture('git-init', fixture.dir, (template) => {
      const made = new GitFixture(template);
      made.git('init', '-q', '-b', 'main');
      made.git('config', 'user.email', 'tests@example.com');
      made.git('config', 'user.name', 'ml-guardrails tests');
      made.git('config', 'commit.gpgsign', 'false');
      return null;
    });
    return fixture;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  /** Writes files (path → content; objects are written as JSON) without committing. */
  write(files: Record<string, string | Buffer | object>): this {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(this.dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      const data = typeof content === 'string' || Buffer.isBuffer(content) ? content : `${JSON.stringify(content, null, 2)}\n`;
      writeFileSync(target, data);
    }
    return this;
  }

  remove(...files: string[]): this {
    for (const file of files) rmSync(path.join(this.dir, file), { recursive: true, force: true });
    return this;
  }

  /** Writes the files, commits everything, and returns the new commit's sha. */
  commit(message: string, files: Record<string, string | Buffer | object> = {}): string {
    this.write(files);
    // One shell runs the three commands: a process started from the test worker costs far more
    // than one started from a shell.
    const script = 'git add -A && git commit -q --allow-empty -m "$1" && git rev-parse HEAD';
    return execFileSync('sh', ['-c', script, 'commit', message], {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  checkout(branch: string, create = false): this {
    if (create) this.git('checkout', '-q', '-b', branch);
    else this.git('checkout', '-q', branch);
    return this;
  }

  sha(ref = 'HEAD'): string {
    return this.git('rev-parse', ref);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

  /** `git init` with a fixed identity and `main` as the first branch. */
  static init(dir?: string): GitFixture {
    const fixture = new GitFixture(dir);
    fixture.git('init', '-q', '-b', 'main');
    fixture.git('config', 'user.email', 'tests@example.com');
    fixture.git('config', 'user.name', 'ml-guardrails tests');
    fixture.git('config', 'commit.gpgsign', 'false');
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
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
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

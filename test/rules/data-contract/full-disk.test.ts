import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDataContract } from '../../support/data-contract-context.js';
import { GitFixture } from '../../support/git-fixture.js';

/**
 * A full disk while git extracts a data file is an error that names the file, not a git
 * message about streams. A real small filesystem (tmpfs) stands for the full disk; where this
 * process may not mount one (not root), the test is skipped and says so.
 */
const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'mlg-full-disk-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a full disk while extracting a data file', () => {
  it('is an input error naming the file and what to do', async () => {
    const fixture = GitFixture.init();
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},${'x'.repeat(20)}`).join('\n');
    fixture.commit('data', { 'big.csv': `id,text\n${rows}\n` });
    writeFileSync(path.join(fixture.dir, 'big.csv'), 'id,text\n1,changed\n'); // the commit must come from git
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = mountPoint;
    try {
      const result = await runDataContract(fixture.dir, { data: 'big.csv', columns: { id: { min: 0 } } }, { head: 'HEAD' });
      expect(result.status).toBe('error');
      expect(result.findings[0]).toMatchObject({ check: 'input', status: 'error', file: 'big.csv' });
      expect(result.findings[0]?.message).toMatch(/^big\.csv: no space left on the device to extract big\.csv at \S+ \(\d+ bytes\)/);
      expect(result.findings[0]?.message).toMatch(/point TMPDIR at a disk with room/);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      fixture.cleanup();
    }
  });
});

it.skipIf(mounted)('full-disk test skipped: this process may not mount a tmpfs (needs root)', () => {});

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors.js';
import type { DvcOutput } from './dvc-lock.js';

/** Metrics files are small; a larger object is not read into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The content of a DVC output from the local DVC cache (`.dvc/cache`), as `dvc metrics diff`
 * reads a revision's metrics. DVC 3 keeps an object at `files/md5/<2 hex>/<30 hex>`, DVC 2 at
 * `<2 hex>/<30 hex>`; both are tried, DVC 3's first for a `hash: md5` record. The cache folder
 * is not in git but a pull request could commit files there, so an object counts only if its
 * md5 is the one recorded at that commit: a forged baseline would need an md5 preimage.
 */
export async function readDvcCache(root: string, output: DvcOutput, side: Side): Promise<Buffer> {
  const cache = path.join(root, '.dvc', 'cache');
  const [head, rest] = [output.md5.slice(0, 2), output.md5.slice(2)];
  const candidates = [path.join(cache, 'files', 'md5', head, rest), path.join(cache, head, rest)];
  if (output.layout === 'dvc2') candidates.reverse();
  for (const candidate of candidates) {
    const bytes = await readSmallFile(candidate);
    if (bytes !== null && matchesMd5(bytes, output.md5)) return bytes;
  }
  throw new DvcCacheMiss(
    `${output.path} ${side.where} is a DVC output (md5 ${output.md5} in ${output.recordedIn}) that is not in the local DVC cache`,
    { file: output.path, hint: `run \`${fetchCommand(output, side)}\`, then ml-guardrails again` },
  );
}

/** A DVC output recorded on a side whose object the local cache lacks; the hint says what to fetch. */
export class DvcCacheMiss extends InputError {}

/** Which side an object is read for: `at abc1234` or `in the working tree`. */
export interface Side {
  where: string;
  /** The checked-out commit's own version (the working tree), which a plain `dvc fetch` gets. */
  current: boolean;
}

/**
 * The command that brings that version into the cache. `dvc fetch` reads the checkout's
 * dvc.lock, so another commit's version needs `--all-commits`; limited to the one output, it
 * downloads only the versions of this (small) file.
 */
export function fetchCommand(output: DvcOutput, side: Side): string {
  return side.current ? `dvc fetch ${output.path}` : `dvc fetch --all-commits ${output.path}`;
}

async function readSmallFile(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return null;
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

/** DVC 3 hashes the bytes; DVC 2 hashed text files with CRLF turned into LF first. */
function matchesMd5(bytes: Buffer, md5: string): boolean {
  if (createHash('md5').update(bytes).digest('hex') === md5) return true;
  const text = bytes.toString('latin1');
  if (!text.includes('\r\n')) return false;
  return (
    createHash('md5')
      .update(Buffer.from(text.replaceAll('\r\n', '\n'), 'latin1'))
      .digest('hex') === md5
  );
}

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors.js';
import type { DvcOutput } from './dvc-lock.js';

/** Metrics files are small; a larger object is not read into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The content of a DVC output from the local DVC cache (`.dvc/cache`), as `dvc metrics diff`
 * reads a revision's metrics: the object named by the recorded md5, or, for a file inside a folder
 * output, the object its folder's listing names. Null when the folder's listing has no such file.
 * The cache folder is not in git but a pull request could commit files there, so an object
 * (listings included) counts only if its md5 is the one recorded at that commit: a forged
 * baseline would need an md5 preimage.
 */
export async function readDvcCache(root: string, output: DvcOutput, side: Side): Promise<Buffer | null> {
  if (output.folder === undefined) {
    const bytes = await readObject(root, output.md5, output.layout, '');
    if (bytes !== null) return bytes;
    throw new DvcCacheMiss(
      `${output.path} ${side.where} is a DVC output (md5 ${output.md5} in ${output.recordedIn}) that is not in the local DVC cache`,
      { file: output.path, hint: `run \`${fetchCommand(output.path, side)}\`, then ml-guardrails again` },
    );
  }
  const { folder } = output;
  const fetch = `run \`${fetchCommand(folder.path, side)}\`, then ml-guardrails again`;
  const listing = await readObject(root, output.md5, output.layout, '.dir');
  if (listing === null) {
    throw new DvcCacheMiss(
      `${output.path} ${side.where} lies in the DVC folder output ${folder.path} (md5 ${output.md5}.dir in ${output.recordedIn}), whose listing is not in the local DVC cache`,
      { file: output.path, hint: fetch },
    );
  }
  const entry = listedMd5(listing, folder.relpath);
  // The folder is recorded and its listing read: a file it does not list is not there on this side.
  if (entry === null) return null;
  const bytes = await readObject(root, entry, output.layout, '');
  if (bytes !== null) return bytes;
  throw new DvcCacheMiss(
    `${output.path} ${side.where} is in the DVC folder output ${folder.path} (md5 ${entry} in its listing), but that object is not in the local DVC cache`,
    { file: output.path, hint: fetch },
  );
}

/**
 * The md5 DVC recorded for the file an output names: the output's own, or, inside a folder output,
 * the one its listing in the cache gives (a listing counts only if it matches the folder's md5).
 * Null when the cache lacks the listing or the listing lacks the file.
 */
export async function recordedFileMd5(root: string, output: DvcOutput): Promise<string | null> {
  if (output.folder === undefined) return output.md5;
  const listing = await readObject(root, output.md5, output.layout, '.dir');
  return listing === null ? null : listedMd5(listing, output.folder.relpath);
}

/** Whether a file on disk has this md5, read as a stream (a DVC output may be a large data file). */
export async function fileMatchesMd5(absolute: string, md5: string): Promise<boolean> {
  const raw = createHash('md5');
  // DVC 2 hashed text with CRLF as LF: a CR is held back until the next byte shows it is not one.
  const lf = createHash('md5');
  let heldCr = false;
  let sawCrlf = false;
  for await (const chunk of createReadStream(absolute) as AsyncIterable<Buffer>) {
    raw.update(chunk);
    let start = 0;
    if (heldCr) {
      if (chunk[0] === 0x0a) sawCrlf = true;
      else lf.update(CR);
    }
    heldCr = false;
    for (let i = chunk.indexOf(0x0d); i !== -1; i = chunk.indexOf(0x0d, i + 1)) {
      if (i === chunk.length - 1) {
        heldCr = true;
        break;
      }
      if (chunk[i + 1] === 0x0a) {
        lf.update(chunk.subarray(start, i));
        start = i + 1;
        sawCrlf = true;
      }
    }
    lf.update(chunk.subarray(start, heldCr ? chunk.length - 1 : chunk.length));
  }
  if (heldCr) lf.update(CR);
  return raw.digest('hex') === md5 || (sawCrlf && lf.digest('hex') === md5);
}

const CR = Buffer.from([0x0d]);

/**
 * An object of the cache whose md5 is `md5` (for a folder's listing, `<md5>.dir`). DVC 3 keeps it
 * at `files/md5/<2 hex>/<30 hex>`, DVC 2 at `<2 hex>/<30 hex>`; the layout the record names first.
 */
async function readObject(root: string, md5: string, layout: DvcOutput['layout'], suffix: '' | '.dir'): Promise<Buffer | null> {
  const cache = path.join(root, '.dvc', 'cache');
  const [head, rest] = [md5.slice(0, 2), `${md5.slice(2)}${suffix}`];
  const candidates = [path.join(cache, 'files', 'md5', head, rest), path.join(cache, head, rest)];
  if (layout === 'dvc2') candidates.reverse();
  for (const candidate of candidates) {
    const bytes = await readSmallFile(candidate);
    if (bytes !== null && matchesMd5(bytes, md5)) return bytes;
  }
  return null;
}

/** The md5 a folder's listing (`[{"md5": …, "relpath": …}, …]`) gives a file, or null when it lists none. */
function listedMd5(listing: Buffer, relpath: string): string | null {
  let entries: unknown;
  try {
    entries = JSON.parse(listing.toString('utf8'));
  } catch {
    entries = null;
  }
  if (!Array.isArray(entries)) return null;
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const { md5, relpath: listed } = entry as Record<string, unknown>;
    if (listed === relpath && typeof md5 === 'string' && /^[0-9a-f]{32}$/.test(md5)) return md5;
  }
  return null;
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
 * dvc.lock, so another commit's version needs `--all-commits`; limited to the one output (the
 * file, or the folder output holding it), it downloads only that output's versions.
 */
export function fetchCommand(target: string, side: Side): string {
  return side.current ? `dvc fetch ${target}` : `dvc fetch --all-commits ${target}`;
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

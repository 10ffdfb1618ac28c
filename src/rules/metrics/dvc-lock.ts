import path from 'node:path';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { parseYaml } from './read-structured.js';

/** A file that a DVC pipeline produced: recorded in dvc.lock (or a `.dvc` file) by its hash. */
export interface DvcOutput {
  /** Repository-relative path of the output. */
  path: string;
  /** The hex md5 DVC recorded, without a `.dir` suffix (folders are not read). */
  md5: string;
  /** DVC 3 records `hash: md5` and keeps the object under `files/md5/`; DVC 2 did neither. */
  layout: 'dvc3' | 'dvc2';
  /** The file that records it (`dvc.lock`, `eval/metrics.json.dvc`). */
  recordedIn: string;
  /** The stage that writes it, for `dvc fetch` (none for a `.dvc` file). */
  stage: string | null;
}

const MD5 = /^[0-9a-f]{32}$/;

/**
 * Finds the record of `file` as a DVC output on one side of the comparison: in the dvc.lock of
 * its folder or any folder above it (out paths there are relative to the lock's folder), else
 * in `<file>.dvc`. Null when DVC does not track the file there.
 */
export async function findDvcOutput(workspace: Workspace, file: string): Promise<DvcOutput | null> {
  for (let folder = path.posix.dirname(file); ; folder = path.posix.dirname(folder)) {
    const lock = folder === '.' ? 'dvc.lock' : `${folder}/dvc.lock`;
    const found = await searchRecord(workspace, lock, file);
    if (found !== null) return found;
    if (folder === '.') break;
  }
  return searchRecord(workspace, `${file}.dvc`, file);
}

async function searchRecord(workspace: Workspace, recordFile: string, file: string): Promise<DvcOutput | null> {
  const text = await workspace.readText(recordFile, INPUT_LIMITS.fileBytes);
  if (text === null) return null;
  const document = parseYaml(text, recordFile);
  const folder = path.posix.dirname(recordFile);
  const matches = (out: unknown): out is Record<string, unknown> =>
    isRecord(out) && typeof out.path === 'string' && path.posix.join(folder, out.path) === file;
  if (recordFile.endsWith('.dvc')) {
    const out = asArray(isRecord(document) ? document.outs : undefined).find(matches);
    return out === undefined ? null : toOutput(out, file, recordFile, null);
  }
  const stages = isRecord(document) && isRecord(document.stages) ? document.stages : {};
  for (const [stage, entry] of Object.entries(stages)) {
    const out = asArray(isRecord(entry) ? entry.outs : undefined).find(matches);
    if (out !== undefined) return toOutput(out, file, recordFile, stage);
  }
  return null;
}

function toOutput(out: Record<string, unknown>, file: string, recordedIn: string, stage: string | null): DvcOutput | null {
  const md5 = typeof out.md5 === 'string' ? out.md5.toLowerCase() : '';
  // A hash that is not 32 hex digits (a `.dir` listing, a cloud etag) names no file we can read;
  // checking the form also keeps the hash from steering the cache path anywhere else.
  if (!MD5.test(md5)) return null;
  return { path: file, md5, layout: out.hash === 'md5' ? 'dvc3' : 'dvc2', recordedIn, stage };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

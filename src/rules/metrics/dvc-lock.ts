import path from 'node:path';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { parseYaml } from './read-structured.js';

/** A file that a DVC pipeline produced: recorded in dvc.lock (or a `.dvc` file) by its hash. */
export interface DvcOutput {
  /** Repository-relative path of the output. */
  path: string;
  /** The hex md5 DVC recorded, without the `.dir` suffix a folder output's has. */
  md5: string;
  /**
   * Set when the file lies inside a folder output (DVCLive's `eval/`): `md5` is then the folder's,
   * and the cache's listing of that folder gives the file's own md5.
   */
  folder?: { path: string; relpath: string } | undefined;
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
  // The file itself, or a folder output that holds it (the file's own record wins).
  const outPath = (out: unknown): string | null =>
    isRecord(out) && typeof out.path === 'string' ? path.posix.normalize(path.posix.join(folder, out.path)).replace(/\/+$/, '') : null;
  const holds = (out: unknown): boolean => {
    const at = outPath(out);
    return at !== null && file.startsWith(`${at}/`);
  };
  const outsOf = (entry: unknown): unknown[] => asArray(isRecord(entry) ? entry.outs : undefined);
  const groups: [string | null, unknown[]][] = recordFile.endsWith('.dvc')
    ? [[null, outsOf(document)]]
    : Object.entries(isRecord(document) && isRecord(document.stages) ? document.stages : {}).map(([stage, entry]) => [
        stage,
        outsOf(entry),
      ]);
  for (const [stage, outs] of groups) {
    const own = outs.find((out) => outPath(out) === file);
    if (own !== undefined) return toOutput(own as Record<string, unknown>, file, recordFile, stage, undefined);
  }
  for (const [stage, outs] of groups) {
    const container = outs.find(holds);
    if (container !== undefined) {
      const at = outPath(container)!;
      return toOutput(container as Record<string, unknown>, file, recordFile, stage, { path: at, relpath: file.slice(at.length + 1) });
    }
  }
  return null;
}

function toOutput(
  out: Record<string, unknown>,
  file: string,
  recordedIn: string,
  stage: string | null,
  folder: DvcOutput['folder'],
): DvcOutput | null {
  const recorded = typeof out.md5 === 'string' ? out.md5.toLowerCase() : '';
  // A folder's hash ends in `.dir` and names its listing; anything else that is not 32 hex digits
  // (a cloud etag) names nothing we can read. Checking the form also keeps the hash from steering
  // the cache path anywhere else.
  const md5 = folder === undefined ? recorded : recorded.replace(/\.dir$/, '');
  if (!MD5.test(md5) || (folder !== undefined && !recorded.endsWith('.dir'))) return null;
  return { path: file, md5, layout: out.hash === 'md5' ? 'dvc3' : 'dvc2', recordedIn, stage, folder };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

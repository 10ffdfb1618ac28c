import { GitError } from '../errors.js';

/**
 * Refs come from the rule file (`baseline.ref`), flags and webhook payloads. Before one reaches
 * git it must be a plain ref or commit: never an option (`-…`), never refspec syntax
 * (`+src:dst`, which made `git fetch` force-update a local branch), never a revision expression
 * beyond a trailing `~N`/`^N` (so `main~1` still works). The rules of `git check-ref-format`
 * are applied here without a process per ref.
 */
const SHA = /^[0-9a-f]{7,64}$/i;
const SUFFIX = /(?:[~^]\d*)*$/;

export function isSafeRefName(ref: string): boolean {
  if (ref === '' || ref.length > 255) return false;
  if (SHA.test(ref)) return true;
  const name = ref.replace(SUFFIX, '');
  if (name === '' || name === 'HEAD') return name === 'HEAD';
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) return false;
  // check-ref-format: no control characters, space, ~ ^ : ? * [ \\, no "..", "@{", "//" or a component starting with "."
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|(^|\/)\./.test(name)) return false;
  return name !== '@';
}

/** Throws a GitError naming where the ref came from when it is not a plain ref or commit. */
export function checkRefName(ref: string, from: string): string {
  if (!isSafeRefName(ref)) {
    throw new GitError(`${from} ${JSON.stringify(ref)} is not a branch, tag or commit name`, {
      hint: 'name a branch, tag or commit (e.g. main, v1.2, 1a2b3c4); refspecs and options are not accepted',
    });
  }
  return ref;
}

/** Where this tool keeps what it fetches, apart from the user's branches and remote-tracking refs. */
export function fetchedRefName(ref: string): string {
  return `refs/ml-guardrails/fetched/${ref
    .replace(/^refs\//, '')
    .replace(/^(heads|remotes\/origin)\//, '')
    .replace(/[~^].*$/, '')}`;
}

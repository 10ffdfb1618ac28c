import path from 'node:path';
import { InputError } from '../errors.js';

/**
 * Checks a path written in a rule file and returns it as a normalized repository-relative
 * POSIX path. Rule files come from pull requests, so a path must not reach outside the
 * repository: absolute paths, `..` that climbs above the root and `.git` folders are refused.
 */
export function toRepoPath(input: string, origin?: { file?: string; line?: number }): string {
  const where = { file: origin?.file, line: origin?.line };
  if (input.trim() === '') {
    throw new InputError('an empty path was given', { ...where, hint: 'name a file inside the repository' });
  }
  const slashed = input.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    throw new InputError(`path "${input}" is absolute`, {
      ...where,
      hint: 'paths in rule files are relative to the repository root',
    });
  }
  const normalized = path.posix.normalize(slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new InputError(`path "${input}" points outside the repository`, {
      ...where,
      hint: 'paths in rule files must stay inside the repository',
    });
  }
  if (isGitMetadataPath(normalized)) {
    throw new InputError(`path "${input}" is inside a .git folder, which is never an input`, {
      ...where,
      hint: "git's own files (config, credentials, hooks) are not part of the repository's content",
    });
  }
  return normalized === '.' ? '' : normalized;
}

/**
 * Whether a repository-relative path goes through a `.git` folder (or is one), at any depth
 * and in any case: `.git/config` holds the checkout's token, and on case-insensitive disks
 * `.GIT` is the same folder. Windows also reads `.git.`, `.git ` and the short name `git~1`.
 */
export function isGitMetadataPath(relative: string): boolean {
  return relative.split('/').some((segment) => /^\.git[. ]*$/i.test(segment) || /^git~\d+$/i.test(segment));
}

/** Whether `child` (absolute) lies inside `parent` (absolute) or is it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether a pattern uses glob syntax rather than naming one path. */
export function isGlob(pattern: string): boolean {
  return /[*?[\]{}!]/.test(pattern);
}

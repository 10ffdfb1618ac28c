import picomatch from 'picomatch';
import { InputError } from '../errors.js';
import { isGitMetadataPath } from './repo-path.js';

export interface WorkspaceOptions {
  /** Files one glob or folder may match before listing it is an error (the operator's limit). */
  maxFilesPerGlob?: number | undefined;
  /**
   * Working tree only: read nothing git does not track, even by exact path. For evaluating
   * rules the pull request wrote (its own rule file shown "as it would decide"), which must not
   * name a file an earlier CI step left in the checkout.
   */
  trackedOnly?: boolean | undefined;
  /** With `trackedOnly`: which untracked files may still be read (src/untracked-inputs.ts). */
  untrackedInputs?: UntrackedInputs | undefined;
}

/**
 * Decides whether rules a pull request wrote may read one untracked file (repository path,
 * absolute real path): null when they may, else why not, for the refusal.
 */
export type UntrackedInputs = (file: string, absolute: string) => Promise<string | null>;

/**
 * The names matching a glob from a rule file, sorted. Both workspaces match the same way (the
 * working tree lists what git tracks, a commit lists its tree), so a glob means the same on
 * each side of a comparison. Dot files need a dot in the pattern; `.git` never matches, even
 * for `.g?t/*` or `**\/.[Gg]it/*`.
 */
export function matchGlob(names: readonly string[], pattern: string): string[] {
  const normalized = pattern.replaceAll('\\', '/');
  if (normalized.startsWith('/') || normalized.split('/').includes('..')) {
    throw new InputError(`glob "${pattern}" points outside the repository`, {
      hint: 'globs in rule files are relative to the repository root',
    });
  }
  const matches = picomatch(normalized, { dot: false });
  return names.filter((name) => matches(name) && !isGitMetadataPath(name)).sort();
}

/** The error for a glob or folder that matches more files than the operator allows. */
export function tooManyFiles(pattern: string, count: number, limit: number): InputError {
  return new InputError(`"${pattern}" matches ${count} files, more than the limit of ${limit} per glob`, {
    hint: 'name fewer files (a narrower glob or folder), or raise the operator limit on files per glob',
  });
}

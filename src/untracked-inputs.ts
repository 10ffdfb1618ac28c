import picomatch from 'picomatch';
import { ConfigError } from './errors.js';
import type { UntrackedInputs } from './git/glob-files.js';
import type { Workspace } from './git/workspace.js';
import { fileMatchesMd5, recordedFileMd5 } from './rules/metrics/dvc-cache.js';
import { findDvcOutput } from './rules/metrics/dvc-lock.js';

/** The operator's list of untracked files that rules a pull request wrote may read (globs). */
export const UNTRACKED_INPUTS_ENV = 'ML_GUARDRAILS_UNTRACKED_INPUTS';

/**
 * Which untracked files rules the pull request wrote (it adopts the guardrails) may read, when
 * CI wrote them before this step: those the operator lists, and DVC outputs whose content is
 * what a dvc.lock or `.dvc` file tracked at the head records. The md5 is what makes the second
 * safe: the pull request wrote that record, so it can name only content it already knew, never
 * a credentials file or cache an earlier step left. The records are read as committed at the head
 * (`committed`; null before the first commit), so an untracked dvc.lock counts for nothing.
 */
export function untrackedInputsPolicy(committed: Workspace | null, operatorGlobs: readonly string[]): UntrackedInputs {
  const listed = operatorGlobs.length === 0 ? () => false : picomatch([...operatorGlobs], { dot: true });
  return async (file, absolute) => {
    if (listed(file)) return null;
    const output = committed === null ? null : await findDvcOutput(committed, file);
    if (output === null) return NOT_RECORDED;
    const md5 = await recordedFileMd5(committed!.root, output);
    if (md5 === null) {
      return `is not tracked by git, and the listing of the DVC folder output ${output.folder?.path} (${output.recordedIn}) that would give its md5 is not in the local DVC cache`;
    }
    if (await fileMatchesMd5(absolute, md5)) return null;
    return `is not tracked by git, and its content is not what ${output.recordedIn} records (md5 ${md5}): a stale or foreign file, not this head's DVC output`;
  };
}

const NOT_RECORDED = 'is not tracked by git, and no dvc.lock or .dvc file at the head records it';

/** ML_GUARDRAILS_UNTRACKED_INPUTS: repository-relative globs, comma-, space- or newline-separated. */
export function parseUntrackedInputs(text: string | undefined): string[] {
  const globs = (text ?? '').split(/[\s,]+/).filter((glob) => glob !== '');
  for (const glob of globs) {
    const slashed = glob.replaceAll('\\', '/');
    if (slashed.startsWith('/') || slashed.split('/').includes('..')) {
      throw new ConfigError(`${UNTRACKED_INPUTS_ENV}: "${glob}" is not a path inside the repository`, {
        hint: 'list repository-relative files or globs, e.g. eval/metrics.json,reports/**/*.csv',
      });
    }
  }
  return globs;
}

import { GitError } from '../errors.js';
import type { BaselineInfo } from '../report/model.js';
import { checkRefName, fetchedRefName } from './ref-name.js';
import type { Repository } from './repository.js';

export interface BaselineRequest {
  /** The head commit the baseline is for (HEAD for the working tree). */
  headSha: string | null;
  /** `--base`: a ref whose merge-base with head is the baseline. Overrides the rule file. */
  base?: string | undefined;
  /** The rule file's `baseline.ref`: `merge-base` (default) or a ref used as it is. */
  configRef?: string | undefined;
  /**
   * What the change targets, to take the merge-base with when neither `base` nor `baseline.ref`
   * says otherwise: the PR's base commit or branch, given by the door. Default: the default branch.
   */
  target?: string | undefined;
  /** How the report names `base`, e.g. "main (the base input)"; default "REF (--base)". */
  baseLabel?: string | undefined;
  /** How the report names `target`, e.g. "main at 1a2b3c4 (the pull request's base)". */
  targetLabel?: string | undefined;
  /** Told of every fetch and deepening, so a user's clone never changes silently (CLI: stderr). */
  notice?: ((message: string) => void) | undefined;
}

const MERGE_BASE = 'merge-base';
/** How far a shallow clone is deepened, step by step, before giving up on a merge-base. */
const DEEPEN_STEPS = [50, 500];

/**
 * Chooses the baseline commit and says how, in words a reviewer can check. Throws GitError
 * only for a ref the user named that does not exist; a baseline that cannot be found is
 * reported as `method: 'none'` so that each rule applies its `on_missing` policy.
 */
export async function resolveBaseline(repo: Repository, request: BaselineRequest): Promise<BaselineInfo> {
  const configRef = request.configRef ?? MERGE_BASE;
  const notice = request.notice ?? (() => {});
  if (request.base !== undefined) checkRefName(request.base, '--base');
  if (request.target !== undefined) checkRefName(request.target, 'the target branch');
  if (request.base === undefined && configRef !== MERGE_BASE) {
    checkRefName(configRef, 'baseline.ref');
    const sha = await resolveOrFetch(repo, configRef, notice);
    if (sha === null) {
      throw new GitError(`baseline ref "${configRef}" does not exist in this repository${await shallowNote(repo)}`, {
        hint: 'set baseline.ref to a branch, tag or commit that exists, or fetch it first',
      });
    }
    return { sha, method: 'ref', description: `baseline.ref "${configRef}" from the rule file` };
  }

  if (request.headSha === null) {
    return { sha: null, method: 'none', description: 'no baseline: the repository has no commits yet' };
  }

  const target = request.base ?? request.target ?? (await findDefaultBranch(repo));
  const source = request.base !== undefined ? '--base' : request.target !== undefined ? 'the target branch' : 'the default branch';
  const label = request.base !== undefined ? request.baseLabel : request.target !== undefined ? request.targetLabel : undefined;
  if (target === null) {
    return {
      sha: null,
      method: 'none',
      description: 'no baseline: no default branch was found (no origin/HEAD, main or master; --base names one)',
    };
  }
  const targetSha = await resolveOrFetch(repo, target, notice);
  if (targetSha === null) {
    if (request.base !== undefined) {
      throw new GitError(`base ref "${target}" does not exist in this repository${await shallowNote(repo)}`, {
        hint: 'pass --base a branch, tag or commit that exists, or fetch it first',
      });
    }
    return { sha: null, method: 'none', description: `no baseline: ${source} "${target}" could not be found` };
  }

  const mergeBase = await findMergeBase(repo, targetSha, request.headSha, notice);
  if (mergeBase === null) {
    return {
      sha: null,
      method: 'none',
      description: `no baseline: "${target}" and HEAD share no history${(await repo.isShallow()) ? ' in this shallow clone (fetch more history, e.g. fetch-depth: 0)' : ''}`,
    };
  }
  const same = mergeBase === request.headSha ? ' (head is already on it)' : '';
  return {
    sha: mergeBase,
    method: 'merge-base',
    description: `merge-base of ${label ?? `${target} (${source})`} and ${request.headSha.slice(0, 7)}${same}`,
  };
}

/** origin's HEAD, else the usual default branch names, remote before local. */
async function findDefaultBranch(repo: Repository): Promise<string | null> {
  const candidates: [string, string][] = [
    ['refs/remotes/origin/main', 'origin/main'],
    ['refs/remotes/origin/master', 'origin/master'],
    ['refs/heads/main', 'main'],
    ['refs/heads/master', 'master'],
  ];
  const existing = await repo.existingRefs(['refs/remotes/origin/HEAD', ...candidates.map(([ref]) => ref)]);
  const originHead = existing.get('refs/remotes/origin/HEAD');
  if (originHead !== undefined && originHead !== '') return originHead;
  return candidates.find(([ref]) => existing.has(ref))?.[1] ?? null;
}

/**
 * Resolves a ref, fetching it from origin first when a CI checkout does not have it yet. What is
 * fetched lands under refs/ml-guardrails/ (see fetchedRefName): never in the user's branches or
 * remote-tracking refs, whatever the ref says.
 */
async function resolveOrFetch(repo: Repository, ref: string, notice: (message: string) => void): Promise<string | null> {
  const local = await repo.resolveCommit(ref);
  if (local !== null) return local;
  if (!(await repo.remotes()).includes('origin')) return null;
  const own = fetchedRefName(ref);
  const name = ref.replace(/^origin\//, '').replace(/[~^].*$/, '');
  const suffix = ref.slice(ref.replace(/(?:[~^]\d*)*$/, '').length);
  notice(`fetching ${ref} from origin into ${own} (it is not in this clone)`);
  const fetched = (await repo.fetch(['origin', `+refs/heads/${name}:${own}`])) || (await repo.fetch(['origin', `+${name}:${own}`]));
  if (!fetched) {
    notice(`could not fetch ${ref} from origin`);
    return null;
  }
  const sha = await repo.resolveCommit(`${own}${suffix}`);
  if (sha !== null) await repo.completeCommit(sha);
  return sha;
}

/** The merge-base, deepening a shallow clone step by step until it appears. */
async function findMergeBase(repo: Repository, a: string, b: string, notice: (message: string) => void): Promise<string | null> {
  const found = await repo.mergeBase(a, b);
  if (found !== null || !(await repo.isShallow())) return found;
  if (!(await repo.remotes()).includes('origin')) return null;
  for (const depth of DEEPEN_STEPS) {
    notice(`shallow clone: fetching ${depth} more commits from origin to find the merge-base`);
    await repo.fetch([`--deepen=${depth}`, 'origin', a, b]);
    const deepened = await repo.mergeBase(a, b);
    if (deepened !== null) return deepened;
  }
  notice('shallow clone: fetching the whole history from origin (--unshallow) to find the merge-base');
  await repo.fetch(['--unshallow', 'origin']);
  return repo.mergeBase(a, b);
}

/** For "does not exist" messages: a shallow clone may simply not have the commit yet. */
async function shallowNote(repo: Repository): Promise<string> {
  if (!(await repo.isShallow())) return '';
  const remote = (await repo.remotes()).includes('origin')
    ? ' and fetching it from origin failed'
    : ' and it has no origin remote to fetch from';
  return ` (this clone is shallow${remote}; fetch more history, e.g. \`git fetch --unshallow\`, or use fetch-depth: 0)`;
}

import { ConfigError } from '../errors.js';
import type { Workspace } from '../git/workspace.js';
import type { RuleKinds } from '../rules/types.js';
import { type LoadedConfig, type LoadedRule, loadConfig } from './load-config.js';

/**
 * `extends: <owner>/<repo>:<path>`: an organization's shared rules (its `.github` repository),
 * read at that repository's default branch through whatever the door has (the App's or the
 * Action's token). The repository's own rules add to them or replace them by id.
 */
export type ReadSharedFile = (owner: string, repo: string, path: string) => Promise<string | null>;

export interface ExtendsTarget {
  owner: string;
  repo: string;
  path: string;
  /** `acme/.github`: how reports name where the rules came from. */
  origin: string;
}

export interface SharedRules {
  target: ExtendsTarget;
  rules: LoadedRule[];
}

/** Where a rule file's `extends:` is written, for errors that point at it. */
export interface ExtendsOrigin {
  file?: string | undefined;
  line?: number | undefined;
}

export function parseExtends(spec: string, at: ExtendsOrigin = {}): ExtendsTarget {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):(\S+)$/.exec(spec.trim());
  if (match === null)
    throw new ConfigError(`extends: "${spec}" is not <owner>/<repo>:<path>`, { ...at, hint: 'e.g. `acme/.github:ml-guardrails.yml`' });
  const [, owner = '', repo = '', path = ''] = match;
  if (isDotSegment(owner) || isDotSegment(repo)) {
    throw new ConfigError(`extends: "${spec}" does not name a repository`, { ...at, hint: 'e.g. `acme/.github:ml-guardrails.yml`' });
  }
  checkSharedPath(path, spec, at);
  return { owner, repo, path, origin: `${owner}/${repo}` };
}

/**
 * A shared path is sent to GitHub as written, so it is refused here, not answered with a 500:
 * `.`/`..` or empty segments, absolute paths, backslashes and percent-encoding.
 */
function checkSharedPath(path: string, spec: string, at: ExtendsOrigin): void {
  const reason = path.startsWith('/')
    ? 'is absolute'
    : path.includes('\\')
      ? 'has a backslash'
      : path.includes('%')
        ? 'is percent-encoded'
        : path.split('/').some((segment) => segment === '' || isDotSegment(segment))
          ? 'has an empty, `.` or `..` segment'
          : undefined;
  if (reason === undefined) return;
  throw new ConfigError(`extends: the path in "${spec}" ${reason}`, {
    ...at,
    hint: 'name the shared file by its plain path from the root of that repository, e.g. `acme/.github:ml-guardrails.yml`',
  });
}

function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}

/**
 * Reads and validates the shared rule file (and plain-path includes in the same repository)
 * with the same loader as the repository's own. Its rules' sources name the shared repository,
 * so annotations and reports point at where a rule is really written. A shared file's own
 * `extends:` is not followed (one level, so no cycles across repositories).
 */
export async function loadSharedRules(
  spec: string,
  readFile: ReadSharedFile,
  kinds: RuleKinds,
  at: ExtendsOrigin = {},
): Promise<SharedRules> {
  const target = parseExtends(spec, at);
  const workspace = sharedWorkspace(target, readFile);
  if (!(await workspace.exists(target.path))) {
    throw new ConfigError(`extends: ${target.origin} has no ${target.path} on its default branch (or it cannot be read)`, {
      ...at,
      hint: `check the path, and that the token can read ${target.origin}`,
    });
  }
  let config: LoadedConfig;
  try {
    config = await loadConfig(workspace, target.path, kinds);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(`in the shared rules ${target.origin}:${error.file ?? target.path}: ${error.message}`, {
        line: error.line,
        hint: error.hint,
      });
    }
    throw error;
  }
  const rules = config.rules.map((rule) => ({ ...rule, source: { ...rule.source, file: `${target.origin}:${rule.source.file}` } }));
  return { target, rules };
}

/** Shared rules first, each replaced by the repository's own rule of the same id; then the repository's other rules. */
export function mergeRulesById(shared: readonly LoadedRule[], own: readonly LoadedRule[]): { rules: LoadedRule[]; fromShared: number } {
  const ownById = new Map(own.map((rule) => [rule.id, rule]));
  const merged: LoadedRule[] = [];
  let fromShared = 0;
  for (const rule of shared) {
    const override = ownById.get(rule.id);
    if (override === undefined) fromShared += 1;
    merged.push(override ?? rule);
    ownById.delete(rule.id);
  }
  for (const rule of own) if (ownById.has(rule.id)) merged.push(rule);
  return { rules: merged, fromShared };
}

export interface ExtendedConfig {
  config: LoadedConfig;
  /** Present when `extends:` brought rules in: for the report's "3 rules from acme/.github". */
  shared?: { origin: string; file: string; count: number; label: string } | undefined;
}

/**
 * Who wrote the rule file whose `extends:` is followed. A file the change wrote (an adopting pull
 * request's, or the head's shown beside the baseline's) may read only what the organization
 * designates, and learns nothing from a shared file that does not load.
 */
export interface ExtendsPolicy {
  writtenByChange: boolean;
  /** `owner/name` repositories such a file may extend: the owner's `.github` and the operator's list. */
  allow: readonly string[];
}

/** The operator's list (`acme/shared-rules, acme/.github`): comma- or space-separated `owner/name`. */
export function parseExtendsAllow(text: string | undefined, name: string): string[] {
  const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    const [owner = '', repo = '', extra] = entry.split('/');
    if (
      extra !== undefined ||
      !/^[A-Za-z0-9_.-]+$/.test(owner) ||
      !/^[A-Za-z0-9_.-]+$/.test(repo) ||
      isDotSegment(owner) ||
      isDotSegment(repo)
    ) {
      throw new ConfigError(`${name}: "${entry}" is not <owner>/<repo>`, { hint: 'e.g. acme/shared-rules,acme/.github' });
    }
  }
  return entries;
}

/**
 * The engine's hook: the governing rule file with its `extends:` resolved (one call after
 * loadConfig). Without a reader (a door with no GitHub access) an `extends:` is a ConfigError
 * that says what is needed, never silently ignored.
 */
export async function applyExtends(
  config: LoadedConfig,
  readFile: ReadSharedFile | undefined,
  kinds: RuleKinds,
  policy: ExtendsPolicy,
): Promise<ExtendedConfig> {
  if (config.extends === undefined) return { config };
  const at = { file: config.file, line: config.extendsLine };
  const target = parseExtends(config.extends, at);
  if (policy.writtenByChange && !policy.allow.some((entry) => entry.toLowerCase() === target.origin.toLowerCase())) {
    throw new ConfigError(
      `extends: ${config.extends} is not a repository this change may extend (allowed: ${policy.allow.join(', ') || 'none'})`,
      {
        ...at,
        hint: "rules written by a pull request extend only what the organization designates: the owner's .github repository, or a list the operator sets (ML_GUARDRAILS_EXTENDS_ALLOW)",
      },
    );
  }
  if (readFile === undefined) {
    throw new ConfigError(`extends: ${config.extends} needs GitHub access to read the shared rules`, {
      ...at,
      hint: 'the App and the Action read it with their token; for the CLI, set GITHUB_TOKEN to a token that can read that repository',
    });
  }
  const shared = policy.writtenByChange
    ? await loadOpaquely(config.extends, readFile, kinds, at)
    : await loadSharedRules(config.extends, readFile, kinds, at);
  const { rules, fromShared } = mergeRulesById(shared.rules, config.rules);
  return {
    config: { ...config, rules },
    shared: {
      origin: shared.target.origin,
      file: shared.target.path,
      count: fromShared,
      label: describeShared(fromShared, shared.target.origin),
    },
  };
}

/**
 * For rules the change wrote: a missing, unreadable or invalid shared file all give one message
 * with nothing of its content (values, keys, rule ids, lines), so the answer is no oracle.
 */
async function loadOpaquely(spec: string, readFile: ReadSharedFile, kinds: RuleKinds, at: ExtendsOrigin): Promise<SharedRules> {
  const target = parseExtends(spec, at);
  try {
    return await loadSharedRules(spec, readFile, kinds);
  } catch {
    throw new ConfigError(`extends: the shared rules ${target.origin}:${target.path} do not load`, {
      ...at,
      hint: `missing, unreadable and invalid shared files are not told apart to rules a pull request wrote; the baseline's rules, once merged, get the full message`,
    });
  }
}

/** "3 rules from acme/.github": the line reports show. */
export function describeShared(count: number, origin: string): string {
  return `${count} rule${count === 1 ? '' : 's'} from ${origin}`;
}

/** A read-only view of one remote repository's files, cached, for the rule-file loader. */
function sharedWorkspace(target: ExtendsTarget, readFile: ReadSharedFile): Workspace {
  const cache = new Map<string, Promise<string | null>>();
  const read = (path: string) => {
    const key = path.replace(/^\/+/, '');
    checkSharedPath(key, `${target.origin}:${path}`, {});
    let found = cache.get(key);
    if (found === undefined) {
      found = readFile(target.owner, target.repo, key);
      cache.set(key, found);
    }
    return found;
  };
  const unsupported = (what: string) => () => {
    throw new ConfigError(`shared rules in ${target.origin} cannot ${what}`, { hint: 'include plain file paths only' });
  };
  return {
    label: `${target.origin} (default branch)`,
    sha: null,
    root: `/${target.origin}`,
    readText: read,
    readBytes: async (path) => {
      const text = await read(path);
      return text === null ? null : Buffer.from(text, 'utf8');
    },
    exists: async (path) => (await read(path)) !== null,
    isDirectory: async () => false,
    listFiles: async (pattern) => {
      if (/[*?[{]/.test(pattern)) unsupported('include globs')();
      return (await read(pattern)) === null ? [] : [pattern];
    },
    localPath: unsupported('be read from disk'),
    dispose: async () => {},
  };
}

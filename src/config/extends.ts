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

export function parseExtends(spec: string): ExtendsTarget {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):(\S+)$/.exec(spec.trim());
  if (match === null)
    throw new ConfigError(`extends: "${spec}" is not <owner>/<repo>:<path>`, { hint: 'e.g. `acme/.github:ml-guardrails.yml`' });
  const [, owner = '', repo = '', path = ''] = match;
  return { owner, repo, path: path.replace(/^\/+/, ''), origin: `${owner}/${repo}` };
}

/**
 * Reads and validates the shared rule file (and plain-path includes in the same repository)
 * with the same loader as the repository's own. Its rules' sources name the shared repository,
 * so annotations and reports point at where a rule is really written. A shared file's own
 * `extends:` is not followed (one level, so no cycles across repositories).
 */
export async function loadSharedRules(spec: string, readFile: ReadSharedFile, kinds: RuleKinds): Promise<SharedRules> {
  const target = parseExtends(spec);
  const workspace = sharedWorkspace(target, readFile);
  if (!(await workspace.exists(target.path))) {
    throw new ConfigError(`extends: ${target.origin} has no ${target.path} on its default branch (or it cannot be read)`, {
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
 * The engine's hook: the governing rule file with its `extends:` resolved (one call after
 * loadConfig). Without a reader (a door with no GitHub access) an `extends:` is a ConfigError
 * that says what is needed, never silently ignored.
 */
export async function applyExtends(config: LoadedConfig, readFile: ReadSharedFile | undefined, kinds: RuleKinds): Promise<ExtendedConfig> {
  if (config.extends === undefined) return { config };
  if (readFile === undefined) {
    throw new ConfigError(`extends: ${config.extends} needs GitHub access to read the shared rules`, {
      file: config.file,
      hint: 'the App and the Action read it with their token; for the CLI, set GITHUB_TOKEN to a token that can read that repository',
    });
  }
  const shared = await loadSharedRules(config.extends, readFile, kinds);
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

/** "3 rules from acme/.github": the line reports show. */
export function describeShared(count: number, origin: string): string {
  return `${count} rule${count === 1 ? '' : 's'} from ${origin}`;
}

/** A read-only view of one remote repository's files, cached, for the rule-file loader. */
function sharedWorkspace(target: ExtendsTarget, readFile: ReadSharedFile): Workspace {
  const cache = new Map<string, Promise<string | null>>();
  const read = (path: string) => {
    const key = path.replace(/^\/+/, '');
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

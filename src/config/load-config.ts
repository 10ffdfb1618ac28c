import type { z } from 'zod';
import { closestMatch } from '../did-you-mean.js';
import { ConfigError, ConfigErrorList } from '../errors.js';
import { isGlob, toRepoPath } from '../git/repo-path.js';
import type { Workspace } from '../git/workspace.js';
import type { AcceptancePolicy, OnMissing, RuleSource, Severity } from '../report/model.js';
import { kindNames, type RuleCommon, type RuleKinds } from '../rules/types.js';
import { type DeployConfig, includedFileSchema, mainFileSchema, ruleSchemaFor } from './schema.js';
import { YamlSource } from './yaml-source.js';
import { toConfigErrors } from './zod-issues.js';

export const DEFAULT_CONFIG_PATHS = ['.github/ml-guardrails.yml', '.github/ml-guardrails.yaml'];

export interface LoadedRule extends RuleCommon {
  /** Every field of the rule as parsed by its kind's schema (defaults applied). */
  options: Record<string, unknown>;
  source: RuleSource;
}

export interface LoadedConfig {
  /** The main rule file, repository-relative. */
  file: string;
  /** The main file and every included file, in the order they were read. */
  files: string[];
  baselineRef: string;
  /** `extends:` as written: shared rules from an organization's `.github` repository. */
  extends?: string | undefined;
  /** The line of `extends:` in the main file, for errors that point at it. */
  extendsLine?: number | undefined;
  rules: LoadedRule[];
  deploy?: DeployConfig | undefined;
  acceptance?: AcceptancePolicy | undefined;
}

/**
 * Reads the rule file (and the files it includes) from a workspace and validates every rule
 * against its kind's schema. Throws ConfigError(s) that point at file:line:column.
 */
export async function loadConfig(workspace: Workspace, configPath: string | undefined, kinds: RuleKinds): Promise<LoadedConfig> {
  const file = await findConfigFile(workspace, configPath);
  const main = await readYaml(workspace, file);
  const top = parseWith(mainFileSchema, main);
  const defaults = top.defaults ?? {};
  const errors: ConfigError[] = [];
  const rules: LoadedRule[] = [];
  const files: string[] = [];

  const visit = async (source: YamlSource, rawRules: unknown[] | undefined, include: string[] | undefined, chain: string[]) => {
    files.push(source.file);
    (rawRules ?? []).forEach((raw, index) => {
      const rule = parseRule(source, raw, index, defaults, kinds, errors);
      if (rule !== undefined) rules.push(rule);
    });
    for (const [index, pattern] of (include ?? []).entries()) {
      for (const included of await resolveInclude(workspace, source, pattern, index)) {
        if (chain.includes(included)) {
          const position = source.locate(['include', index]);
          throw new ConfigError(`include cycle: ${[...chain, included].join(' → ')}`, {
            file: source.file,
            ...position,
            hint: 'remove one of the includes so that no file includes itself',
          });
        }
        if (files.includes(included)) continue; // included twice through different paths: read once
        const child = await readYaml(workspace, included);
        const parsed = parseWith(includedFileSchema, child);
        await visit(child, parsed.rules, parsed.include, [...chain, included]);
      }
    }
  };
  await visit(main, top.rules, top.include, [file]);

  if (errors.length > 0) throw errors.length === 1 ? errors[0]! : new ConfigErrorList(errors);
  checkDuplicateIds(rules);
  if (rules.length === 0) {
    throw new ConfigError('the rule file defines no rules', {
      file,
      line: 1,
      hint: 'add a `rules:` list (see rules/ in ml-guardrails for examples)',
    });
  }
  const extendsLine = top.extends === undefined ? undefined : main.locate(['extends']).line;
  return {
    file,
    files,
    baselineRef: top.baseline?.ref ?? 'merge-base',
    extends: top.extends,
    extendsLine,
    rules,
    deploy: top.deploy,
    acceptance: top.acceptance,
  };
}

/** The rule file is absent (as opposed to present and invalid): a repository that has not opted in. */
export class MissingRuleFileError extends ConfigError {}

async function findConfigFile(workspace: Workspace, configPath: string | undefined): Promise<string> {
  const where = workspace.sha !== null && workspace.label !== 'working tree' ? `at commit ${workspace.label}` : 'in the working tree';
  if (configPath !== undefined) {
    const file = toRepoPath(configPath);
    if (!(await workspace.exists(file))) {
      throw new MissingRuleFileError(`no rule file ${where}: ${file} does not exist`, {
        hint: '--config names a file inside the repository, relative to its root',
      });
    }
    return file;
  }
  for (const candidate of DEFAULT_CONFIG_PATHS) {
    if (await workspace.exists(candidate)) return candidate;
  }
  throw new MissingRuleFileError(`no rule file ${where}: ${DEFAULT_CONFIG_PATHS[0]} does not exist`, {
    hint: `create ${DEFAULT_CONFIG_PATHS[0]} (https://github.com/ml-guardrails/ml-guardrails/blob/main/docs/rule-file.md shows one), or pass --config with the path of a rule file inside the repository`,
  });
}

async function readYaml(workspace: Workspace, file: string): Promise<YamlSource> {
  const text = await workspace.readText(file);
  if (text === null) throw new ConfigError(`rule file not found: ${file}`, { file });
  const source = YamlSource.parse(file, text);
  if (source.data === null || source.data === undefined) {
    throw new ConfigError('the rule file is empty', { file, line: 1, hint: 'start it with `version: 1` and a `rules:` list' });
  }
  if (typeof source.data !== 'object' || Array.isArray(source.data)) {
    throw new ConfigError('the rule file must be a mapping with `version:` and `rules:`', { file, line: 1 });
  }
  return source;
}

function parseWith<S extends z.ZodType>(schema: S, source: YamlSource): z.output<S> {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  const errors = toConfigErrors(result.error.issues, source, schema);
  throw errors.length === 1 ? errors[0]! : new ConfigErrorList(errors);
}

function parseRule(
  source: YamlSource,
  raw: unknown,
  index: number,
  defaults: { severity?: Severity | undefined; on_missing?: OnMissing | undefined },
  kinds: RuleKinds,
  errors: ConfigError[],
): LoadedRule | undefined {
  const path = ['rules', index];
  const position = source.locate(path);
  const at = { file: source.file, line: position.line, column: position.column };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push(new ConfigError('each rule must be a mapping with `id` and `kind`', at));
    return undefined;
  }
  const kindName = (raw as Record<string, unknown>).kind;
  const kind = typeof kindName === 'string' && Object.hasOwn(kinds, kindName) ? kinds[kindName] : undefined;
  if (kind === undefined) {
    const known = kindNames(kinds);
    const suggestion = typeof kindName === 'string' ? closestMatch(kindName, known) : undefined;
    const kindAt = source.locate([...path, 'kind']);
    errors.push(
      new ConfigError(kindName === undefined ? 'the rule has no `kind`' : `unknown rule kind ${JSON.stringify(kindName)}`, {
        ...at,
        line: kindAt.line,
        column: kindAt.column,
        hint: `${suggestion !== undefined ? `did you mean \`${suggestion}\`? ` : ''}known kinds: ${known.join(', ')}`,
      }),
    );
    return undefined;
  }
  const schema = ruleSchemaFor(kind);
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    errors.push(...toConfigErrors(result.error.issues, source, schema, path));
    return undefined;
  }
  const { id, severity, on_missing, description } = result.data as {
    id: string;
    severity?: Severity;
    on_missing?: OnMissing;
    description?: string;
  };
  return {
    id,
    kind: kind.kind,
    severity: severity ?? defaults.severity ?? 'error',
    on_missing: on_missing ?? defaults.on_missing ?? 'fail',
    description,
    options: result.data as Record<string, unknown>,
    source: { file: source.file, line: position.line },
  };
}

async function resolveInclude(workspace: Workspace, source: YamlSource, pattern: string, index: number): Promise<string[]> {
  const position = source.locate(['include', index]);
  const at = { file: source.file, line: position.line, column: position.column };
  let files: string[];
  try {
    files = isGlob(pattern) ? await workspace.listFiles(pattern) : [toRepoPath(pattern)];
  } catch (error) {
    throw new ConfigError(`include "${pattern}" is not a path inside the repository`, { ...at, cause: error });
  }
  const existing: string[] = [];
  for (const file of files) if (await workspace.exists(file)) existing.push(file);
  if (existing.length === 0) {
    throw new ConfigError(`include "${pattern}" matches no file`, {
      ...at,
      hint: 'include paths and globs are relative to the repository root',
    });
  }
  return existing;
}

function checkDuplicateIds(rules: LoadedRule[]): void {
  const seen = new Map<string, RuleSource>();
  for (const rule of rules) {
    const first = seen.get(rule.id);
    if (first !== undefined) {
      throw new ConfigError(`duplicate rule id "${rule.id}" (first declared at ${first.file}:${first.line})`, {
        file: rule.source.file,
        line: rule.source.line,
        hint: 'give every rule a unique id',
      });
    }
    seen.set(rule.id, rule.source);
  }
}

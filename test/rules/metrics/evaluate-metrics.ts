import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { Repository } from '../../../src/git/repository.js';
import type { Workspace } from '../../../src/git/workspace.js';
import type { Finding, OnMissing } from '../../../src/report/model.js';
import type { RuleOutcome } from '../../../src/rules/types.js';
import { GitFixture } from '../../support/git-fixture.js';
import { runRule } from '../../support/rule-context.js';

export type Files = Record<string, string | Buffer | object>;

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/outputs/metrics');

/** The files of a folder under fixtures/outputs/metrics, keyed by their path inside it. */
export function readFixture(folder: string, prefix = ''): Files {
  const root = path.join(FIXTURES, folder);
  const files: Files = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files[path.posix.join(prefix, path.relative(root, absolute).split(path.sep).join('/'))] = readFileSync(absolute);
  }
  return files;
}

export interface MetricsRun {
  /** The rule's own options, as written in the rule file. */
  rule: Record<string, unknown>;
  /** Files committed as the baseline; null for a run without a baseline workspace. */
  base: Files | null;
  /** Every file of the head side (files of the base that are not listed are removed). */
  head: Files;
  /** Read the head from a commit on a branch instead of the working tree. */
  headAsCommit?: boolean;
  on_missing?: OnMissing;
  signal?: AbortSignal;
}

export interface MetricsResult extends RuleOutcome {
  /** The one finding for a check (and subject); fails the test when there is not exactly one. */
  only(check: string, subject?: string): Finding;
  head: Workspace;
}

/** Builds a real git repository for the run, parses the options as the config loader does, and evaluates. */
export async function evaluateMetrics(run: MetricsRun): Promise<MetricsResult> {
  const fixture = GitFixture.init();
  // Removed when the test that asked for it finishes (not by a module-level hook: this module
  // is imported once per worker, which may run several test files).
  onTestFinished(() => fixture.cleanup());
  const baseSha = fixture.commit('baseline', run.base ?? {});
  fixture.remove(...Object.keys(run.base ?? {}));
  fixture.write(run.head);
  if (run.headAsCommit === true) {
    fixture.checkout('feature', true);
    fixture.commit('head');
  }
  const repo = await Repository.open(fixture.dir);
  const head = run.headAsCommit === true ? repo.commitWorkspace(fixture.sha()) : await repo.workingTree();
  const baseline = run.base === null ? null : repo.commitWorkspace(baseSha);
  try {
    const outcome = await runRule('metrics', run.rule, { head, baseline, on_missing: run.on_missing, signal: run.signal });
    return {
      ...outcome,
      head,
      only(check, subject) {
        const found = outcome.findings.filter((f) => f.check === check && (subject === undefined || f.subject === subject));
        if (found.length !== 1) {
          throw new Error(
            `expected one ${check} finding for ${subject ?? 'any subject'}, got ${found.length}: ${JSON.stringify(outcome.findings, null, 2)}`,
          );
        }
        return found[0] as Finding;
      },
    };
  } finally {
    await head.dispose();
    await baseline?.dispose();
  }
}

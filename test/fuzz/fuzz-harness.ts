import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../../src/engine.js';
import { GuardrailsError } from '../../src/errors.js';
import type { Report } from '../../src/report/model.js';
import { GitFixture } from '../support/git-fixture.js';
import { generateMetricsFile, generateRows } from './generate-inputs.js';
import { type GeneratedCase, generateCase } from './generate-rules.js';
import { Random } from './random.js';

/** Longer than any honest case takes on a loaded 2-core machine; a hang never ends at all. */
export const CASE_TIMEOUT_MS = 60_000;

export interface Defect {
  seed: number;
  kind: 'crash' | 'hang' | 'internal error' | 'no file named';
  detail: string;
}

export interface FuzzTally {
  cases: number;
  ruleFiles: number;
  metricsFiles: number;
  dataRows: number;
  dataContractCases: number;
  reports: number;
  refused: number;
  defects: Defect[];
}

/**
 * One real repository reused for every case: the base commit holds metrics (so baseline checks
 * run) and no rule file (so the head's generated rule file governs, as for an adopting PR);
 * each case rewrites the working tree and calls the engine.
 */
export class FuzzRepo {
  readonly fixture: GitFixture;

  constructor() {
    this.fixture = GitFixture.init();
    this.fixture.commit('base', {
      'metrics/m1.json': { accuracy: 0.9, f1: 0.8, slices: { a: { accuracy: 0.9 }, b: { accuracy: 0.85 } } },
      'metrics/m2.yaml': 'accuracy: 0.9\nloss: 0.2\n',
      'metrics/m3.csv': 'name,value\naccuracy,0.9\n',
      'data/rows.csv': 'id,age,label,note\n1,30,0,a\n2,40,1,b\n',
    });
    this.fixture.checkout('pr', true);
    // Hostile file-system entries a rule may name: a FIFO, a link into .git, a link loop.
    execFileSync('mkfifo', [path.join(this.fixture.dir, 'fifo.json')]);
    symlinkSync('.git/config', path.join(this.fixture.dir, 'git-link.json'));
    symlinkSync('loop.json', path.join(this.fixture.dir, 'loop.json'));
  }

  async run(seed: number, tally: FuzzTally): Promise<void> {
    const random = new Random(seed);
    const generated = generateCase(
      random,
      (format) => generateMetricsFile(random, format),
      (format) => generateRows(random, format),
    );
    this.writeCase(generated);
    tally.cases++;
    tally.ruleFiles++;
    tally.metricsFiles += Object.keys(generated.files).filter((file) => file.startsWith('metrics/')).length;
    if (generated.dataContract) {
      tally.dataContractCases++;
      const data = Object.entries(generated.files).find(([file]) => file.startsWith('data/'))?.[1] ?? '';
      tally.dataRows += data.split('\n').filter((line) => line !== '').length;
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), CASE_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([evaluate({ repoDir: this.fixture.dir, base: 'main', signal: controller.signal }), timeout]);
      if (outcome === 'hang') {
        controller.abort(new Error('fuzz case timed out'));
        tally.defects.push({ seed, kind: 'hang', detail: `no result after ${CASE_TIMEOUT_MS} ms` });
        return;
      }
      tally.reports++;
      inspectReport(seed, outcome, tally);
    } catch (error) {
      if (error instanceof GuardrailsError) {
        tally.refused++;
        if (error.kind !== 'git' && error.file === undefined && !/no rule file/.test(error.message)) {
          tally.defects.push({ seed, kind: 'no file named', detail: error.toOneLine() });
        }
        return;
      }
      const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
      tally.defects.push({ seed, kind: 'crash', detail });
    } finally {
      clearTimeout(timer);
    }
  }

  private writeCase(generated: GeneratedCase): void {
    for (const folder of ['metrics', 'data', '.github']) rmSync(path.join(this.fixture.dir, folder), { recursive: true, force: true });
    for (const [file, content] of Object.entries(generated.files)) {
      const target = path.join(this.fixture.dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }

  cleanup(): void {
    this.fixture.cleanup();
  }
}

/** Every finding says where; an internal error is a bug in this tool, whatever the input. */
function inspectReport(seed: number, report: Report, tally: FuzzTally): void {
  for (const rule of [...report.rules, ...(report.ruleFile?.headRules ?? [])]) {
    for (const finding of rule.findings) {
      if (/internal error/i.test(finding.message)) {
        tally.defects.push({ seed, kind: 'internal error', detail: `${rule.id}: ${finding.message} (${finding.file ?? 'no file'})` });
      } else if (finding.status === 'error' && (finding.file === null || finding.file === undefined)) {
        tally.defects.push({ seed, kind: 'no file named', detail: `${rule.id}: ${finding.message}` });
      }
    }
  }
}

export function newTally(): FuzzTally {
  return { cases: 0, ruleFiles: 0, metricsFiles: 0, dataRows: 0, dataContractCases: 0, reports: 0, refused: 0, defects: [] };
}

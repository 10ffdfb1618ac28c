import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files known to take several seconds though they are short (a loop over generated cases, real
 * benchmark processes, App servers, retries with back-off). Vitest starts the files that took
 * longest last time first; with no record of a last time (a fresh clone, which is what CI
 * runs) it starts the largest files first, and a short slow file started last was the tail of
 * the run (the fuzz file alone for the last 5 s on 2 cores).
 */
const SLOW_THOUGH_SHORT = ['test/fuzz/', 'test/demo/', 'test/rules/benchmark/run-mode.test.ts', 'test/app/', 'test/action/faults.test.ts'];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((spec) => this.ctx.cache.getTestSpecificationResult(spec) !== undefined)) return sorted;
    const isSlow = (spec: TestSpecification) => SLOW_THOUGH_SHORT.some((part) => spec.moduleId.includes(part));
    return [...sorted.filter(isSlow), ...sorted.filter((spec) => !isSlow(spec))];
  }
}

import { InputError } from './errors.js';

/**
 * The engine's own bound on one rule, past the operator's `ruleTimeoutMs` plus a grace (rules
 * that keep time themselves, a DuckDB query or a benchmark run, report first): the rule's signal
 * is aborted and the rule ends as an error, even if its work ignores the signal. A timer cannot
 * interrupt synchronous work: heavy steps yield to the event loop (see benchmark/statistics.ts).
 */
export function ruleTimeLimit(ruleTimeoutMs: number) {
  const controller = new AbortController();
  const limitMs = ruleTimeoutMs + Math.min(30_000, ruleTimeoutMs / 10);
  const error = new InputError(`the rule ran past its time limit of ${formatDuration(ruleTimeoutMs)} and was stopped`, {
    hint: 'the operator of the Action, App or CLI sets this limit; make the rule lighter or its inputs smaller',
  });
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(error);
      reject(error);
    }, limitMs);
  });
  reached.catch(() => {}); // raced, and read through `signal`: never an unhandled rejection
  return { signal: controller.signal, reached, error, clear: () => clearTimeout(timer) };
}

function formatDuration(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Number((ms / 1000).toFixed(1))} s`;
}

import { type Finding, finding } from '../../../report/model.js';
import type { DuckSession } from '../duckdb-session.js';
import type { TableView } from '../table-view.js';
import type { CheckPlan } from './check-plan.js';
import { locationOf, type Sample, SampleLocator, selectSamples } from './samples.js';

/**
 * Runs every compiled check in one scan of the data (one aggregate query, each check one
 * column of it), then fetches example rows for the checks that failed.
 */
export async function runChecks(
  session: DuckSession,
  table: TableView,
  plans: CheckPlan[],
  options: { samples: number; sensitive: Set<string> },
): Promise<{ findings: Finding[]; total: number }> {
  const select = ['count(*) AS __total', ...plans.map((plan, index) => `${plan.expr} AS c${index}`)];
  const [row] = await session.query(`SELECT ${select.join(', ')} FROM ${table.view}`);
  const total = Number(row?.__total ?? 0);
  const locator = new SampleLocator(session, table, options.sensitive);
  const findings: Finding[] = [];
  for (const [index, plan] of plans.entries()) {
    const judgement = plan.judge(row?.[`c${index}`], total);
    const failed = !judgement.pass;
    let samples: Sample[] = [];
    if (failed && options.samples > 0 && (plan.predicate !== undefined || plan.samplesFrom !== undefined)) {
      const sql =
        plan.samplesFrom?.(table.numbered, options.samples) ?? selectSamples(table.numbered, plan.predicate ?? 'FALSE', options.samples);
      const shown = [...(plan.sampleColumns ?? []), ...(plan.subject === undefined ? [] : plan.subject.split(', '))];
      samples = (await locator.fetch(sql, shown, plan.samplesFrom === undefined ? [] : ['duplicate_count'])).slice(0, options.samples * 2);
    }
    // A duplicate points at the row that repeats an earlier key, not at the first of them.
    const pointAt = samples.find((sample) => locator.repeating.has(sample)) ?? samples[0];
    const where = failed ? locationOf(samples, table, plan.source, pointAt) : { file: table.scan.files[0]?.repoPath ?? null, line: null };
    findings.push(
      finding({
        check: plan.check,
        subject: plan.subject,
        status: failed ? (plan.severity === 'warning' ? 'warn' : 'fail') : 'pass',
        message:
          plan.subject === undefined || judgement.message.includes('`') ? judgement.message : `\`${plan.subject}\`: ${judgement.message}`,
        observed: judgement.observed,
        expected: judgement.expected,
        file: where.file,
        line: where.line,
        samples: samples.length > 0 ? samples : undefined,
      }),
    );
  }
  const files = table.scan.files.length === 1 ? table.scan.files[0]?.repoPath : `${table.scan.files.length} files`;
  findings.push(
    finding({
      check: 'read',
      status: 'pass',
      message: `read ${total} rows and ${table.columns.size} columns from ${files}`,
      observed: { rows: total, columns: table.columns.size },
      file: table.scan.files[0]?.repoPath ?? null,
    }),
  );
  return { findings, total };
}

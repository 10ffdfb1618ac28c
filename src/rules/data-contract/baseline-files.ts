import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { type Finding, finding } from '../../report/model.js';
import type { RuleContext } from '../types.js';
import { extractPrefix } from './blob-prefix.js';
import { type DataFiles, formatOf, resolveDataFiles } from './data-files.js';
import type { DataContractOptions } from './options.js';

/**
 * The baseline side's data files: none when the rule compares nothing with the baseline, a
 * finding when there is no baseline (per `on_missing`) or the dataset is new in this PR, and
 * only the first bytes of text files when the schema is all that is compared.
 */
/** Enough lines for DuckDB's type sniffing (20,480 rows by default) in most files. */
const SCHEMA_PREFIX_BYTES = 8 * 1024 * 1024;

export async function resolveBaseline(
  options: DataContractOptions,
  context: RuleContext,
  dataPath: string,
  findings: Finding[],
  scratch: () => Promise<string>,
): Promise<DataFiles | null> {
  const wanted = options.schema_changes?.breaking !== 'off' || options.row_change !== undefined || options.drift !== undefined;
  if (!wanted) return null;
  if (context.baseline === null) {
    findings.push(
      context.missing({
        check: 'baseline',
        message: `schema changes, row change and drift not checked: no baseline (${context.baselineInfo.description})`,
      }),
    );
    return null;
  }
  try {
    const workspace = context.baseline;
    // Only the schema is wanted: text files are read from their first bytes, not extracted whole.
    const schemaOnly = options.row_change === undefined && options.drift === undefined;
    const localize = async (repoPath: string): Promise<string | null> => {
      const textual = ['csv', 'tsv', 'jsonl'].includes(options.format ?? formatOf(repoPath));
      const prefix = schemaOnly && textual ? await extractPrefix(workspace, repoPath, await scratch(), SCHEMA_PREFIX_BYTES) : null;
      return prefix ?? workspace.localPath(repoPath);
    };
    const files = await resolveDataFiles(workspace, dataPath, 'baseline', options.format, context.lfs, localize);
    if (files === null) {
      // The pull request adds the dataset: relative checks have nothing to compare with, by
      // definition, and that is not a failure (absolute checks above still apply).
      findings.push(
        finding({
          check: 'baseline',
          status: 'skip',
          message: `new in this PR: no data matches \`${dataPath}\` at the baseline ${context.baseline.label}, so schema changes, row change and drift have nothing to compare with`,
          observed: 'present at the head',
          expected: null,
          baseline: 'absent',
          file: dataPath,
        }),
      );
    }
    return files;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    findings.push(
      finding({
        check: 'baseline',
        status: 'error',
        message: `baseline data: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}`,
        file: error.file ?? dataPath,
      }),
    );
    return null;
  }
}

/** Whether both sides are the same files on disk (the same bytes: the baseline table is the head table). */
export function sameFiles(head: DataFiles, baseline: DataFiles): boolean {
  return (
    head.format === baseline.format &&
    head.files.length === baseline.files.length &&
    head.files.every((file, i) => resolve(file.localPath) === resolve(baseline.files[i]?.localPath ?? ''))
  );
}

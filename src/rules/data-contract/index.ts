import { defineRuleKind } from '../types.js';
import { dataContractOptions } from './options.js';

/**
 * The `data-contract` rule kind: a dataset checked against a contract and against the same
 * data at the baseline, with DuckDB (loaded on demand) as the engine.
 */
export const dataContractRule = defineRuleKind({
  kind: 'data-contract',
  title: 'Dataset (CSV, TSV, JSONL, Parquet) against a data contract and the baseline data',
  options: dataContractOptions,
  // DuckDB and the checks load on first use: a check with no data-contract rule never pays for them.
  evaluate: async (options, context) => (await import('./evaluate.js')).evaluateDataContract(options, context),
  referencedFiles: (options) => (options.contract === undefined ? [] : [options.contract]),
});

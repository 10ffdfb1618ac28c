import { defineRuleKind } from '../types.js';
import { evaluateDataContract } from './evaluate.js';
import { dataContractOptions } from './options.js';

/**
 * The `data-contract` rule kind: a dataset checked against a contract and against the same
 * data at the baseline, with DuckDB (loaded on demand) as the engine.
 */
export const dataContractRule = defineRuleKind({
  kind: 'data-contract',
  title: 'Dataset (CSV, TSV, JSONL, Parquet) against a data contract and the baseline data',
  options: dataContractOptions,
  evaluate: evaluateDataContract,
  referencedFiles: (options) => (options.contract === undefined ? [] : [options.contract]),
});

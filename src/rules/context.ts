import { type Finding, finding } from '../report/model.js';
import { missingStatus } from '../report/status.js';
import type { RuleContext } from './types.js';

/** The `missing` helper of a RuleContext: a finding whose status follows `on_missing`. */
export function missingFinding(
  policy: RuleContext['rule']['on_missing'],
  fields: Pick<Finding, 'check' | 'message'> & Partial<Finding>,
): Finding {
  const status = missingStatus(policy);
  const suffix = status === 'skip' ? ' (skipped: on_missing is skip)' : '';
  return finding({ ...fields, status, message: `${fields.message}${suffix}` });
}

import { ConfigError } from '../../../errors.js';
import { type ContractDoc, isRecord } from './contract-doc.js';

/**
 * The data a contract names for itself, as datacontract-cli reads it when no data is given: the
 * `path` of its first `type: local` server (ODCS v3 lists servers, the Data Contract
 * Specification maps names to them). Relative to the repository root, as datacontract-cli run
 * from the root would read it. Null when the contract names no local file.
 */
export function localServerPath(doc: ContractDoc): { path: string; line: number | undefined } | null {
  const data = doc.data;
  if (!isRecord(data)) return null;
  const servers: [string | number, unknown][] = Array.isArray(data.servers)
    ? data.servers.map((server, index): [number, unknown] => [index, server])
    : isRecord(data.servers)
      ? Object.entries(data.servers)
      : [];
  for (const [key, server] of servers) {
    if (!isRecord(server) || server.type !== 'local') continue;
    if (typeof server.path !== 'string' || server.path.trim() === '') {
      throw doc.invalid(['servers', key], 'a `type: local` server needs a `path`', 'name the data file, folder or glob');
    }
    return { path: server.path.trim().replace(/^(\.\/)+/, ''), line: doc.lineOf(['servers', key, 'path']) };
  }
  return null;
}

/** The error for a rule that names neither `data:` nor a contract with a local server. */
export function noDataError(file: string, contract: string | undefined): ConfigError {
  return new ConfigError(
    contract === undefined
      ? 'a data-contract rule needs `data:` (a file, folder or glob)'
      : `the rule has no \`data:\` and its contract ${contract} names no \`type: local\` server with a \`path\``,
    { file, hint: 'add `data:` to the rule, or a local server (`servers: [{ type: local, path: data/train.csv }]`) to the contract' },
  );
}

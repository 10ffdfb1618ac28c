import { ConfigError, InputError } from '../../../errors.js';
import type { Workspace } from '../../../git/workspace.js';
import type { TableContract } from '../contract-model.js';
import { ContractDoc, isRecord } from './contract-doc.js';
import { isDcs, translateDcs } from './dcs.js';
import { isFrictionless, translateFrictionless } from './frictionless.js';
import { isJsonSchema, translateJsonSchema } from './json-schema.js';
import { isOdcs, translateOdcs } from './odcs.js';
import { localServerPath, noDataError } from './server-path.js';

export type ContractFormat = 'odcs' | 'dcs' | 'frictionless' | 'json-schema';

/**
 * Reads a contract file from the rules workspace (where the governing rule file was read) and
 * translates it, recognizing its format by content: ODCS v3 (`apiVersion` + `schema`), the Data
 * Contract Specification (`models`), a Frictionless Table Schema (`fields`) or a JSON Schema
 * (`$schema` / `type: object`). Without `dataPath` (the rule has no `data:`), the data is the
 * contract's own local server path.
 */
export async function loadContractFile(
  workspace: Workspace,
  file: string,
  object: string | undefined,
  dataPath: string | undefined,
): Promise<{ contract: TableContract; format: ContractFormat; dataPath: string }> {
  const text = await workspace.readText(file);
  if (text === null) {
    throw new InputError(`contract ${file} does not exist in the ${workspace.label}`, {
      file,
      hint: 'fix `contract:` or commit the contract file',
    });
  }
  const doc = ContractDoc.parse(file, text);
  if (!isRecord(doc.data)) throw new ConfigError('a contract file must be a mapping', { file, line: 1 });
  const data = doc.data;
  const server = dataPath === undefined ? localServerPath(doc) : null;
  const path = dataPath ?? server?.path;
  if (path === undefined) throw noDataError(file, file);
  if (isOdcs(data)) return { contract: translateOdcs(doc, object, path), format: 'odcs', dataPath: path };
  if (isDcs(data)) return { contract: translateDcs(doc, object, path), format: 'dcs', dataPath: path };
  if (isFrictionless(data)) return { contract: translateFrictionless(doc), format: 'frictionless', dataPath: path };
  if (isJsonSchema(data)) return { contract: translateJsonSchema(doc), format: 'json-schema', dataPath: path };
  if (Array.isArray(data.resources)) {
    throw doc.unsupported(['resources'], 'a Frictionless data package', 'point `contract:` at the table schema of the resource');
  }
  throw new ConfigError(`cannot tell the format of contract ${file}`, {
    file,
    line: 1,
    hint: 'use ODCS v3 (apiVersion, kind: DataContract, schema), DCS (dataContractSpecification, models), a Frictionless Table Schema (fields) or a JSON Schema ($schema)',
  });
}

import path from 'node:path';
import { ConfigError } from '../../../errors.js';
import type { ContractDoc } from './contract-doc.js';

export interface NamedObject {
  name: string;
  /** ODCS `physicalName`: the table or file the object describes. */
  physicalName?: string | undefined;
  index: number;
}

/**
 * Which schema object of a multi-object contract the rule checks: the one named by `object:`,
 * else the one whose name (or physical name) matches the data file, else the only one.
 */
export function pickObject<T extends NamedObject>(
  doc: ContractDoc,
  objects: T[],
  requested: string | undefined,
  dataPath: string,
  listPath: (string | number)[],
): T {
  const names = objects.map((object) => object.name).join(', ');
  if (requested !== undefined) {
    const found = objects.find((object) => object.name === requested || object.physicalName === requested);
    if (found === undefined) {
      throw new ConfigError(`the contract has no schema object "${requested}"`, {
        file: doc.file,
        line: doc.lineOf(listPath),
        hint: `set \`object:\` to one of: ${names}`,
      });
    }
    return found;
  }
  if (objects.length === 1 && objects[0] !== undefined) return objects[0];
  const stem = path.posix
    .basename(dataPath)
    .replace(/\.[^.]*$/, '')
    .replace(/\.[^.]*$/, '');
  const matches = objects.filter((object) =>
    [object.name, object.physicalName].some((name) => name !== undefined && stripExtension(name) === stem),
  );
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  throw new ConfigError(
    objects.length === 0
      ? 'the contract declares no schema objects'
      : `the contract declares ${objects.length} schema objects and none matches ${dataPath}`,
    {
      file: doc.file,
      line: doc.lineOf(listPath),
      hint: objects.length === 0 ? 'add a schema object with its properties' : `set \`object:\` on the rule to one of: ${names}`,
    },
  );
}

function stripExtension(name: string): string {
  return path.posix.basename(name).replace(/\.[^.]*$/, '');
}

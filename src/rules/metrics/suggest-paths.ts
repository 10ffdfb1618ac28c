import path from 'node:path';
import { editDistance } from '../../did-you-mean.js';
import type { Workspace } from '../../git/workspace.js';

const SHOWN = 3;

/**
 * `; did you mean params.yaml?` for a metrics path that does not exist, from the files beside
 * where it was looked for and files of the same name elsewhere; empty when nothing is close.
 * Only globs over one folder and one name, so a large repository is not listed whole.
 */
export async function suggestPaths(workspace: Workspace, missing: string): Promise<string> {
  const folder = path.posix.dirname(missing);
  const name = path.posix.basename(missing);
  const beside = await workspace.listFiles(folder === '.' ? '*' : `${escapeGlob(folder)}/*`);
  const sameName = await workspace.listFiles(`**/${escapeGlob(name)}`);
  const nearest = rankByDistance(missing, [...new Set([...beside, ...sameName])]);
  if (nearest.length === 0) return '';
  return nearest.length === 1 ? `; did you mean ${nearest[0]}?` : `; nearest existing paths: ${nearest.join(', ')}`;
}

/**
 * Up to three candidates close to `input`: within a third of its length in edits, or with the
 * same last segment (a file that moved folders), nearest first.
 */
export function rankByDistance(input: string, candidates: Iterable<string>, limit = SHOWN): string[] {
  const allowed = Math.max(2, Math.floor(input.length / 3));
  const name = path.posix.basename(input);
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(input.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= allowed || path.posix.basename(candidate) === name)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}()!]/g, '\\$&');
}

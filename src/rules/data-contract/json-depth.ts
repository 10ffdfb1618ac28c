import { createReadStream } from 'node:fs';
import type { DataFile } from './data-files.js';

/**
 * Deeper than any dataset needs, far below what crashes DuckDB's JSON reader (a record nested
 * 100,000 levels deep kills the process): a hostile file is refused before DuckDB reads it.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * The first place where a JSON or JSONL file nests deeper than `max`, streamed in one pass
 * (strings are skipped, so brackets inside values do not count); null when none does.
 */
export async function findTooDeepJson(files: DataFile[], max = MAX_JSON_DEPTH): Promise<{ file: string; line: number } | null> {
  for (const file of files) {
    let depth = 0;
    let line = 1;
    let inString = false;
    let escaped = false;
    for await (const chunk of createReadStream(file.localPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = chunk as string;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92 /* \\ */) escaped = true;
          else if (c === 34 /* " */) inString = false;
          else if (c === 10) line++;
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 91 || c === 123 /* [ { */) {
          if (++depth > max) return { file: file.repoPath, line };
        } else if (c === 93 || c === 125 /* ] } */) depth = Math.max(0, depth - 1);
        else if (c === 10) line++;
      }
    }
  }
  return null;
}

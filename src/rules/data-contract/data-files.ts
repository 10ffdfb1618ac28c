import { InputError } from '../../errors.js';
import { type LfsObjects, parseLfsPointer } from '../../git/lfs.js';
import type { Workspace } from '../../git/workspace.js';
import { detectPointer, findDvcTracking, pointerError } from './pointer-files.js';

export type DataFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';

export interface DataFile {
  repoPath: string;
  localPath: string;
}

/** One side's data files, resolved to local paths DuckDB can read. */
export interface DataFiles {
  side: 'head' | 'baseline';
  label: string;
  format: DataFormat;
  files: DataFile[];
}

const EXTENSIONS: Record<string, DataFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
};

/**
 * The files a `data:` path names on one side, as local paths. Null when nothing matches (the
 * caller decides whether that is a missing input or a missing baseline). A Git LFS pointer is
 * fetched when the door can (`lfs`, the App); other pointers are errors that say how to fetch the data.
 */
export async function resolveDataFiles(
  workspace: Workspace,
  pattern: string,
  side: DataFiles['side'],
  format: DataFormat | undefined,
  lfs: LfsObjects | undefined,
  localize: (repoPath: string) => Promise<string | null> = (repoPath) => workspace.localPath(repoPath),
): Promise<DataFiles | null> {
  // Folders written by Spark, Hadoop or DVC hold markers (_SUCCESS, .crc, .gitignore, *.dvc) next to the data.
  const listed = (await workspace.listFiles(pattern)).filter((file) => !/\.(dvc|crc)$|(^|\/)[._][^/]*$/.test(file));
  if (listed.length === 0) {
    const dvc = await findDvcTracking(workspace, pattern);
    if (dvc !== null) throw dvc;
    return null;
  }
  const files: DataFile[] = [];
  for (const repoPath of listed) {
    let localPath = await localize(repoPath);
    if (localPath === null) continue;
    const pointer = await detectPointer(localPath);
    if (pointer === 'git-lfs' && lfs !== undefined) {
      // The whole pointer is needed (a prefix extraction would cut it): read it from git again.
      const lfsPointer = parseLfsPointer((await workspace.readText(repoPath)) ?? '');
      if (lfsPointer === null) {
        throw new InputError(`${repoPath} (${workspace.label}) looks like a Git LFS pointer but is not a valid one`, {
          file: repoPath,
          hint: 'a pointer has `oid sha256:<64 hex digits>` and `size <bytes>` lines',
        });
      }
      localPath = await lfs.fetch(lfsPointer, repoPath);
    } else if (pointer !== null) {
      throw pointerError(pointer, repoPath, workspace.label);
    }
    files.push({ repoPath, localPath });
  }
  const chosen = format ?? formatOf(files[0]?.repoPath ?? pattern);
  const mixed = files.find((file) => format === undefined && sameFamily(formatOf(file.repoPath), chosen) === false);
  if (mixed !== undefined) {
    throw new InputError(`${pattern} matches files of different formats (${files[0]?.repoPath}, ${mixed.repoPath})`, {
      file: mixed.repoPath,
      hint: 'narrow the glob to one format, or set `format:` on the rule',
    });
  }
  return { side, label: workspace.label, format: chosen, files };
}

export function formatOf(repoPath: string): DataFormat {
  const extension =
    repoPath
      .replace(/\.(gz|zst)$/, '')
      .split('.')
      .pop()
      ?.toLowerCase() ?? '';
  const format = EXTENSIONS[extension];
  if (format === undefined) {
    throw new InputError(`cannot tell the format of ${repoPath} from its extension`, {
      file: repoPath,
      hint: 'set `format:` on the rule (csv, tsv, json, jsonl or parquet)',
    });
  }
  return format;
}

function sameFamily(a: DataFormat, b: DataFormat): boolean {
  const family = (format: DataFormat): string => (format === 'tsv' ? 'csv' : format === 'jsonl' ? 'json' : format);
  return family(a) === family(b);
}

import type { DataFile } from './data-files.js';

/**
 * DuckDB errors as one readable sentence: the first line of the message, temporary paths
 * (blobs streamed out of git) replaced by repository paths, and no SQL echo.
 */
export function cleanDuckError(error: unknown, files: readonly DataFile[]): string {
  let message = error instanceof Error ? error.message : String(error);
  for (const file of files) message = message.replaceAll(file.localPath, file.repoPath);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const head = (lines[0] ?? 'unknown DuckDB error').replace(
    /^(Invalid Input|Conversion|Binder|Parser|IO|Permission|Catalog|Invalid) Error:\s*/,
    '',
  );
  // CSV errors put the useful part (which line, what was found) on the following lines.
  const detail = lines.find(
    (line) => /^(Original Line|Expected Number|Line:|Column|Error when converting)/.test(line) || /line \d+/i.test(line),
  );
  const bare = detail?.replace(/^[A-Za-z ]+ Error:\s*/, '');
  return detail !== undefined && bare !== undefined && !head.includes(bare) ? `${head} (${detail.slice(0, 200)})` : head.slice(0, 500);
}

/** Which data file an error is about, when the message names one. */
export function fileInError(error: unknown, files: readonly DataFile[]): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return files.find((file) => message.includes(file.localPath))?.repoPath;
}

/** DuckDB's CSV reader met a value that does not fit the type it sniffed from a sample. */
export function isSniffTypeError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Conversion Error|Could not convert|Error when converting column/i.test(message);
}

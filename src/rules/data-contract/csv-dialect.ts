import { open } from 'node:fs/promises';

/**
 * What DuckDB's CSV sniffer gets wrong on damaged files, decided here from the file's first
 * bytes: the encoding (DuckDB assumes UTF-8) and the delimiter. On a truncated file the
 * sniffer falls back to "one column, no delimiter" and reads garbage without complaint; with
 * the delimiter fixed from the header line, a short last row is a clear error instead.
 */

const PEEK_BYTES = 64 * 1024;
const DELIMITERS = [',', '\t', ';', '|'] as const;

export interface CsvDialect {
  encoding: 'utf-8' | 'utf-16' | 'latin-1';
  delimiter: string | undefined;
}

export async function detectDialect(localPath: string): Promise<CsvDialect> {
  const handle = await open(localPath, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const encoding = detectEncoding(bytes);
  const text = encoding === 'utf-16' ? bytes.toString('utf16le') : bytes.toString('latin1');
  return { encoding, delimiter: detectDelimiter(firstLine(text)) };
}

function detectEncoding(bytes: Buffer): CsvDialect['encoding'] {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16';
  // A multi-byte character may be cut at the end of the peeked block: ignore the last 3 bytes.
  const body = bytes.length === PEEK_BYTES ? bytes.subarray(0, bytes.length - 3) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

function firstLine(text: string): string {
  const clean = text.replace(/^\uFEFF/, '');
  const end = clean.search(/\r?\n/);
  return end === -1 ? clean : clean.slice(0, end);
}

/** The candidate that splits the header line most often, outside double quotes. */
function detectDelimiter(line: string): string | undefined {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [char, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = char;
  return best;
}

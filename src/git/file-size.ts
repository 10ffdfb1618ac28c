import { InputError } from '../errors.js';

/** "1.5 GiB", "64.0 MiB", "512 KiB": a size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GiB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Refuses a file larger than `maxBytes` before a byte of it is read (its size comes from the tree or a stat). */
export function checkFileSize(file: string, size: number, maxBytes: number | undefined): void {
  if (maxBytes === undefined || size <= maxBytes) return;
  throw new InputError(`${file} is ${formatBytes(size)}; files larger than ${formatBytes(maxBytes)} are not read`, {
    file,
    hint: 'keep the results or metrics file smaller (fewer samples or metrics), or summarize it before committing',
  });
}

// iterative/example-get-started with DVCLive, as tests build it: the real dvc.yaml and dvc.lock
// (fixtures/dvc/example-get-started-dvclive), the `eval` folder output recorded at the md5 of the
// listing the test writes, and that listing and the metrics object in DVC's cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const EXAMPLE = path.resolve(import.meta.dirname, '../../fixtures/dvc/example-get-started-dvclive');
/** The `eval` folder's md5 in the real dvc.lock, replaced by the listing the test writes. */
const REAL_EVAL_MD5 = '80a081570c800c60b9b98ca4b3c91dd7';

export type DvcLayout = 'dvc3' | 'dvc2';

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** DVCLive's eval/metrics.json with this avg_prec on the test split. */
export function dvcliveMetrics(avgPrec: number): string {
  const metrics = {
    avg_prec: { train: 0.9743681430252835, test: avgPrec },
    roc_auc: { train: 0.9866678562450621, test: 0.9624309181018001 },
  };
  return `${JSON.stringify(metrics, null, 4)}\n`;
}

/** The folder's listing as DVC writes it: sorted by relpath; only metrics.json is ever read. */
export function listingFor(metricsText: string): string {
  return JSON.stringify([
    { md5: md5(metricsText), relpath: 'metrics.json' },
    { md5: 'c2a1e5ed3b4f8f1c8b0d52a7e3c4b9a1', relpath: 'plots/images/importance.png' },
    { md5: '6f3f0ab7d1e2c3b4a5968778695a4b3c', relpath: 'plots/sklearn/roc/test.json' },
  ]);
}

/** Where DVC keeps an object (a listing with suffix `.dir`) in the project's cache. */
export function objectPath(hash: string, layout: DvcLayout, suffix = ''): string {
  const folder = layout === 'dvc3' ? '.dvc/cache/files/md5' : '.dvc/cache';
  return `${folder}/${hash.slice(0, 2)}/${hash.slice(2)}${suffix}`;
}

/** The real dvc.lock with `eval` recorded at this run's listing (DVC 2: without the `hash: md5` lines). */
export function lockFor(metricsText: string, layout: DvcLayout = 'dvc3'): string {
  const lock = readFileSync(path.join(EXAMPLE, 'dvc.lock'), 'utf8').replace(REAL_EVAL_MD5, md5(listingFor(metricsText)));
  return layout === 'dvc3' ? lock : lock.replace(/^ +hash: md5\n/gm, '');
}

/** The listing and the metrics object of one run, in the project's DVC cache. */
export function cacheFiles(metricsText: string, layout: DvcLayout = 'dvc3'): Record<string, string> {
  const listing = listingFor(metricsText);
  return { [objectPath(md5(listing), layout, '.dir')]: listing, [objectPath(md5(metricsText), layout)]: metricsText };
}

/** The files of the project on its first commit (no rule file, no outputs: they are git-ignored). */
export function dvcliveProject(): Record<string, string> {
  return {
    '.gitignore': '/model.pkl\n/eval\n',
    '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
    'dvc.yaml': readFileSync(path.join(EXAMPLE, 'dvc.yaml'), 'utf8'),
  };
}

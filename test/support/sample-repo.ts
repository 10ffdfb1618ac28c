// The sample repository (fixtures/sample-repo) for a test: a copy of one built once per run.
import { createHash } from 'node:crypto';
import { buildSampleRepo, type SampleRepo, type SampleRepoOptions } from '../../fixtures/sample-repo/build-sample-repo.js';
import { copyFixture } from './fixture-cache.js';

/** What buildSampleRepo(dir, options) builds, copied into `dir`. */
export function copySampleRepo(dir: string, options: SampleRepoOptions = {}): SampleRepo {
  const variant = createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 12);
  const sample = copyFixture(`sample-repo-${variant}`, dir, (template) => buildSampleRepo(template, options));
  return { ...sample, dir };
}

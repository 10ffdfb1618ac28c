// Repositories that take many git processes to build (the sample repository, a configured
// `git init`) are built once per suite run and copied for each test that asks for one. A copy
// is the same real repository (same objects, refs and config) at the cost of a file copy: each
// git process started from a test worker costs several milliseconds of fork alone.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** The folder test/global-setup.ts makes for this run's templates; unset outside the suite. */
export const FIXTURE_CACHE_ENV = 'ML_GUARDRAILS_TEST_FIXTURES';

/**
 * Fills `target` with a copy of the template `name` (built by `build` into a folder of its own
 * the first time any worker asks) and returns what `build` returned for the template. Outside
 * the suite (the demo, the benches) it simply builds into `target`.
 *
 * `build` must put everything into the folder it is given and return plain data (it is kept as
 * JSON); `name` must say everything that makes two builds differ.
 */
export function copyFixture<T>(name: string, target: string, build: (dir: string) => T): T {
  const cache = process.env[FIXTURE_CACHE_ENV];
  if (cache === undefined || cache === '') return build(target);
  const template = path.join(cache, name);
  if (!existsSync(template)) {
    // Built aside and renamed into place, so a worker never copies a half-built template. Two
    // workers may build the same one at once: the first rename wins, the other build is dropped.
    const staging = mkdtempSync(`${template}.building-`);
    const value = build(path.join(staging, 'tree'));
    writeFileSync(path.join(staging, 'value.json'), JSON.stringify(value));
    try {
      renameSync(staging, template);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  copyTree(path.join(template, 'tree'), target);
  return JSON.parse(readFileSync(path.join(template, 'value.json'), 'utf8')) as T;
}

/**
 * A value made once per suite run and shared by every worker (kept as JSON beside the
 * templates), e.g. a key that is slow to generate; outside the suite, made once per process.
 */
export function makeOncePerRun<T>(name: string, make: () => T): T {
  const known = values.get(name);
  if (known !== undefined) return known as T;
  const cache = process.env[FIXTURE_CACHE_ENV];
  let value: T;
  if (cache === undefined || cache === '') {
    value = make();
  } else {
    const file = path.join(cache, `${name}.json`);
    if (existsSync(file)) {
      value = JSON.parse(readFileSync(file, 'utf8')) as T;
    } else {
      value = make();
      // Written aside and renamed into place: a reader never sees half a file. Two workers may
      // both make one; each uses its own, and either is as good.
      const staging = `${file}.${process.pid}`;
      writeFileSync(staging, JSON.stringify(value));
      renameSync(staging, file);
    }
  }
  values.set(name, value);
  return value;
}

const values = new Map<string, unknown>();

/** Copies a folder's contents into `to` (made if missing); about twice as fast as fs.cpSync here. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else copyFileSync(source, target);
  }
}

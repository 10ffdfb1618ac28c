// Shared set-up: one stand-in per test, and every test fails on a contract violation.
import { afterEach, beforeEach } from 'vitest';
import type { Standin, StartStandinOptions } from '../../standin/index.js';
import { startTestStandin } from '../support/standin.js';

export const OWNER = 'acme';
export const REPO = 'models';

export function defaultRepos(): StartStandinOptions['repos'] {
  return [
    { owner: OWNER, name: REPO, files: { 'README.md': '# models\n', 'data/train.csv': 'x,y\n1,2\n' } },
    { owner: OWNER, name: 'other', files: { 'README.md': 'other\n' } },
  ];
}

/** Starts a stand-in before each test; after it, asserts no violations and closes it. */
export function useStandin(options: () => StartStandinOptions = () => ({ repos: defaultRepos() })): () => Standin {
  let gh: Standin | undefined;
  beforeEach(async () => {
    gh = await startTestStandin(options());
  });
  afterEach(async () => {
    const current = gh;
    gh = undefined;
    try {
      current?.assertNoViolations();
    } finally {
      await current?.close();
    }
  });
  return () => {
    if (!gh) throw new Error('stand-in not started');
    return gh;
  };
}

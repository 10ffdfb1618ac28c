import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GitError } from '../errors.js';
import type { RuleRecord } from '../report/model.js';
import { type GitOptions, runGit, tryGit } from './run-git.js';

/*
 * Results measured in CI are kept as git notes: one JSON object per commit, keyed by rule id,
 * under refs/notes/ml-guardrails. A door writes a rule's records with `publishRecords` (from the
 * default branch only); rules read them back through RepositoryHistory.readNote.
 */

/** Merges each record into the note on its commit (`{ [key]: data }`), keeping other keys. */
export async function writeRecords(root: string, records: RuleRecord[]): Promise<void> {
  const identity = await fallbackIdentity(root);
  const scratch = await mkdtemp(path.join(tmpdir(), 'mlg-note-'));
  try {
    for (const [index, group] of groupByNote(records).entries()) {
      const current = await tryGit(root, ['notes', '--ref', group.notesRef, 'show', group.commit]);
      const note = parseNote(current, group.commit);
      for (const record of group.records) note[record.key] = record.data;
      const file = path.join(scratch, `note-${index}.json`);
      await writeFile(file, `${JSON.stringify(note, null, 2)}\n`);
      await runGit(root, [...identity, 'notes', '--ref', group.notesRef, 'add', '--force', '--file', file, group.commit]);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Fetches `notesRef` from `remote` (a URL or remote name) into the local ref, replacing it.
 * Returns false when the remote has no notes yet.
 */
export async function fetchNotes(root: string, remote: string, notesRef: string, options: GitOptions = {}): Promise<boolean> {
  checkNotesRef(notesRef);
  const listed = await redacted(() => runGit(root, ['ls-remote', remote, notesRef], options));
  if (listed.trim() === '') return false;
  await redacted(() => runGit(root, ['fetch', '--quiet', '--no-tags', remote, `+${notesRef}:${notesRef}`], options));
  return true;
}

/** Pushes the local `notesRef` to `remote`; false when the remote moved on (not a fast-forward). */
export async function pushNotes(root: string, remote: string, notesRef: string, options: GitOptions = {}): Promise<boolean> {
  checkNotesRef(notesRef);
  try {
    await redacted(() => runGit(root, ['push', '--quiet', remote, `${notesRef}:${notesRef}`], options));
    return true;
  } catch (error) {
    // git's first line of stderr is not reliably the reason: ask the remote whether it moved on.
    if (!(error instanceof GitError)) throw error;
    const remoteSha = (await redacted(() => runGit(root, ['ls-remote', remote, notesRef], options))).split(/\s/)[0] ?? '';
    const localSha = await tryGit(root, ['rev-parse', '--verify', '--quiet', notesRef]);
    if (remoteSha !== '' && remoteSha !== localSha) return false;
    throw error;
  }
}

/**
 * What a door calls with a rule outcome's records: fetch the remote notes, merge the records
 * in, push; when another run pushed in between, start again from its notes (a few times).
 * `options` carries the door's credentials (an auth header in GIT_CONFIG_* variables) and signal.
 */
export async function publishRecords(
  root: string,
  remote: string,
  records: RuleRecord[],
  options: GitOptions = {},
  attempts = 4,
): Promise<void> {
  const notes = records.filter((record) => record.type === 'note');
  for (const ref of new Set(notes.map((record) => record.notesRef))) {
    const mine = notes.filter((record) => record.notesRef === ref);
    for (let attempt = 1; ; attempt++) {
      await fetchNotes(root, remote, ref, options);
      await writeRecords(root, mine);
      if (await pushNotes(root, remote, ref, options)) break;
      if (attempt >= attempts) throw new GitError(`could not push ${ref}: the remote kept changing (${attempts} attempts)`);
    }
  }
}

interface NoteGroup {
  notesRef: string;
  commit: string;
  records: RuleRecord[];
}

function groupByNote(records: RuleRecord[]): NoteGroup[] {
  const groups = new Map<string, NoteGroup>();
  for (const record of records) {
    checkNotesRef(record.notesRef);
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(record.commit))
      throw new GitError(`a record names "${record.commit}", which is not a full commit sha`);
    const id = `${record.notesRef} ${record.commit}`;
    const group = groups.get(id) ?? { notesRef: record.notesRef, commit: record.commit, records: [] };
    group.records.push(record);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Refs reach git inside refspecs (`+ref:ref`): only a plain notes ref may get there. */
function checkNotesRef(ref: string): void {
  if (!/^refs\/notes\/[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(ref) || ref.includes('..')) {
    throw new GitError(`"${ref}" is not a notes ref`, { hint: 'notes refs look like refs/notes/ml-guardrails' });
  }
}

function parseNote(text: string | null, commit: string): Record<string, unknown> {
  if (text === null || text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: a note that is not our JSON object is someone else's; never overwrite it
  }
  throw new GitError(`the note on ${commit.slice(0, 12)} is not a JSON object, so it was left as it is`, {
    hint: 'another tool writes notes under this ref; give ml-guardrails its own notes ref',
  });
}

/** Notes are commits: a runner without a git identity gets one, a configured one is kept. */
async function fallbackIdentity(root: string): Promise<string[]> {
  const email = await tryGit(root, ['config', 'user.email']);
  if (email !== null && email !== '') return [];
  return ['-c', 'user.name=ml-guardrails', '-c', 'user.email=ml-guardrails@users.noreply.github.com'];
}

/** A remote URL may carry a token (`https://x-access-token:TOKEN@...`): never let it into a message. */
async function redacted<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitError) {
      throw new GitError(error.message.replace(/\/\/[^/@\s]*@/g, '//***@'), { hint: error.hint });
    }
    throw error;
  }
}

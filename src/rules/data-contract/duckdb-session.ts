import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { quoteString } from './checks/sql-text.js';
import { loadDuckDB } from './duckdb-loader.js';

export type Row = Record<string, unknown>;

export interface SessionLimits {
  /** DuckDB `memory_limit` in MiB: large files spill to disk instead of growing the process. */
  memoryMiB: number;
  threads: number;
  /** Bound on one statement (a custom SQL check, the shared scan), in milliseconds. */
  queryTimeoutMs: number;
  /** Bound on the whole session (one rule), in milliseconds from `open`. */
  ruleTimeoutMs: number;
}

/** A statement interrupted because it ran past its time limit. */
export class QueryTimeoutError extends Error {
  constructor(
    readonly limitMs: number,
    readonly scope: 'query' | 'rule',
  ) {
    super(`ran past the ${scope === 'query' ? 'per-query' : 'per-rule'} time limit of ${formatSeconds(limitMs)}`);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * One in-memory DuckDB database for one rule evaluation. Rule files (and their SQL checks)
 * come from pull requests, so once the data files are known the session is sandboxed: only
 * those files can be read, nothing can be written or installed, and the setting is locked.
 */
export class DuckSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly spillDir: string,
    private readonly limits: SessionLimits,
    /** When the rule's time is up (epoch milliseconds). */
    readonly deadline: number,
  ) {}

  static async open(limits: SessionLimits): Promise<DuckSession> {
    const deadline = Date.now() + limits.ruleTimeoutMs;
    const duckdb = await loadDuckDB();
    const spillDir = await mkdtemp(path.join(os.tmpdir(), 'mlg-duckdb-'));
    const instance = await duckdb.DuckDBInstance.create(':memory:', {
      memory_limit: `${Math.max(16, Math.floor(limits.memoryMiB))}MiB`,
      threads: String(Math.max(1, Math.min(limits.threads, os.availableParallelism()))),
      temp_directory: spillDir,
      // Results in file order, so the first failing rows are the first ones in the file.
      preserve_insertion_order: 'true',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'true',
    });
    return new DuckSession(instance, await instance.connect(), spillDir, limits, deadline);
  }

  /** Allows reading exactly these files from now on, and nothing else on disk or network. */
  async sandbox(readable: string[]): Promise<void> {
    const list = readable.map(quoteString).join(', ');
    await this.connection.run(`SET allowed_paths = [${list}]`);
    await this.connection.run(`SET allowed_directories = [${quoteString(this.spillDir + path.sep)}]`);
    await this.connection.run('SET enable_external_access = false');
    await this.connection.run('SET lock_configuration = true');
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.bounded(() => this.connection.runAndReadAll(sql));
    return reader.getRowObjectsJS().map((row) => toPlain(row) as Row);
  }

  async run(sql: string): Promise<void> {
    await this.bounded(() => this.connection.run(sql));
  }

  /**
   * Runs one statement under the per-query limit and what is left of the per-rule one: a timer
   * interrupts DuckDB (a custom SQL cross join stops), and the caller gets a QueryTimeoutError.
   */
  private async bounded<T>(statement: () => Promise<T>): Promise<T> {
    const left = this.deadline - Date.now();
    const scope = left < this.limits.queryTimeoutMs ? 'rule' : 'query';
    const limitMs = scope === 'rule' ? this.limits.ruleTimeoutMs : this.limits.queryTimeoutMs;
    if (left <= 0) throw new QueryTimeoutError(limitMs, 'rule');
    let fired = false;
    const timer = setTimeout(
      () => {
        fired = true;
        this.connection.interrupt();
      },
      Math.min(left, this.limits.queryTimeoutMs),
    );
    try {
      return await statement();
    } catch (error) {
      if (fired) throw new QueryTimeoutError(limitMs, scope);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** How many statements a piece of SQL holds (custom checks must be exactly one query). */
  async countStatements(sql: string): Promise<number> {
    return (await this.connection.extractStatements(sql)).count;
  }

  /** Stops the running query when the evaluation is superseded. */
  interruptOn(signal: AbortSignal): () => void {
    const onAbort = (): void => this.connection.interrupt();
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.spillDir, { recursive: true, force: true });
  }
}

/** Query values as plain JSON-able data: safe bigints as numbers, dates as ISO strings. */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().replace('T00:00:00.000Z', '');
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
  }
  return value;
}

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { GitError } from '../errors.js';

interface Pending {
  oid: string;
  resolve: (bytes: Buffer | null) => void;
  reject: (error: Error) => void;
}

/**
 * Reads blobs through one long-lived `git cat-file --batch` process. Reading a thousand
 * metrics files at the baseline then costs one process start, not a thousand.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: Pending[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  /** Size of the object whose content is being received, or -1 while waiting for a header. */
  private expecting = -1;

  constructor(private readonly cwd: string) {}

  read(oid: string): Promise<Buffer | null> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ oid, resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child !== undefined) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd });
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.on('error', (error) => this.failAll(error));
    child.on('exit', (code) => {
      if (this.pending.length > 0) this.failAll(new Error(`git cat-file exited with ${code}`));
      if (this.child === child) this.child = undefined;
    });
    child.stdin.on('error', (error) => this.failAll(error));
    this.child = child;
    return child;
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (this.expecting < 0) {
        const newline = this.buffered.indexOf(0x0a);
        if (newline < 0) return;
        const header = this.buffered.subarray(0, newline).toString('utf8');
        this.buffered = this.buffered.subarray(newline + 1);
        if (header.endsWith(' missing')) {
          this.pending.shift()?.resolve(null);
          continue;
        }
        const size = Number(header.split(' ')[2]);
        if (!Number.isInteger(size)) {
          this.failAll(new Error(`unexpected git cat-file header: ${header}`));
          return;
        }
        this.expecting = size;
      }
      // The content is followed by one newline.
      if (this.buffered.length < this.expecting + 1) return;
      const content = Buffer.from(this.buffered.subarray(0, this.expecting));
      this.buffered = this.buffered.subarray(this.expecting + 1);
      this.expecting = -1;
      this.pending.shift()?.resolve(content);
    }
  }

  private failAll(error: Error): void {
    const waiting = this.pending;
    this.pending = [];
    for (const entry of waiting) {
      entry.reject(new GitError(`could not read object ${entry.oid}: ${error.message}`));
    }
  }
}

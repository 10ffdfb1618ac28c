import { readdir, readFile } from 'node:fs/promises';

/*
 * Ends every process a benchmark invocation started. Its process group is not enough: a child
 * that calls `setsid` (or double-forks) leaves the group and is reparented away. On Linux each
 * invocation's environment carries a unique ML_GUARDRAILS_RUN_ID, and /proc/<pid>/environ (the
 * environment a process started with; readable for our own uid) finds its descendants wherever
 * they went. A process that both leaves the session and execs with a cleared environment still
 * escapes: only a container or cgroup per job contains that (docs/security.md).
 */

/** Rounds of scan-and-kill: a process forking while we scan is caught by the next round. */
const MAX_ROUNDS = 20;

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  zombie: boolean;
}

/** SIGKILLs the group `leader` leads and every process carrying `runId`, until none is left. */
export async function killInvocation(leader: number, runId: string): Promise<void> {
  killGroup(leader);
  const marker = Buffer.from(`ML_GUARDRAILS_RUN_ID=${runId}\0`);
  const killed = new Set<number>([leader]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const found = await findProcesses(leader, marker, killed);
    if (found === null || found.length === 0) return;
    for (const pid of found) {
      killed.add(pid);
      killPid(pid);
    }
  }
}

/** Live processes of the invocation: its group or session, a child of one killed, or the marker. */
async function findProcesses(leader: number, marker: Buffer, killed: Set<number>): Promise<number[] | null> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return null; // not Linux: the process group is all we can reach
  }
  const found: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const info = await readStat(pid);
    if (info === null || info.zombie) continue;
    const related = info.pgrp === leader || info.session === leader || killed.has(info.ppid);
    if (related || (await carriesMarker(pid, marker))) found.push(pid);
  }
  return found;
}

async function readStat(pid: number): Promise<ProcessInfo | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, zombie: fields[0] === 'Z', ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]) };
  } catch {
    return null; // gone already
  }
}

async function carriesMarker(pid: number, marker: Buffer): Promise<boolean> {
  try {
    const environ = await readFile(`/proc/${pid}/environ`);
    return environ.indexOf(marker) === 0 || environ.indexOf(Buffer.concat([Buffer.from('\0'), marker])) !== -1;
  } catch {
    return false; // another user's process, or gone
  }
}

function killGroup(leader: number): void {
  try {
    process.kill(-leader, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

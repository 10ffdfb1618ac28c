// The CLI door run in the test's own process: the code the `ml-guardrails` binary runs
// (bin/ml-guardrails.js only calls runCli and sets the exit code), without starting Node and
// loading the engine again, which cost about a quarter of a CPU-second per run. Tests about the
// process itself (the binary, its exit code and streams, what is installed) still start it.
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `ml-guardrails ...args` from `cwd`, not on a terminal, and returns what it wrote. */
export async function cliHere(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
    cwd,
  });
  return { status, stdout, stderr };
}

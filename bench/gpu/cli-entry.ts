// The CLI as one bundle (bench/gpu/build.ts), for a GPU machine with no node_modules.
import { runCli } from '../../src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: false,
  cwd: process.cwd(),
});

/** SIGTERM or Ctrl-C ended `check` early: said in one line, as an error (exit 2), not a crash. */
export class StoppedBySignal extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal} before the evaluation finished; nothing was reported`);
    this.name = 'StoppedBySignal';
  }
}

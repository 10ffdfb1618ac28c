// `npm start`: the GitHub App server, configured from the environment (see docs/app.md).
import { describeThrown } from '../errors.js';
import { startAppServer } from './server.js';
import { readAppSettings } from './settings.js';

let app: Awaited<ReturnType<typeof startAppServer>>;
try {
  app = await startAppServer(readAppSettings(process.env));
} catch (error) {
  console.error(JSON.stringify({ level: 'fatal', msg: `ml-guardrails App could not start: ${describeThrown(error)}` }));
  process.exit(2);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Drain, then exit: no check run is left in progress (finished, or completed as cancelled).
    app.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: `shutdown failed: ${describeThrown(error)}` }));
        process.exit(1);
      },
    );
  });
}

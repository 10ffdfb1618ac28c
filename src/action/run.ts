// The Action's entry point (bundled to dist/index.js). Do not add any logic to this file.
import { run } from './runner.js';

await run();

// Writes src/runtime/duckdb-pins.ts from package-lock.json: the exact DuckDB packages (and
// their sha512 integrity) that the Action may download on demand. `npm run pin:duckdb` after
// upgrading @duckdb/node-api; a test fails when the pins and the lock file disagree.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { duckdbPinsFromLock, renderDuckdbPins } from './duckdb-pins-source.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pins = duckdbPinsFromLock(path.join(root, 'package-lock.json'));
writeFileSync(path.join(root, 'src/runtime/duckdb-pins.ts'), renderDuckdbPins(pins));
console.log(`pinned @duckdb/node-api ${pins.version} (${Object.keys(pins.platforms).length} platforms)`);

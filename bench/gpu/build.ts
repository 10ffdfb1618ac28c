// Prepares .gpu/ for a run on a GPU machine that has Python and PyTorch but no Node and no
// network: the CLI bundled into one file, and this machine's Node 24 binary, gzipped (the whole
// folder travels in about 46 MB). Run: npm run bench:gpu-prepare, then bench/gpu/run-mode-check.sh there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleOptions, ROOT } from '../../scripts/build-action.js';

const out = path.join(ROOT, '.gpu');
mkdirSync(out, { recursive: true });
await build({ ...bundleOptions(path.join(out, 'cli.mjs')), entryPoints: ['bench/gpu/cli-entry.ts'], plugins: [] });
writeFileSync(path.join(out, 'node.gz'), gzipSync(readFileSync(process.execPath), { level: 9 }));
console.log(`wrote ${out}/cli.mjs and ${out}/node.gz (Node ${process.version})`);

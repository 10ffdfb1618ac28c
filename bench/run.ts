// `npm run bench [-- name ...]`: runs the benchmarks, prints their figures and writes them to
// bench/results/latest.json. Figures are measured, never asserted in tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAction } from './action.js';
import { benchApp } from './app.js';
import { benchBenchmarkDecision } from './benchmark-decision.js';
import { benchCheck } from './check.js';
import { benchDataContract } from './data-contract.js';
import type { Figure } from './measure.js';
import { benchStandinStart } from './standin-start.js';
import { benchStartup } from './startup.js';

const benches: Record<string, () => Promise<Figure[]>> = {
  startup: benchStartup,
  check: benchCheck,
  standin: benchStandinStart,
  'data-contract': benchDataContract,
  'data-contract-cli': (await import('./data-contract-cli.js')).benchDataContractCli,
  action: benchAction,
  app: benchApp,
  'benchmark-decision': benchBenchmarkDecision,
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const selected = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const unknown = selected.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

const results: Record<string, Figure[]> = {};
for (const [name, bench] of Object.entries(benches)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  console.log(`\n== ${name}`);
  const figures = await bench();
  results[name] = figures;
  for (const f of figures) console.log(`  ${f.name}: ${f.value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}

const out = path.join(root, 'bench', 'results', 'latest.json');
mkdirSync(path.dirname(out), { recursive: true });
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${process.platform}-${process.arch}`,
};
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);

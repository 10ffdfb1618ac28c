// Prints the red-team campaign's counts per area from vitest's JSON report (bench/results/attack.json):
// held (the test passed), broke (it failed: a defect), limits (documented, skipped).
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface VitestJson {
  testResults: { name: string; assertionResults: { status: string }[] }[];
}

const report = JSON.parse(readFileSync(path.resolve('bench/results/attack.json'), 'utf8')) as VitestJson;
const rows = report.testResults.map((file) => {
  const statuses = file.assertionResults.map((a) => a.status);
  const count = (s: string) => statuses.filter((x) => x === s).length;
  return {
    area: path.basename(file.name, '.campaign.ts'),
    held: count('passed'),
    broke: count('failed'),
    limits: statuses.length - count('passed') - count('failed'),
  };
});
rows.sort((a, b) => a.area.localeCompare(b.area));
for (const r of rows)
  console.log(
    `${r.area.padEnd(14)} ${String(r.held).padStart(4)} held ${String(r.broke).padStart(3)} broke ${String(r.limits).padStart(3)} limits`,
  );
const total = rows.reduce((t, r) => ({ held: t.held + r.held, broke: t.broke + r.broke, limits: t.limits + r.limits }), {
  held: 0,
  broke: 0,
  limits: 0,
});
console.log(
  `attack: ${total.held + total.broke + total.limits} inputs, ${total.held} held, ${total.broke} broke, ${total.limits} documented limits`,
);
process.exitCode = total.broke > 0 ? 1 : 0;

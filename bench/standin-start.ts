// How long a test waits for a GitHub stand-in: start (server, RSA key, one repository with a
// commit) until it answers, then close. Reports median and p95 over 20 runs.
import { startStandin } from '../standin/index.js';

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(index, 0)] ?? Number.NaN;
}

export async function benchStandinStart(runs = 20): Promise<{ name: string; value: number; unit: string }[]> {
  const times: number[] = [];
  // One warm-up start loads modules and the OpenAPI subset, which every later start reuses.
  await (await startStandin()).close();
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const gh = await startStandin({ repos: [{ owner: 'acme', name: 'models', files: { 'README.md': '# models\n' } }] });
    times.push(performance.now() - started);
    await gh.close();
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return [
    { name: 'standin start (median)', value: round(percentile(times, 50)), unit: 'ms' },
    { name: 'standin start (p95)', value: round(percentile(times, 95)), unit: 'ms' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStandinStart(), null, 2));
}

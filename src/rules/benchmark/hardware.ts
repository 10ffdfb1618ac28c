import { execFile } from 'node:child_process';
import os from 'node:os';

/** The machine a result was measured on. Results are compared only between equal `key`s. */
export interface Hardware {
  /** What must match for two results to be comparable: GPU model and count, or CPU model and count. */
  key: string;
  gpu: { name: string; count: number; driver: string; cuda: string | null } | null;
  cpu: { model: string; count: number };
}

/** Reads the GPUs from `nvidia-smi` when it is there, and the CPU from the OS. */
export async function detectHardware(): Promise<Hardware> {
  const cpus = os.cpus();
  const cpu = { model: (cpus[0]?.model ?? 'unknown CPU').trim(), count: cpus.length };
  const gpu = await detectGpu();
  const key = gpu === null ? `cpu: ${cpu.count} x ${cpu.model}` : `gpu: ${gpu.count} x ${gpu.name}`;
  return { key, gpu, cpu };
}

/** One line for a report: `1 x NVIDIA H100 80GB HBM3 (driver 550.54, CUDA 12.4)`. */
export function describeHardware(hardware: Hardware): string {
  if (hardware.gpu === null) return `${hardware.cpu.count} x ${hardware.cpu.model}, no GPU`;
  const cuda = hardware.gpu.cuda === null ? '' : `, CUDA ${hardware.gpu.cuda}`;
  return `${hardware.gpu.count} x ${hardware.gpu.name} (driver ${hardware.gpu.driver}${cuda})`;
}

async function detectGpu(): Promise<Hardware['gpu']> {
  const query = await runQuiet('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader']);
  if (query === null) return null;
  const rows = query
    .split('\n')
    .map((line) => line.split(',').map((cell) => cell.trim()))
    .filter((cells) => cells[0] !== undefined && cells[0] !== '');
  if (rows.length === 0) return null;
  // The CUDA version the driver supports is only printed in the banner of plain `nvidia-smi`.
  const banner = (await runQuiet('nvidia-smi', [])) ?? '';
  const cuda = /CUDA Version:\s*([\d.]+)/.exec(banner)?.[1] ?? null;
  return { name: rows[0]![0]!, count: rows.length, driver: rows[0]![1] ?? 'unknown', cuda };
}

function runQuiet(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 20_000, encoding: 'utf8' }, (error, stdout) => resolve(error === null ? stdout : null));
  });
}

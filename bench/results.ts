import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The contract between the benchmarks and `bench/print-summary.ts`: each benchmark, besides
// printing, writes its rows to bench/.results/<name>.json (gitignored); `npm run bench` clears the
// folder first and prints one table of every row at the end.

export interface BenchLoad {
  loadavg1: number;
  cpus: number;
}

export interface BenchRow {
  /** The figure, e.g. "full sync, 200,000 assignments". */
  what: string;
  /** What was measured, as printed (e.g. "103,000 rows/s"). */
  measured: string;
  /** The baseline measured in the same run, as printed; null when the target is absolute. */
  baseline: string | null;
  /** The ratio to the baseline, or the time / count the target is about. */
  value: number;
  /** The target, as printed (e.g. "≥ 0.8 × COPY"). */
  target: string;
  met: boolean;
}

export interface BenchResults {
  load: BenchLoad;
  rows: BenchRow[];
}

export const RESULTS_DIR = path.resolve(import.meta.dirname, '.results');

export function currentLoad(): BenchLoad {
  return { loadavg1: os.loadavg()[0] ?? 0, cpus: os.cpus().length };
}

/** The machine's load as printed by every benchmark: load averages and the CPU count. */
export function describeLoad(): string {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} on ${os.cpus().length} CPUs`;
}

export function writeResults(name: string, rows: BenchRow[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results: BenchResults = { load: currentLoad(), rows };
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// `npm run bench` ends here: one table of every target the benchmarks of this run wrote to
// bench/.results/ (see results.ts), with the machine's load when each was written.
// `--clear` (the first step of `npm run bench`) empties the folder so only this run's rows show.

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchResults, describeLoad, fmt, RESULTS_DIR } from './results.ts';

const { values: args } = parseArgs({ options: { clear: { type: 'boolean', default: false } } });

if (args.clear) {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  process.exit(0);
}

const files = existsSync(RESULTS_DIR)
  ? readdirSync(RESULTS_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
  : [];
if (files.length === 0) {
  console.error(`no benchmark results in ${RESULTS_DIR}: run a benchmark first`);
  process.exit(1);
}

const header = [
  'benchmark',
  'what',
  'measured',
  'baseline (same run)',
  'ratio / time',
  'target',
  'result',
  'load',
];
const table: string[][] = [];
let missed = 0;
let total = 0;
for (const file of files) {
  const name = path.basename(file, '.json');
  const results = JSON.parse(readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as BenchResults;
  const load = `${fmt(results.load.loadavg1, 2)} / ${results.load.cpus} CPUs`;
  for (const row of results.rows) {
    total += 1;
    if (!row.met) missed += 1;
    table.push([
      name,
      row.what,
      row.measured,
      row.baseline ?? '—',
      fmt(row.value, row.value >= 100 ? 0 : 2),
      row.target,
      row.met ? 'met' : 'MISSED',
      load,
    ]);
  }
}

const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((row) => row[column]?.length ?? 0)),
);
const line = (cells: string[]) =>
  `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
console.log('');
console.log(`Every target of this run (load when each benchmark finished: 1-minute load average / CPUs)`);
console.log(line(header));
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
console.log(`targets met: ${total - missed} of ${total}; ${describeLoad()} now`);
process.exit(0);

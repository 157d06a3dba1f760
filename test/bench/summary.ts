/**
 * The four figures of issue #11 in one table: what `npm run bench:tickets` collected in .local/bench/figures.jsonl
 * (each bench appends its headline figures there, with the machine's load average when it was taken).
 *
 *   npm run bench:tickets:summary -w @sla-desk/test
 */
import { existsSync, readFileSync } from 'node:fs';
import { FIGURES_FILE, machine, type Figure } from './support';

function main(): void {
  if (!existsSync(FIGURES_FILE)) throw new Error(`no figures yet in ${FIGURES_FILE}: run npm run bench:tickets -w @sla-desk/test`);
  const figures = readFileSync(FIGURES_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Figure);
  const rows = [
    ['bench', 'figure', 'measured', 'goal', '', 'load (1/5/15 min)'],
    ...figures.map((f) => [f.bench, f.figure, f.value, f.goal, f.met ? 'met' : 'MISSED', f.load]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  process.stdout.write(`\nTicket workflow benchmarks — ${machine()}\n`);
  process.stdout.write([line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n') + '\n');
  if (figures.some((f) => !f.met)) process.exitCode = 1;
}

main();

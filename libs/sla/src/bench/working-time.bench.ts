/**
 * Working-time benchmark (figures printed, not asserted): npm run -w @sla-desk/sla bench
 * Random minute-aligned instants in 2023-01 … 2026-11 on the RU calendar (Europe/Moscow).
 */
import {
  addWorkingTime,
  compileCalendar,
  russianProductionCalendar,
  subtractWorkingTime,
  workingTimeBetween,
  type BusinessCalendar,
  type WorkingAmount,
} from '../calendar';

const N = Number(process.env.BENCH_N ?? 300_000);
const ROUNDS = 5;

// A small deterministic PRNG (mulberry32), so every run measures the same inputs.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = rng(42);
const FROM = Date.UTC(2023, 0, 1) / 60_000;
const TO = Date.UTC(2026, 10, 1) / 60_000;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const instants = Array.from({ length: N }, () => new Date(int(FROM, TO) * 60_000));
const dayAmounts: WorkingAmount[] = Array.from({ length: N }, () => ({ days: int(1, 30) }));
const hourAmounts: WorkingAmount[] = Array.from({ length: N }, () => ({ hours: int(1, 240) }));
const ends = instants.map((t) => new Date(t.getTime() + int(0, 60 * 24 * 60) * 60_000));

function measure(name: string, fn: (i: number) => unknown): void {
  let sink = 0;
  for (let i = 0; i < Math.min(N, 20_000); i++) sink += fn(i) === null ? 1 : 0; // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sink += fn(i) === null ? 1 : 0;
    rates.push(N / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(ROUNDS / 2)];
  console.log(
    `${name.padEnd(52)} ${Math.round(median).toLocaleString('en-US').padStart(12)} calls/s  (best ${Math.round(rates[ROUNDS - 1]).toLocaleString('en-US')})${sink ? '' : ''}`,
  );
}

function coldStart(): void {
  const t0 = performance.now();
  const cal: BusinessCalendar = russianProductionCalendar();
  const t1 = performance.now();
  addWorkingTime(cal, new Date('2026-05-08T12:00:00+03:00'), { days: 5 });
  const t2 = performance.now();
  for (let y = 2022; y <= 2027; y++) addWorkingTime(cal, new Date(Date.UTC(y, 5, 1)), { hours: 1 });
  const t3 = performance.now();
  const copy = JSON.parse(JSON.stringify(cal)) as BusinessCalendar; // as a workflow receives it
  const t4 = performance.now();
  addWorkingTime(copy, new Date('2026-05-08T12:00:00+03:00'), { days: 5 });
  const t5 = performance.now();
  console.log(
    `cold start: build RU calendar ${(t1 - t0).toFixed(1)} ms; first call (compile + one year) ${(t2 - t1).toFixed(1)} ms; ` +
      `the other 5 years ${(t3 - t2).toFixed(1)} ms; first call on a JSON copy ${(t5 - t4).toFixed(1)} ms`,
  );
}

console.log(`node ${process.version}, ${N.toLocaleString('en-US')} random inputs per round, median of ${ROUNDS} rounds`);
coldStart();
const cal = russianProductionCalendar();
const compiled = compileCalendar(cal);
for (let y = 2022; y <= 2027; y++) addWorkingTime(cal, new Date(Date.UTC(y, 5, 1)), { hours: 1 }); // compile all years
measure('addWorkingTime, 1–30 working days', (i) => addWorkingTime(cal, instants[i], dayAmounts[i]));
measure('addWorkingTime, 1–240 working hours', (i) => addWorkingTime(cal, instants[i], hourAmounts[i]));
measure('addWorkingTime, 1–30 wd, compiled form passed', (i) => addWorkingTime(compiled, instants[i], dayAmounts[i]));
measure('subtractWorkingTime, 1–30 working days', (i) => subtractWorkingTime(cal, instants[i], dayAmounts[i]));
measure('subtractWorkingTime, 1–240 working hours', (i) => subtractWorkingTime(cal, instants[i], hourAmounts[i]));
measure('workingTimeBetween, spans 0–60 days', (i) => workingTimeBetween(cal, instants[i], ends[i]));

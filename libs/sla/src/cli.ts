#!/usr/bin/env node
/**
 * `npm run -s sla`: working-time arithmetic on JSON lines, stdin → stdout (one output line per non-blank input
 * line; a bad line gives {"error": …} and the next line is read). The protocol lives in ./cli/protocol.ts.
 */
import { createCliHandler } from './cli/protocol';

const USAGE = `usage: npm run -s sla < requests.jsonl
  {"op":"add","start":"2026-05-08T12:00:00+03:00","workingDays":1}        → {"result":"2026-05-12T12:00:00+03:00"}
  {"op":"subtract","start":"2026-05-12T12:00:00+03:00","workingHours":4}  → {"result":"2026-05-08T16:00:00+03:00"}
  {"op":"between","start":"2026-05-18T09:00:00+03:00","end":"2026-05-19T09:00:00+03:00"} → {"workingMinutes":480}
  optional: "workingMinutes" instead of days/hours, "calendar":"RU" (default), "timeZone":"Europe/Moscow" (default), "id"
`;

function main(): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const handle = createCliHandler();
  let pending = '';
  const run = (lines: string[]) => {
    let out = '';
    for (const line of lines) {
      const r = handle(line);
      if (r !== null) out += r + '\n';
    }
    if (out !== '') process.stdout.write(out);
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    run(parts);
  });
  process.stdin.on('end', () => {
    if (pending !== '') run([pending]);
  });
}

main();

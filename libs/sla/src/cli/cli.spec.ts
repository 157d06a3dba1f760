import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('npm run -s sla (the real CLI, spawned)', () => {
  it('answers each line, reports bad lines and keeps going', () => {
    const input = [
      '{"op":"add","start":"2026-05-08T12:00:00+03:00","workingDays":1}',
      '',
      'not json',
      '{"op":"subtract","start":"2026-05-12T12:00:00+03:00","workingHours":4}',
      '{"op":"add","start":"2026-05-08T12:00:00","workingDays":1}',
      '{"op":"between","start":"2026-05-18T09:00:00+03:00","end":"2026-05-19T09:00:00+03:00"}',
      '{"op":"add","start":"2026-04-29T17:30:00+03:00","workingMinutes":60}',
    ].join('\n');
    const r = spawnSync('npm', ['run', '-s', 'sla'], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { result: '2026-05-12T12:00:00+03:00' },
      { error: expect.stringMatching(/invalid JSON/) },
      { result: '2026-05-08T16:00:00+03:00' },
      { error: expect.stringMatching(/no UTC offset/) },
      { workingMinutes: 480 },
      { result: '2026-04-30T09:30:00+03:00' },
    ]);
  }, 60_000);
});

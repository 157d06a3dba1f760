import { jsonLine, jsonLogger } from './logger';

describe('jsonLogger', () => {
  it('writes one JSON object per entry, at or above the level', () => {
    const lines: string[] = [];
    const log = jsonLogger('worker', 'info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('started', { taskQueue: 'sla-desk' });
    log.child('kafka').error('failed', { err: new Error('boom') });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: expect.any(String), level: 'info', name: 'worker', msg: 'started', taskQueue: 'sla-desk' },
      {
        time: expect.any(String),
        level: 'error',
        name: 'worker:kafka',
        msg: 'failed',
        err: expect.objectContaining({ name: 'Error', message: 'boom' }),
      },
    ]);
  });

  it('writes nothing when silent', () => {
    const lines: string[] = [];
    jsonLogger('x', 'silent', (l) => lines.push(l)).error('nobody hears this');
    expect(lines).toEqual([]);
  });

  it('survives cycles and bigints', () => {
    const o: Record<string, unknown> = { a: 1, n: 2n };
    o.self = o;
    expect(JSON.parse(jsonLine(o))).toEqual({ a: 1, n: '2', self: '[circular]' });
  });
});

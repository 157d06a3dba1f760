import { jsonLine, jsonLogger, temporalJsonLogger } from './logging';

describe('JSON-lines logging', () => {
  it('writes one JSON object per entry, at or above the level', () => {
    const lines: string[] = [];
    const log = jsonLogger('worker', 'info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('started', { taskQueue: 'sla-desk' });
    log.child('kafka').error('failed', { err: new Error('boom') });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: expect.any(String), level: 'info', name: 'worker', msg: 'started', taskQueue: 'sla-desk' },
      { time: expect.any(String), level: 'error', name: 'worker:kafka', msg: 'failed', err: expect.objectContaining({ name: 'Error', message: 'boom' }) },
    ]);
  });

  it('turns Temporal runtime entries into the same shape', () => {
    const lines: string[] = [];
    const log = temporalJsonLogger('info', (l) => lines.push(l));
    log.info('Worker state changed', { sdkComponent: 'worker', taskQueue: 'q', state: 'RUNNING' });
    log.warn('Activity failed', { sdkComponent: 'activity', attempt: 2n, error: new Error('lost ack') });
    log.debug('hidden', { sdkComponent: 'core' });
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(a).toEqual({ time: expect.any(String), level: 'info', name: 'temporal:worker', msg: 'Worker state changed', taskQueue: 'q', state: 'RUNNING' });
    expect(b).toMatchObject({ level: 'warn', name: 'temporal:activity', attempt: '2', error: { message: 'lost ack' } });
  });

  it('survives cycles', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(JSON.parse(jsonLine(o))).toEqual({ a: 1, self: '[circular]' });
  });
});

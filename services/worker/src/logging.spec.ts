import { temporalJsonLogger } from './logging';

describe('Temporal runtime logging', () => {
  it('turns Temporal runtime entries into the same shape', () => {
    const lines: string[] = [];
    const log = temporalJsonLogger('info', (l) => lines.push(l));
    log.info('Worker state changed', { sdkComponent: 'worker', taskQueue: 'q', state: 'RUNNING' });
    log.warn('Activity failed', { sdkComponent: 'activity', attempt: 2n, error: new Error('lost ack') });
    log.debug('hidden', { sdkComponent: 'core' });
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(a).toEqual({
      time: expect.any(String),
      level: 'info',
      name: 'temporal:worker',
      msg: 'Worker state changed',
      taskQueue: 'q',
      state: 'RUNNING',
    });
    expect(b).toMatchObject({ level: 'warn', name: 'temporal:activity', attempt: '2', error: { message: 'lost ack' } });
  });
});

import type { OutgoingEvent } from './envelope';
import { CoalescingSink, type EventSink } from './sink';

const event = (id: string): OutgoingEvent =>
  ({
    eventId: id,
    type: 'ticket.registered',
    schemaVersion: 1,
    topic: 'sladesk.tickets.v1',
    key: id,
    tenantId: 't',
    value: new Uint8Array(),
    headers: {},
  }) as OutgoingEvent;

/** A sink whose requests complete when the test says so. */
class GatedSink implements EventSink {
  readonly requests: string[][] = [];
  private gates: Array<(err?: Error) => void> = [];
  write(events: readonly OutgoingEvent[]): Promise<void> {
    this.requests.push(events.map((e) => e.eventId));
    return new Promise((resolve, reject) => this.gates.push((err) => (err ? reject(err) : resolve())));
  }
  release(err?: Error): void {
    this.gates.shift()!(err);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CoalescingSink', () => {
  it('sends the writes that arrive during a request together in the next one, in arrival order', async () => {
    const inner = new GatedSink();
    const sink = new CoalescingSink(inner);
    const first = sink.write([event('a1')]);
    const rest = [sink.write([event('b1'), event('b2')]), sink.write([event('c1')])];
    await tick();
    expect(inner.requests).toEqual([['a1']]);
    inner.release();
    await first;
    await tick();
    expect(inner.requests).toEqual([['a1'], ['b1', 'b2', 'c1']]);
    inner.release();
    await Promise.all(rest);
  });

  it('fails every write of a failed request, and goes on with the next', async () => {
    const inner = new GatedSink();
    const sink = new CoalescingSink(inner);
    const first = sink.write([event('a1')]);
    const second = sink.write([event('b1')]);
    const third = sink.write([event('c1')]);
    await tick();
    inner.release();
    await first;
    await tick();
    inner.release(new Error('broker away'));
    await expect(second).rejects.toThrow('broker away');
    await expect(third).rejects.toThrow('broker away');
    const fourth = sink.write([event('d1')]);
    await tick();
    expect(inner.requests.at(-1)).toEqual(['d1']);
    inner.release();
    await fourth;
  });

  it('never puts more than maxEvents in a request, and never splits a write', async () => {
    const inner = new GatedSink();
    const sink = new CoalescingSink(inner, 3);
    const writes = [
      sink.write([event('a1')]),
      sink.write([event('b1'), event('b2')]),
      sink.write([event('c1'), event('c2')]),
      sink.write([event('d1'), event('d2'), event('d3'), event('d4')]),
    ];
    await tick();
    for (let i = 0; i < 4; i++) {
      inner.release();
      await tick();
    }
    await Promise.all(writes);
    expect(inner.requests).toEqual([['a1'], ['b1', 'b2'], ['c1', 'c2'], ['d1', 'd2', 'd3', 'd4']]);
  });
});

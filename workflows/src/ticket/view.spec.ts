// What Temporal's index holds about a ticket's clocks (./view.ts slaIndex): instants and routing states only.
import { customer, msk, planForRelease, registered } from '../../test/support/machine-fixtures';
import { slaIndex } from './view';

describe('slaIndex', () => {
  it('holds the running provider clock’s due instant, and a breach changes nothing in it', () => {
    const m = registered();
    const before = slaIndex(m.s);
    expect(before).toEqual({ state: null, dueAt: msk('2026-05-07T10:00') });
    m.tick(msk('2026-05-07T10:05'));
    expect(m.view(msk('2026-05-07T10:05')).slaState).toBe('BREACHED');
    expect(slaIndex(m.s)).toEqual(before);
  });

  it('says AWAITING_RELEASE for a breached ticket whose running clock waits for a release (the view says BREACHED)', () => {
    const m = registered();
    m.tick(msk('2026-05-07T10:05'));
    const planned = { releaseId: 'r-2026.6', kind: 'PLANNED' as const, scheduledFor: msk('2026-06-01T12:00') };
    m.analyse(planForRelease(planned, 'IMPROVEMENT', 'NORMAL'), msk('2026-05-07T11:00'));
    expect(slaIndex(m.s).dueAt).toBe(msk('2026-06-01T12:00'));
    m.releaseShipped({ releaseId: 'r-2026.6', shippedAt: msk('2026-06-01T12:00'), includesTicket: true }, msk('2026-06-01T12:00'));
    // Only the customer's acceptance clock runs: no provider due instant.
    expect(slaIndex(m.s)).toEqual({ state: null, dueAt: null });
    m.sendRemarks({ actor: customer, remarks: ['the export is missing'] }, msk('2026-06-02T12:00'));
    expect(m.view(msk('2026-06-02T12:00')).slaState).toBe('BREACHED');
    expect(slaIndex(m.s)).toEqual({ state: 'AWAITING_RELEASE', dueAt: null });
    m.releaseScheduled({ releaseId: 'hotfix-9', kind: 'UNPLANNED', scheduledFor: msk('2026-06-05T12:00') }, msk('2026-06-02T13:00'));
    expect(slaIndex(m.s)).toEqual({ state: null, dueAt: msk('2026-06-05T12:00') });
  });
});

/**
 * The clock ledger: every clock a subject (ticket, call, contract) has had, as views. Running clocks are re-planned
 * by the planner after every change; a clock that is no longer planned is stopped (met, met late, or stopped by a
 * cancellation); what fired is kept on the view (warnedAt, breachedAt, expiredAt). Pure: `now` is an argument.
 */
import type { Instant, PlannedClock } from '@sla-desk/sla';
import { ClockState, type ClockView } from '@sla-desk/workflow-api';

const ms = (t: Instant): number => Date.parse(t);

export function isRunning(v: ClockView): boolean {
  return v.stoppedAt === undefined;
}

/** The state of a running clock at `now`. */
export function runningState(v: ClockView, now: Instant): ClockState {
  if (v.expiredAt) return ClockState.EXPIRED;
  if (v.breachedAt) return ClockState.BREACHED;
  // At the due instant itself the clock is still in time (docs/sla-rules.md#in-time-late-and-each-outcome-once).
  if (v.dueAt && ms(now) > ms(v.dueAt)) return ClockState.OVERDUE;
  if (v.warnedAt) return ClockState.WARNED;
  if (!v.dueAt) return ClockState.AWAITING_RELEASE;
  return ClockState.RUNNING;
}

export interface SyncResult {
  started: ClockView[];
  stopped: ClockView[];
  /** Running clocks whose due or notice instant moved. */
  moved: ClockView[];
}

/**
 * Brings the ledger in line with the planned (running) clocks at `now`. `stopAs` says how a clock that stopped
 * running ended when the ticket did not meet it by an action (cancel, close without processing).
 */
export function syncLedger(ledger: ClockView[], planned: readonly PlannedClock[], now: Instant, stopAs?: 'STOPPED'): SyncResult {
  const result: SyncResult = { started: [], stopped: [], moved: [] };
  const ids = new Set(planned.map((p) => p.id));
  for (const v of ledger) {
    if (!isRunning(v) || ids.has(v.id)) continue;
    v.stoppedAt = now;
    const late = v.breachedAt !== undefined || v.expiredAt !== undefined || (v.dueAt !== null && ms(now) > ms(v.dueAt));
    v.state = v.expiredAt ? ClockState.EXPIRED : stopAs === 'STOPPED' ? ClockState.STOPPED : late ? ClockState.MET_LATE : ClockState.MET;
    result.stopped.push(v);
  }
  for (const p of planned) {
    const i = ledger.findIndex((v) => v.id === p.id);
    if (i < 0) {
      const v: ClockView = { ...p, state: ClockState.RUNNING };
      v.state = runningState(v, now);
      ledger.push(v);
      result.started.push(v);
      continue;
    }
    const old = ledger[i];
    const moved = old.dueAt !== p.dueAt || old.noticeAt !== p.noticeAt;
    const next: ClockView = { ...p, state: old.state };
    for (const k of ['warnedAt', 'breachedAt', 'expiredAt'] as const) if (old[k]) next[k] = old[k];
    next.state = runningState(next, now);
    ledger[i] = next;
    if (moved) result.moved.push(next);
  }
  return result;
}

/** The ledger at `now` for reading: running states recomputed, running clocks first. */
export function ledgerView(ledger: readonly ClockView[], now: Instant): ClockView[] {
  const out = ledger.map((v) => (isRunning(v) ? { ...v, state: runningState(v, now) } : { ...v }));
  return [...out.filter(isRunning), ...out.filter((v) => !isRunning(v))];
}

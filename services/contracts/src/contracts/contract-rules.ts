// The rules of a contract that need no database: which catalog items each kind may cover, the period, which of
// several contracts governs a ticket. Failures are BAD_USER_INPUT naming the input field.
import { badUserInput } from '@sla-desk/auth';
import { isoDateOf } from '@sla-desk/subgraph';
import type { ContractKind } from '../generated/prisma/client';

const ONE_OFF_SUPPORT = ['6.2.1', '6.2.2', '6.2.3', '6.2.4', '6.2.5', '6.2.6', '6.2.7'];

/**
 * The service catalog items (the seed's numbering, which the catalog subgraph keeps as ServiceItem.code) each kind
 * of contract may cover: a warranty is item 5; a subscription is support (6 with 6.1-6.3); one-off services are
 * items 1-4 and the single support services 6.2.x.
 */
export const COVERABLE_ITEMS: Readonly<Record<ContractKind, readonly string[]>> = {
  WARRANTY: ['5'],
  SUBSCRIPTION: ['6', '6.1', '6.2', ...ONE_OFF_SUPPORT, '6.3'],
  ONE_OFF: ['1', '2', '3', '4', '4.1', '4.2', '4.3', ...ONE_OFF_SUPPORT],
};
const KNOWN_ITEMS = new Set(Object.values(COVERABLE_ITEMS).flat());

export const WARRANTY_MAX_MONTHS = 12;
/** A sanity bound for the other kinds (a typo such as 2206 for 2026 is refused). */
export const MAX_CONTRACT_YEARS = 10;

/** Precedence when several signed contracts cover the same component at the same instant (README: overlap rule). */
export const KIND_PRECEDENCE: readonly ContractKind[] = ['WARRANTY', 'SUBSCRIPTION', 'ONE_OFF'];

export function requireCoverableItems(kind: ContractKind, codes: readonly string[]): string[] {
  const unique = [...new Set(codes.map((c) => c.trim()))];
  if (unique.length === 0) throw badUserInput('A contract covers at least one catalog item', { field: 'catalogItemCodes' });
  for (const code of unique) {
    if (!KNOWN_ITEMS.has(code)) throw badUserInput(`Unknown catalog item ${code}`, { field: 'catalogItemCodes' });
    if (!COVERABLE_ITEMS[kind].includes(code)) {
      throw badUserInput(`A ${kind} contract cannot cover catalog item ${code} (allowed: ${COVERABLE_ITEMS[kind].join(', ')})`, {
        field: 'catalogItemCodes',
      });
    }
  }
  return unique.sort();
}

/** The day after the last day a period starting on `from` may last `months` months (2026-03-15 + 12 → 2027-03-15). */
function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January + 1 month: JavaScript rolls into March; the period ends with February instead.
  if (d.getUTCDate() !== from.getUTCDate()) d.setUTCDate(0);
  return d;
}

/** validFrom ≤ validTo (inclusive dates); a warranty lasts at most 12 months, the other kinds at most 10 years. */
export function checkPeriod(kind: ContractKind, validFrom: Date, validTo: Date): void {
  if (validTo < validFrom) throw badUserInput('The period ends before it starts', { field: 'validTo' });
  const months = kind === 'WARRANTY' ? WARRANTY_MAX_MONTHS : MAX_CONTRACT_YEARS * 12;
  const limit = addMonths(validFrom, months);
  if (validTo >= limit) {
    const what =
      kind === 'WARRANTY'
        ? `A warranty lasts at most ${WARRANTY_MAX_MONTHS} months`
        : `A contract lasts at most ${MAX_CONTRACT_YEARS} years`;
    throw badUserInput(`${what}: the last day may be ${isoDateOf(new Date(limit.getTime() - 86_400_000))}`, { field: 'validTo' });
  }
}

export interface CoveringContract {
  id: string;
  kind: ContractKind;
  validFrom: Date;
  signedAt: Date | null;
}

/** Of the contracts that cover a component at an instant, the one that governs: by kind, then the latest signed. */
export function governingContract<C extends CoveringContract>(candidates: readonly C[]): C | null {
  const rank = (c: C) => KIND_PRECEDENCE.indexOf(c.kind);
  return (
    [...candidates].sort(
      (a, b) => rank(a) - rank(b) || (b.signedAt?.getTime() ?? 0) - (a.signedAt?.getTime() ?? 0) || a.id.localeCompare(b.id),
    )[0] ?? null
  );
}

// The kinds of notice a user can get (and switch email off for, per kind). In-app notices always appear.
export const NOTICE_KINDS = [
  'CLOCK_WARNING',
  'CLOCK_BREACHED',
  'CLARIFICATION_EXPIRED',
  'CLARIFICATION_REQUESTED',
  'SOLUTION_DELIVERED',
  'REMARKS_RECEIVED',
  'TICKET_ASSIGNED',
  'PROVIDER_FREED',
  'COMMENT_ADDED',
  'ACCESS_LIST_CLOCK',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

export function isNoticeKind(value: string): value is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(value);
}

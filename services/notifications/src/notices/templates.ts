// Notice texts, Russian by default and English on request (the user's preference). The subject starts with the
// ticket number in brackets — "[SD-2026-000123] …" — so a reply threads back to the ticket (see inbound/threading.ts).
import type { Locale, NoticeKind } from './kinds';

export interface NoticeFacts {
  /** The ticket's number, or its id when the number is not known yet. */
  ticketRef?: string;
  ticketTitle?: string;
  /** ANALYSIS, SOLUTION, … (the clock's kind). */
  clock?: string;
  dueAt?: Date;
  /** The side owing the next action. */
  party?: 'PROVIDER' | 'CUSTOMER';
  text?: string;
}

export interface RenderedNotice {
  subject: string;
  body: string;
}

const CLOCK_RU: Record<string, string> = {
  ANALYSIS: 'первичный анализ',
  CLARIFICATION: 'ответ на уточняющий вопрос',
  SOLUTION: 'предоставление решения',
  ACCEPTANCE: 'приёмка решения',
  REMARK_FIX: 'устранение замечаний',
  HOTLINE_CALLBACK: 'обратный звонок',
  ACCESS_LIST: 'передача списка доступа',
};
const CLOCK_EN: Record<string, string> = {
  ANALYSIS: 'primary analysis',
  CLARIFICATION: 'clarification answer',
  SOLUTION: 'solution delivery',
  ACCEPTANCE: 'solution acceptance',
  REMARK_FIX: 'remark fixing',
  HOTLINE_CALLBACK: 'hotline callback',
  ACCESS_LIST: 'access list hand-over',
};

function when(date: Date | undefined, locale: Locale): string {
  if (!date) return locale === 'ru' ? 'срок не определён' : 'no deadline yet';
  // Moscow time: the contracts' working calendar is Russian; the ISO instant follows for any other reader.
  const local = date.toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: 'Europe/Moscow',
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return `${local} (MSK, ${date.toISOString()})`;
}

type Template = (f: NoticeFacts, clock: string, due: string) => { title: string; text: string };

const RU: Record<NoticeKind, Template> = {
  CLOCK_WARNING: (f, c, d) => ({
    title: `Приближается срок: ${c}`,
    text: `По заявке приближается срок «${c}»: ${d}. ${f.party === 'CUSTOMER' ? 'Ожидается действие заказчика.' : 'Ожидается действие исполнителя.'}`,
  }),
  CLOCK_BREACHED: (_f, c, d) => ({ title: `Нарушен срок: ${c}`, text: `Срок «${c}» истёк ${d}; нарушение зафиксировано.` }),
  CLARIFICATION_EXPIRED: (_f, _c, d) => ({
    title: 'Истёк срок ответа на уточняющий вопрос',
    text: `Срок ответа на уточняющий вопрос истёк ${d}. Исполнитель вправе закрыть заявку без обработки.`,
  }),
  CLARIFICATION_REQUESTED: (f) => ({ title: 'Нужно уточнение', text: `Исполнитель просит уточнить заявку:\n\n${f.text ?? ''}` }),
  SOLUTION_DELIVERED: (f) => ({
    title: 'Решение предоставлено',
    text: `Исполнитель предоставил решение. Примите его или направьте замечания.\n\n${f.text ?? ''}`,
  }),
  REMARKS_RECEIVED: (f) => ({ title: 'Получены замечания', text: `Заказчик направил замечания к решению:\n\n${f.text ?? ''}` }),
  TICKET_ASSIGNED: () => ({ title: 'Заявка назначена вам', text: 'Вы назначены ответственным за заявку.' }),
  PROVIDER_FREED: () => ({
    title: 'Сроки исполнителя больше не обязывают',
    text: 'Заказчик пропустил свой срок без мотивированного уведомления: сроки исполнителя по заявке больше не обязывают.',
  }),
  COMMENT_ADDED: (f) => ({ title: 'Новый комментарий', text: f.text ?? '' }),
  ACCESS_LIST_CLOCK: (_f, c, d) => ({ title: `Срок: ${c}`, text: `Срок «${c}» по договору: ${d}.` }),
};

const EN: Record<NoticeKind, Template> = {
  CLOCK_WARNING: (f, c, d) => ({
    title: `Deadline approaching: ${c}`,
    text: `The ${c} deadline of this ticket is near: ${d}. ${f.party === 'CUSTOMER' ? 'The customer owes the next action.' : 'The provider owes the next action.'}`,
  }),
  CLOCK_BREACHED: (_f, c, d) => ({ title: `Deadline breached: ${c}`, text: `The ${c} deadline passed at ${d}; the breach is recorded.` }),
  CLARIFICATION_EXPIRED: (_f, _c, d) => ({
    title: 'Clarification time expired',
    text: `The time to answer the clarification question ran out at ${d}. The provider may close the ticket without processing.`,
  }),
  CLARIFICATION_REQUESTED: (f) => ({ title: 'Clarification needed', text: `The provider asks about this ticket:\n\n${f.text ?? ''}` }),
  SOLUTION_DELIVERED: (f) => ({
    title: 'Solution delivered',
    text: `The provider delivered a solution. Accept it or send remarks.\n\n${f.text ?? ''}`,
  }),
  REMARKS_RECEIVED: (f) => ({ title: 'Remarks received', text: `The customer sent remarks on the solution:\n\n${f.text ?? ''}` }),
  TICKET_ASSIGNED: () => ({ title: 'Ticket assigned to you', text: 'You are now responsible for this ticket.' }),
  PROVIDER_FREED: () => ({
    title: 'Provider deadlines no longer binding',
    text: "The customer missed a deadline without a motivated notice: the provider's deadlines on this ticket no longer bind.",
  }),
  COMMENT_ADDED: (f) => ({ title: 'New comment', text: f.text ?? '' }),
  ACCESS_LIST_CLOCK: (_f, c, d) => ({ title: `Deadline: ${c}`, text: `Contract deadline "${c}": ${d}.` }),
};

export function renderNotice(kind: NoticeKind, facts: NoticeFacts, locale: Locale): RenderedNotice {
  const clock = facts.clock ? ((locale === 'ru' ? CLOCK_RU : CLOCK_EN)[facts.clock] ?? facts.clock) : '';
  const { title, text } = (locale === 'ru' ? RU : EN)[kind](facts, clock, when(facts.dueAt, locale));
  const prefix = facts.ticketRef ? `[${facts.ticketRef}] ` : '';
  const about = facts.ticketTitle ? (locale === 'ru' ? `Заявка: ${facts.ticketTitle}\n\n` : `Ticket: ${facts.ticketTitle}\n\n`) : '';
  const footer =
    locale === 'ru'
      ? '\n\n—\nSLA Desk. Ответьте на это письмо, чтобы добавить комментарий к заявке.'
      : '\n\n—\nSLA Desk. Reply to this email to add a comment to the ticket.';
  return { subject: `${prefix}${title}`, body: `${about}${text.trim()}${facts.ticketRef ? footer : ''}` };
}

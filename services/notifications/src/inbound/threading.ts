// Which ticket an inbound email answers: our Message-IDs in In-Reply-To / References (every email about a ticket
// refers to `<ticket-<id>@domain>`, see notices/notice-writer.ts), else a ticket number in brackets in the subject.
const THREAD_RE = /<ticket-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^>]+)>/gi;
const NUMBER_RE = /\[([A-Z]{2,5}-\d{4}-\d{3,})\]/;

export interface ThreadHint {
  ticketId?: string;
  number?: string;
}

export function threadOf(references: string[], subject: string, domain: string): ThreadHint {
  for (const ref of references) {
    for (const m of ref.matchAll(THREAD_RE)) {
      // Only our own domain: anyone can write "<ticket-…@elsewhere>".
      if (m[2]!.toLowerCase() === domain.toLowerCase()) return { ticketId: m[1]!.toLowerCase() };
    }
  }
  const n = NUMBER_RE.exec(subject);
  return n ? { number: n[1] } : {};
}

/** Auto-replies, bounces, lists and our own mail: never a ticket, a comment or a forward (no mail loops). */
export function loopReason(headers: Map<string, unknown>, envelopeFrom: string, loopHeader: string): string | null {
  if (!envelopeFrom) return 'BOUNCE';
  if (headers.has(loopHeader.toLowerCase())) return 'OWN_MAIL';
  const auto = String(headers.get('auto-submitted') ?? '')
    .trim()
    .toLowerCase();
  if (auto && auto !== 'no') return 'AUTO_SUBMITTED';
  const precedence = String(headers.get('precedence') ?? '')
    .trim()
    .toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return 'PRECEDENCE_' + precedence.toUpperCase();
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('list-id')) return 'AUTO_REPLY';
  const local = envelopeFrom.split('@')[0]!.toLowerCase();
  if (['mailer-daemon', 'postmaster', 'noreply', 'no-reply'].includes(local)) return 'SYSTEM_SENDER';
  return null;
}

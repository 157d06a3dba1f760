/** The content version of a calendar: a deterministic hash of its canonical JSON (pure). */
import type { BusinessCalendar } from './types';

/** JSON with object keys sorted (undefined members dropped), so equal content gives equal text. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** cyrb53: a fast, deterministic 53-bit string hash (not cryptographic). */
function cyrb53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The content version of a calendar: a hash of every field but `version` (e.g. `c1-0f3a9c…`). */
export function calendarVersion(cal: Omit<BusinessCalendar, 'version'> & { version?: string }): string {
  const { version: _ignored, ...content } = cal;
  return `c1-${cyrb53(canonicalJson(content)).toString(16).padStart(14, '0')}`;
}

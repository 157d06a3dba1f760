// What a new password must be: 12–256 characters, not containing the user's email address or name, and hard
// enough to guess by zxcvbn's estimate (common passwords, English words and names, keyboard patterns, repeats,
// sequences, dates, and the user's own details count as easy).
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 work is bounded: longer inputs are refused before hashing. */
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's cost grows with length; a longer tail cannot make a password weaker. */
const ESTIMATED_PREFIX = 100;

/** Whose password it is: their details make a password easy to guess. */
export interface PasswordOwner {
  email: string;
  displayName: string;
}

let estimator: ZxcvbnFactory | undefined;
function strengthEstimator(): ZxcvbnFactory {
  // Levenshtein matching is off: it costs hundreds of milliseconds of CPU per check.
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return estimator;
}

/** The owner's details as zxcvbn dictionary words: whole, in parts, and run together. */
function personalWords({ email, displayName }: PasswordOwner): string[] {
  const local = email.split('@')[0] ?? '';
  const localParts = local.split(/[._+-]+/);
  const nameParts = displayName.split(/\s+/);
  return [email, local, ...localParts, localParts.join(''), displayName, ...nameParts, nameParts.join(''), 'sladesk'];
}

/** Why `password` is not acceptable for `owner`, or null when it is. */
export function passwordProblem(password: string, owner: PasswordOwner, minStrength: Score): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (lower.includes(owner.email.toLowerCase())) return 'The password must not contain your email address';
  const name = owner.displayName.trim().toLowerCase().split(/\s+/);
  // The name as written or run together ("Jane Doe", "janedoe"); its parts alone are left to the estimate.
  const spaced = lower.replace(/\s+/g, ' ');
  if (name.join('').length >= 3 && (spaced.includes(name.join(' ')) || lower.includes(name.join('')))) {
    return 'The password must not contain your name';
  }
  const { score, feedback } = strengthEstimator().check(password.slice(0, ESTIMATED_PREFIX), personalWords(owner));
  if (score >= minStrength) return null;
  const why = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
  return `The password is too easy to guess.${why ? ` ${why}` : ''}`;
}

/** Account names: how a typed name is tidied, and the key that makes 'Acme' and 'ACME ' one account. */

/** Whitespace, plus the invisible separators that paste in from documents. */
const SPACES = /[\s\u200B\u2060]+/g;

/**
 * Trim, collapse inner whitespace, and strip surrounding straight or curly quote pairs,
 * as many as there are, so that normalising twice changes nothing (`""Acme""` is Acme).
 */
export function normaliseAccountName(name: string): string {
  let current = collapseSpaces(name);
  for (;;) {
    const next = collapseSpaces(stripQuotePair(current));
    if (next === current) return current;
    current = next;
  }
}

/** The case-insensitive identity of an account: 'Acme' and 'ACME ' are one account. */
export function accountKey(name: string): string {
  // NFKC also folds look-alikes such as full-width letters and composed/decomposed accents.
  return normaliseAccountName(name).normalize('NFKC').toLowerCase();
}

export function collapseSpaces(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

const DOUBLE_QUOTES = '"“”';
const SINGLE_QUOTES = "'‘’";

function stripQuotePair(text: string): string {
  if (text.length < 2) return text;
  const first = text.charAt(0);
  const last = text.charAt(text.length - 1);
  const paired = [DOUBLE_QUOTES, SINGLE_QUOTES].some((family) => family.includes(first) && family.includes(last));
  return paired ? text.slice(1, -1) : text;
}

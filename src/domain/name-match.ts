/**
 * Whether a typed account name is a near miss of a known one (`Globex` for `Globex Corp`, `Glbex Corp`),
 * so the coach asks instead of quietly opening a second account. Pure.
 *
 * The rule, chosen so a near match is almost always the same company:
 * 1. Same name once folded: letter case, accents, punctuation, spacing and trailing legal suffixes
 *    (Inc, Corp, Corporation, Co, Company, Ltd, Limited, GmbH, LLC, LLP, PLC, SA, AG, BV, NV, Pty) are
 *    ignored: Globex ~ Globex Corp ~ Globex, Inc. ~ GLOBEX corp. ~ Glo-bex.
 * 2. Or a typo: the same number of words, and each word that differs is a slip of the same word, not
 *    another word: it has at least 5 letters, keeps its first and last letter, and is one edit away
 *    (an insertion, deletion, change or swap of neighbours); words of 9 letters or more may be two
 *    edits away; at most two edits in all. So Glbex Corp ~ Globex Corp and Mircosoft ~ Microsoft, but
 *    Acme ≁ Acne (too short to tell a typo from another name), Globe ≁ Globex (the end differs: another
 *    word), Globex Health ≁ Globex (another word count), Globex Health ≁ Globex Wealth (first letter).
 */

/** Legal-form words dropped from the end of a name (after dots are removed, so `L.L.C.` is llc). */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'gmbh',
  'llc',
  'llp',
  'plc',
  'sa',
  'ag',
  'bv',
  'nv',
  'pty',
]);

/** Shortest word in which a one-letter slip is taken as a typo rather than another name. */
export const TYPO_MIN_LETTERS = 5;
/** Words this long may hold two slips. */
export const TWO_TYPOS_MIN_LETTERS = 9;
const MAX_TOTAL_EDITS = 2;

/** A name folded for comparison: its words, without the legal suffix. */
export interface FoldedName {
  words: string[];
  /** The words joined without spaces: `Glo Bex` and `Globex` are one name. */
  compact: string;
}

export function foldName(name: string): FoldedName {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // `L.L.C.`, `Inc.` and `O'Brien` are one word each.
    .replace(/['’.]/g, '')
    .replace(/&/g, ' and ');
  const words = plain.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  // `Globex & Co` leaves a dangling `and`.
  if (words.length > 1 && words.at(-1) === 'and') words.pop();
  return { words, compact: words.join('') };
}

export type NearMatch = { kind: 'same' } | { kind: 'typo'; edits: number };

/** How `typed` nearly matches `known`, or null when it is another name. Both are folded first. */
export function nearMatch(typed: FoldedName, known: FoldedName): NearMatch | null {
  if (typed.compact === '' || known.compact === '') return null;
  if (typed.compact === known.compact) return { kind: 'same' };
  if (typed.words.length !== known.words.length) return null;
  let edits = 0;
  for (let i = 0; i < typed.words.length; i++) {
    const a = typed.words[i] ?? '';
    const b = known.words[i] ?? '';
    if (a === b) continue;
    const slip = wordSlip(a, b);
    if (slip === null) return null;
    edits += slip;
    if (edits > MAX_TOTAL_EDITS) return null;
  }
  return { kind: 'typo', edits };
}

/** Edits between two different words when one is a slip of the other, else null. */
function wordSlip(a: string, b: string): number | null {
  const shorter = Math.min(length(a), length(b));
  if (shorter < TYPO_MIN_LETTERS) return null;
  if (a.at(0) !== b.at(0) || a.at(-1) !== b.at(-1)) return null;
  const allowed = shorter >= TWO_TYPOS_MIN_LETTERS ? 2 : 1;
  const distance = editDistance(a, b, allowed);
  return distance <= allowed ? distance : null;
}

function length(word: string): number {
  return Array.from(word).length;
}

/**
 * Optimal string alignment distance (insert, delete, substitute, swap neighbours), stopping early once it
 * must exceed `limit` (then any number above the limit is returned).
 */
export function editDistance(left: string, right: string, limit = Number.POSITIVE_INFINITY): number {
  const a = Array.from(left);
  const b = Array.from(right);
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The first letter of a folded name, without folding the whole name (`&` folds to “and”). */
function firstLetter(name: string): string {
  const found = /[\p{L}\p{N}&]/u.exec(name)?.[0] ?? '';
  if (found === '&') return 'a';
  return found.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().charAt(0);
}

/** The known names nearest to `typed`, best first: same names before typos, fewer edits first. */
export function nearestNames<T extends { name: string }>(typed: string, known: readonly T[], limit: number): T[] {
  const folded = foldName(typed);
  const score = (match: NearMatch) => (match.kind === 'same' ? 0 : match.edits);
  const first = folded.compact.charAt(0);
  return known
    .flatMap((item) => {
      // Every near match starts with the same letter: a cheap look saves folding most of a large team's names.
      if (first === '' || firstLetter(item.name) !== first) return [];
      const match = nearMatch(folded, foldName(item.name));
      return match ? [{ item, score: score(match) }] : [];
    })
    .sort((x, y) => x.score - y.score)
    .slice(0, limit)
    .map((entry) => entry.item);
}

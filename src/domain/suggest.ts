/**
 * The nearest /focus command to a word that is not one: `/focus tagret` → "Did you mean `/focus target`?".
 * Suggested only when the word is plainly a slip of the keyboard (a letter or two off, two letters swapped)
 * or a start or a longer form of one (`sett`, `quotas`): a far guess helps nobody.
 */

/** Edits between two words: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Shortest start of a keyword taken as meaning it (`tar` → target), so `s` or `pa` suggest nothing. */
const MIN_PREFIX = 3;

/**
 * Edits allowed for a word of this length: one for short words (`lgo` → log), two from five letters on
 * (`tragte` → target). Two edits of a three-letter word would make `to` a `won`.
 */
function allowedEdits(length: number): number {
  return length <= 4 ? 1 : 2;
}

/**
 * The keyword nearest to `word`, or null when none is close enough. Ties go to the keyword listed first,
 * so pass keywords in the order help lists them.
 */
export function nearestKeyword(word: string, keywords: readonly string[]): string | null {
  const typed = word.toLowerCase();
  if (typed.length === 0) return null;
  let best: { keyword: string; score: number } | null = null;
  for (const keyword of keywords) {
    const score = closeness(typed, keyword.toLowerCase());
    if (score !== null && (best === null || score < best.score)) best = { keyword, score };
  }
  return best?.keyword ?? null;
}

/** How far apart, when close enough to suggest: a typo scores its edits, a start or longer form 3. */
function closeness(typed: string, keyword: string): number | null {
  if (typed === keyword) return 0;
  const edits = editDistance(typed, keyword);
  if (edits <= allowedEdits(Math.min(typed.length, keyword.length))) return edits;
  const startOf = typed.length >= MIN_PREFIX && keyword.startsWith(typed);
  const longerForm = keyword.length >= MIN_PREFIX && typed.startsWith(keyword) && typed.length - keyword.length <= 3;
  return startOf || longerForm ? 3 : null;
}

import { describe, expect, it } from 'vitest';
import { editDistance, foldName, nearestNames, nearMatch } from '../../src/domain/name-match.js';

const near = (typed: string, known: string) => nearMatch(foldName(typed), foldName(known));

describe('one account, one name: which names are near misses of a known one', () => {
  it.each([
    // case, punctuation, spacing and legal suffixes: the same name
    ['Globex', 'Globex Corp'],
    ['Globex Corp', 'Globex'],
    ['Globex, Inc.', 'Globex Corp'],
    ['GLOBEX corp.', 'Globex Corp'],
    ['globex   corporation', 'Globex Corp'],
    ['Glo-bex', 'Globex'],
    ['Initech', 'Initech Corp'],
    ['Initech Limited', 'Initech Ltd'],
    ['Umbrella GmbH', 'Umbrella'],
    ['Hooli L.L.C.', 'Hooli'],
    ['Stark PLC', 'Stark'],
    ['Wayne & Co', 'Wayne'],
    ['Société Générale SA', 'Societe Generale'],
    ['Acme', 'ACME Inc'],
    ['Vandelay Industries BV', 'Vandelay Industries AG'],
  ])('%j is the same name as %j', (typed, known) => {
    expect(near(typed, known)).toEqual({ kind: 'same' });
  });

  it.each([
    // one slip in a word of 5+ letters that keeps its first and last letter
    ['Glbex Corp', 'Globex Corp', 1],
    ['Glbex', 'Globex', 1],
    ['Initch Corp', 'Initech Corp', 1],
    ['Mircosoft', 'Microsoft', 1],
    ['Umbrela', 'Umbrella', 1],
    // two slips in a word of 9+ letters
    ['Salesfroce Inc', 'Salesforce', 1],
    ['Slaesfroce', 'Salesforce', 2],
    ['Vandelay Industreis', 'Vandelay Industries', 1],
  ])('%j is a typo of %j (%i edits)', (typed, known, edits) => {
    expect(near(typed, known)).toEqual({ kind: 'typo', edits });
  });

  it.each([
    ['Globe', 'Globex', 'the end differs: another word'],
    ['Globex Health', 'Globex', 'another word count'],
    ['Globex Health', 'Globex Wealth', 'another first letter'],
    ['Acme', 'Acne', 'four letters: too short to tell a typo'],
    ['Acne Corp', 'Acme Corp', 'a suffix does not lengthen the word'],
    ['Hooli', 'Hoolu', 'the last letter differs'],
    ['Initech', 'Intiech Corporation Holdings', 'another word count'],
    ['Globex', 'Glbx', 'two slips in a six-letter word'],
    ['Salesforce', 'Slaesfroec', 'three slips'],
    ['Corp', 'Inc', 'suffix-only names are kept as words, and differ'],
    ['***', '!!!', 'no letters at all'],
  ])('%j is not %j (%s)', (typed, known) => {
    expect(near(typed, known)).toBeNull();
  });

  it('folds accents, dots and a dangling “and” away', () => {
    expect(foldName('Société Générale & Co.')).toEqual({ words: ['societe', 'generale'], compact: 'societegenerale' });
    expect(foldName('L.L.C.')).toEqual({ words: ['llc'], compact: 'llc' });
  });

  it('counts edits as insertions, deletions, changes and swaps of neighbours', () => {
    expect(editDistance('globex', 'globex')).toBe(0);
    expect(editDistance('globex', 'glbex')).toBe(1);
    expect(editDistance('globex', 'golbex')).toBe(1);
    expect(editDistance('globex', 'globax')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    // stops past the limit
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('orders near names: same names first, then fewer edits; exact others are left out', () => {
    const known = [{ name: 'Globax Corp' }, { name: 'Globex Corp' }, { name: 'Globe' }, { name: 'Globex Health' }];
    expect(nearestNames('Globex', known, 3).map((k) => k.name)).toEqual(['Globex Corp', 'Globax Corp']);
    expect(nearestNames('Glbex', known, 3).map((k) => k.name)).toEqual(['Globex Corp']);
  });
});

import { describe, expect, it } from 'vitest';
import { topicTerms, toTsquery } from '../../src/store/search.ts';

describe('topicTerms', () => {
  it.each([
    ['korea-japan', ['korea', 'japan']],
    ['"climate finance"', ['climate', 'finance']],
    ['South Korea, Japan  summit', ['south', 'korea', 'japan', 'summit']],
    ['a & b -- x', []],
    ['', []],
    ['Japan japan JAPAN', ['japan']],
  ])('%j → %j', (topic, terms) => {
    expect(topicTerms(topic)).toEqual(terms);
  });
});

describe('toTsquery', () => {
  it('quotes each term, escaping quotes and backslashes, and marks longer ones as prefixes', () => {
    expect(toTsquery(['korea', 'un', "o'brien", 'a\\b'], 'all')).toBe(
      "'korea':* & 'un' & 'o''brien':* & 'a\\\\b'",
    );
    expect(toTsquery(['korea', 'japan'], 'any')).toBe("'korea':* | 'japan':*");
    expect(toTsquery([], 'all')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../src/store/url.ts';

describe('canonicalizeUrl', () => {
  it.each([
    [
      'https://News.Example.COM/world/story?utm_source=tw&utm_medium=social',
      'https://news.example.com/world/story',
    ],
    ['https://news.example/story/?fbclid=abc#comments', 'https://news.example/story'],
    ['https://news.example/story?id=7&gclid=x&ref=home&UTM_Campaign=y', 'https://news.example/story?id=7'],
    ['https://news.example:443/a//', 'https://news.example/a'],
    ['https://news.example', 'https://news.example/'],
    ['https://news.example/?ref=x', 'https://news.example/'],
    ['  https://news.example/a?q=a%20b&utm_source=x  ', 'https://news.example/a?q=a%20b'],
    ['https://news.example/a?referrer=x&preference=y', 'https://news.example/a?referrer=x&preference=y'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('gives every tracking variant of a page the same form', () => {
    const variants = [
      'https://news.example/korea-japan',
      'https://news.example/korea-japan/',
      'https://NEWS.example/korea-japan?utm_source=slack',
      'https://news.example/korea-japan#top',
    ];
    expect(new Set(variants.map(canonicalizeUrl)).size).toBe(1);
  });

  it('leaves text that is not a URL as it is, trimmed', () => {
    expect(canonicalizeUrl(' not a url ')).toBe('not a url');
  });
});

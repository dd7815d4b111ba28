import { describe, expect, it } from 'vitest';
import { parseBriefCommand } from '../../src/app/command.ts';

describe('parseBriefCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['korea-japan', { kind: 'topic', topic: 'korea-japan' }],
    ['"climate finance"', { kind: 'topic', topic: '"climate finance"' }],
    ['“climate finance” 2w', { kind: 'topic', topic: '“climate finance”', windowDays: 14 }],
    ['korea-japan 30d', { kind: 'topic', topic: 'korea-japan', windowDays: 30 }],
    ['30d', { kind: 'topic', topic: '30d' }],
    ['korea japan -football', { kind: 'topic', topic: 'korea japan -football' }],
    ['""', { kind: 'help' }],
    ['story 12', { kind: 'story', id: 12 }],
    ['story time', { kind: 'topic', topic: 'story time' }],
    ['alias korea = south korea, Seoul', { kind: 'alias', term: 'korea', aliases: ['south korea', 'seoul'] }],
    ['alias korea =', { kind: 'alias', term: 'korea', aliases: [] }],
    ['alias korea', { kind: 'help' }],
    ['aliases', { kind: 'aliases' }],
    ['alias', { kind: 'aliases' }],
    ['South Korea &amp; Japan', { kind: 'topic', topic: 'South Korea & Japan' }],
    ['https://news.example/a?b=1&amp;c=2', { kind: 'url', url: 'https://news.example/a?b=1&c=2' }],
    ['<https://news.example/story>', { kind: 'url', url: 'https://news.example/story' }],
    ['<https://news.example/story|news.example/story>', { kind: 'url', url: 'https://news.example/story' }],
    ['ask what did they agree on AI?', { kind: 'ask', question: 'what did they agree on AI?' }],
    ['ask', { kind: 'help' }],
    ['more', { kind: 'more' }],
    ['sources', { kind: 'sources' }],
    ['more rain in Seoul', { kind: 'topic', topic: 'more rain in Seoul' }],
  ])('%j', (text, expected) => {
    expect(parseBriefCommand(text)).toEqual(expected);
  });
});

describe('parseBriefCommand: bad input', () => {
  it.each(['http://', 'https://exa mple.com', '<http://>', 'https://[::1', 'HTTP://'])(
    'answers %s at once: not a link',
    (text) => {
      const parsed = parseBriefCommand(text);
      expect(parsed).toMatchObject({
        kind: 'invalid',
        message: expect.stringContaining('is not a link I can open'),
      });
    },
  );

  it('refuses a wall of text, saying how long it was', () => {
    expect(parseBriefCommand('a'.repeat(4000))).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('4,000 characters'),
    });
  });

  it('drops NUL, bidi overrides and half emoji from a topic, keeping the words', () => {
    expect(parseBriefCommand('volcano\u0000 \u202Eiceland\uD83D')).toEqual({
      kind: 'topic',
      topic: 'volcano iceland',
    });
  });

  it('still takes a real link', () => {
    expect(parseBriefCommand('<https://example.com/a?b=1&amp;c=2>')).toEqual({
      kind: 'url',
      url: 'https://example.com/a?b=1&c=2',
    });
  });
});

describe('a mistyped subcommand', () => {
  it.each([
    ['folow korea-japan', '/brief follow korea-japan'],
    ['unfolow climate', '/brief unfollow climate'],
    ['sourcse', '/brief sources'],
    ['feed add https://x.example/rss', '/brief feeds add https://x.example/rss'],
    ['stroy 12', '/brief story 12'],
    ['settigns time 07:30', '/brief settings time 07:30'],
  ])('"%s" asks "Did you mean %s"', (typed, suggestion) => {
    expect(parseBriefCommand(typed)).toEqual({ kind: 'didYouMean', suggestion, topic: typed });
  });

  it.each(['storm', 'storm surge', 'korea japan', 'asia trade', 'moore law', '"folow korea-japan"'])(
    '"%s" is still a topic',
    (typed) => {
      expect(parseBriefCommand(typed).kind).toBe('topic');
    },
  );
});

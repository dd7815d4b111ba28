import { describe, expect, it } from 'vitest';
import { parseBriefCommand } from '../../src/app/command.ts';
import { acknowledgement } from '../../src/app/handlers.ts';

describe('parseBriefCommand: feeds', () => {
  it.each([
    ['feeds', { kind: 'feeds', action: 'list' }],
    ['feeds list', { kind: 'feeds', action: 'list' }],
    ['FEEDS LIST', { kind: 'feeds', action: 'list' }],
    [
      'feeds add https://feeds.example.com/rss',
      { kind: 'feeds', action: 'add', url: 'https://feeds.example.com/rss' },
    ],
    [
      'feeds add <https://feeds.example.com/rss>',
      { kind: 'feeds', action: 'add', url: 'https://feeds.example.com/rss' },
    ],
    [
      'feeds add <https://feeds.example.com/rss?a=1&amp;b=2|feeds.example.com/rss>',
      { kind: 'feeds', action: 'add', url: 'https://feeds.example.com/rss?a=1&b=2' },
    ],
    [
      'feeds remove <https://feeds.example.com/rss>',
      { kind: 'feeds', action: 'remove', target: 'https://feeds.example.com/rss' },
    ],
    ['feeds remove 3', { kind: 'feeds', action: 'remove', target: '3' }],
    ['feeds add', { kind: 'feeds', action: 'help' }],
    ['feeds add not-a-url', { kind: 'feeds', action: 'help' }],
    ['feeds add https://a.example/x extra', { kind: 'feeds', action: 'help' }],
    ['feeds frob', { kind: 'feeds', action: 'help' }],
    ['feeds list everything', { kind: 'feeds', action: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseBriefCommand(text)).toEqual(expected);
  });

  it('leaves topics that merely mention feeds alone', () => {
    expect(parseBriefCommand('cattle feeds prices')).toEqual({ kind: 'topic', topic: 'cattle feeds prices' });
  });

  it('acks add with a working note, help with the feeds help, list and remove not at all', () => {
    expect(acknowledgement({ kind: 'feeds', action: 'add', url: 'https://a.example/x' })?.text).toContain(
      'Checking the feed',
    );
    expect(acknowledgement({ kind: 'feeds', action: 'help' })?.text).toBe('newsbrief feeds commands');
    expect(acknowledgement({ kind: 'feeds', action: 'list' })).toBeNull();
    expect(acknowledgement({ kind: 'feeds', action: 'remove', target: '1' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { Feed } from '../../src/store/feeds.ts';
import { limitViolations } from '../../src/views/blocks.ts';
import {
  feedAddedMessage,
  feedListMessage,
  feedRemovedMessage,
  feedsHelpMessage,
} from '../../src/views/feeds.ts';

const now = new Date('2026-03-03T10:00:00Z');

function feed(over: Partial<Feed> = {}): Feed {
  return {
    id: 1,
    teamId: 'T1',
    url: 'https://feeds.example.com/news.xml',
    title: 'Port News',
    etag: null,
    lastModified: null,
    lastPolledAt: '2026-03-03T09:45:00.000Z',
    nextPollAt: '2026-03-03T10:15:00.000Z',
    failures: 0,
    lastError: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    ...over,
  };
}

describe('feed views', () => {
  it('lists feeds with last and next poll, and a failing one with its error made inert', () => {
    const msg = feedListMessage(
      [
        feed(),
        feed({
          id: 2,
          url: 'https://b.example/rss',
          title: '<!channel> breaking',
          failures: 3,
          lastError: 'https://b.example/rss answered HTTP 500 <@U123>',
          nextPollAt: '2026-03-03T09:00:00.000Z',
        }),
      ],
      now,
    );
    const text = JSON.stringify(msg.blocks);
    expect(msg.response_type).toBe('ephemeral');
    expect(text).toContain(
      '<https://feeds.example.com/news.xml|Port News> · polled 15 min ago · next in 15 min',
    );
    expect(text).toContain('next due now');
    expect(text).toContain('3 failures: https://b.example/rss answered HTTP 500');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(limitViolations(msg)).toEqual([]);
  });

  it('shows the reason under a feed whose last poll found no usable items', () => {
    const msg = feedListMessage(
      [feed({ lastError: 'no usable items: the Atom 1.0 feed has no entries <!here>', failures: 0 })],
      now,
    );
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain(':warning: no usable items: the Atom 1.0 feed has no entries');
    expect(text).not.toContain('failure');
    expect(text).not.toContain('<!here>');
  });

  it("says which feed it chose on a site's page, and warns about a feed with no entries yet", () => {
    const msg = feedAddedMessage({
      feed: feed({ url: 'https://site.example/feed/', title: 'Site' }),
      created: true,
      items: 0,
      format: 'RSS 2.0',
      discovered: {
        page: 'https://site.example/',
        chosen: { url: 'https://site.example/feed/', title: 'Site » Feed <!channel>' },
        found: 3,
      },
      warning: 'The RSS 2.0 feed has no entries: its articles are taken once it publishes some.',
    });
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain('Added <https://site.example/feed/|Site> (RSS 2.0): 0 items now.');
    expect(text).toContain('https://site.example/ is a web page that names 3 feeds; chose “Site » Feed');
    expect(text).toContain('” https://site.example/feed/ (its first, comment feeds aside).');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain(':warning: The RSS 2.0 feed has no entries');
    expect(msg.text).toContain('no entries');
    expect(limitViolations(msg)).toEqual([]);
  });

  it('keeps a long list within Slack limits', () => {
    const feeds = Array.from({ length: 60 }, (_, i) =>
      feed({ id: i + 1, url: `https://f${i}.example/${'x'.repeat(150)}`, title: 'T'.repeat(300) }),
    );
    const msg = feedListMessage(feeds, now);
    expect(limitViolations(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('…and 40 more');
  });

  it('says how to add a feed when there are none, and answers add/remove/help', () => {
    expect(feedListMessage([], now).text).toContain('/brief feeds add');
    expect(feedAddedMessage({ feed: feed(), created: true, items: 1 }).text).toContain('Added');
    expect(feedAddedMessage({ feed: feed(), created: false, items: 1 }).text).toContain('Already following');
    expect(feedRemovedMessage(null, '`9`').text).toContain('No feed `9` in this workspace');
    expect(feedRemovedMessage(feed(), '1').text).toContain('Removed');
    expect(JSON.stringify(feedsHelpMessage().blocks)).toContain('/brief feeds add &lt;url&gt;');
  });
});

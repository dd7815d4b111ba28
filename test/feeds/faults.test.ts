import { describe, expect, it } from 'vitest';
import { corpusNames, loadCase } from '../../bench/feedCorpus.ts';
import { UserError } from '../../src/errors.ts';
import { chooseFeedLink, findFeedLinks } from '../../src/ingest/feedDiscovery.ts';
import { decodeFeedBytes, emptyFeedReason, parseFeed, parseFeedBytes } from '../../src/ingest/feeds.ts';

/* One fault at a time, as feeds in the wild have them; the corpus (corpus.test.ts) has them in context. */

const rss = (items: string, channel = '<title>T</title>') =>
  `<?xml version="1.0"?><rss version="2.0"><channel>${channel}${items}</channel></rss>`;
const urls = (text: string, url?: string) => parseFeed(text, { url }).items.map((i) => i.url);

describe('feed faults readers accept', () => {
  it('reads RSS 1.0 (RDF) and RSS 0.90, items beside the channel', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://j.example/"><title>J</title><link>https://j.example/</link></channel>
        <item rdf:about="https://j.example/1"><title>One</title><link>https://j.example/1</link><dc:date>2026-03-03T09:00:00+09:00</dc:date></item>
        <item rdf:about="https://j.example/2"><title>Two, linked by rdf:about only</title></item>
      </rdf:RDF>`,
    );
    expect(feed).toMatchObject({ format: 'RSS 1.0', title: 'J', siteUrl: 'https://j.example/' });
    expect(feed.items.map((i) => [i.url, i.publishedAt])).toEqual([
      ['https://j.example/1', '2026-03-03T00:00:00.000Z'],
      ['https://j.example/2', null],
    ]);
  });

  it('reads past whitespace, blank lines and a byte-order mark before the XML declaration', () => {
    const body = rss('<item><link>https://x.example/a</link></item>');
    expect(urls(`\n\n  ${body}`)).toEqual(['https://x.example/a']);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\r\n${body}`)]);
    expect(parseFeedBytes(bom, {}).items).toHaveLength(1);
  });

  it("resolves relative links: xml:base (nested), else the feed's own link, else the fetched URL", () => {
    const atom = (feedAttrs: string, feedLink: string, entry: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom" ${feedAttrs}>${feedLink}<entry>${entry}</entry></feed>`;
    expect(
      urls(
        atom('', '', '<link href="/org/repo/releases/tag/v3.9.0"/>'),
        'https://git.example/org/repo/releases.atom',
      ),
    ).toEqual(['https://git.example/org/repo/releases/tag/v3.9.0']);
    expect(
      urls(
        atom('xml:base="https://blog.example/"', '', '<link xml:base="2026/" href="03/post.html"/>'),
        'https://feeds.example/a',
      ),
    ).toEqual(['https://blog.example/2026/03/post.html']);
    expect(
      urls(
        atom('', '<link rel="alternate" href="https://site.example/news/"/>', '<link href="story-1"/>'),
        'https://cdn.example/feed.atom',
      ),
    ).toEqual(['https://site.example/news/story-1']);
    expect(urls(rss('<item><link>../b.html</link></item>'), 'https://x.example/feeds/all/rss')).toEqual([
      'https://x.example/feeds/b.html',
    ]);
  });

  it('says why a feed gives nothing: relative links with no base, non-http links, no links, no entries', () => {
    const relative = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/x"/></entry></feed>',
    );
    expect(emptyFeedReason(relative)).toBe(
      'none of the 1 entry in the Atom 1.0 feed can be used (it has a relative link ("/x") with no address to resolve it against)',
    );
    const mail = parseFeed(rss('<item><link>mailto:a@b.example</link></item><item><title>x</title></item>'));
    expect(mail.dropped).toEqual(['a link that is not http(s) ("mailto:a@b.example")', 'no link']);
    expect(emptyFeedReason(parseFeed(rss('')))).toBe('the RSS 2.0 feed has no entries');
    expect(emptyFeedReason(parseFeed(rss('<item><link>https://x.example/</link></item>')))).toBeNull();
  });

  it('decodes undeclared HTML entities once, and leaves bare ampersands alone', () => {
    const [item] = parseFeed(
      rss(
        '<item><title>Caf&eacute;&nbsp;&amp; bar &mdash; AT&T &amp;#8217;s</title><link>https://x.example/a?b=1&c=2&copy=3&amp;d=4</link></item>',
      ),
    ).items;
    expect(item?.title).toBe('Café & bar — AT&T ’s');
    expect(item?.url).toBe('https://x.example/a?b=1&c=2&copy=3&d=4');
  });

  it('takes the link from <link> (with whitespace), feedburner:origLink, a permalink guid or atom:link', () => {
    expect(urls(rss('<item><link>\n   https://x.example/a\n </link></item>'))).toEqual([
      'https://x.example/a',
    ]);
    expect(
      urls(
        rss(
          '<item><link>https://proxy.example/r/1</link><feedburner:origLink>https://x.example/real</feedburner:origLink></item>',
        ),
      ),
    ).toEqual(['https://x.example/real']);
    expect(
      urls(
        rss(
          '<item><guid>https://x.example/g1</guid></item><item><guid isPermaLink="true">/g2</guid></item><item><guid isPermaLink="false">https://x.example/not-a-link</guid></item><item><guid>12345</guid></item>',
        ),
        'https://x.example/feed',
      ),
    ).toEqual(['https://x.example/g1', 'https://x.example/g2']);
    expect(urls(rss('<item><atom:link rel="alternate" href="https://x.example/at"/></item>'))).toEqual([
      'https://x.example/at',
    ]);
    // Atom: the HTML alternate, not self/edit/enclosure; an http id when there is no link.
    expect(
      urls(
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="self" href="https://api.example/1"/><link rel="alternate" type="application/pdf" href="https://x.example/1.pdf"/><link rel="alternate" type="text/html" href="https://x.example/1"/></entry><entry><id>https://x.example/2</id></entry><entry><id>tag:x.example,2026:3</id></entry></feed>`,
      ),
    ).toEqual(['https://x.example/1', 'https://x.example/2']);
  });

  it('reads Atom 0.3, Atom with prefixed elements, and Atom text constructs', () => {
    const old = parseFeed(
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="escaped" type="text/html">A &amp;amp; B</title><entry><link rel="alternate" type="text/html" href="https://x.example/1"/><issued>2026-03-02T22:15:00+01:00</issued><modified>2026-03-03T00:00:00Z</modified><content mode="escaped" type="text/html">&lt;p&gt;hi&lt;/p&gt;</content></entry></feed>',
    );
    expect(old).toMatchObject({ format: 'Atom 0.3', title: 'A & B' });
    expect(old.items[0]).toMatchObject({ publishedAt: '2026-03-02T21:15:00.000Z', contentHtml: '<p>hi</p>' });
    const prefixed = parseFeed(
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> move</div></a:title><a:link href="https://x.example/p"/><a:content type="text">1 &lt; 2</a:content></a:entry></a:feed>',
    );
    expect(prefixed.items[0]).toMatchObject({ title: 'A bold move', contentHtml: '1 &lt; 2' });
  });

  it('reads JSON Feed 1.0 and 1.1, and refuses JSON that is not a feed', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        home_page_url: 'https://j.example/',
        items: [
          {
            id: '1',
            url: '/p/1',
            title: 'P1',
            content_text: 'a < b',
            date_published: '2026-03-03T09:00:00Z',
          },
          {
            id: '2',
            external_url: 'https://elsewhere.example/x',
            date_modified: '2026-03-02T09:00:00+01:00',
          },
          { id: '3', content_text: 'no url' },
        ],
      }),
    );
    expect(feed).toMatchObject({ format: 'JSON Feed 1.1', title: 'J', entries: 3, dropped: ['no link'] });
    expect(feed.items.map((i) => [i.url, i.title, i.publishedAt, i.contentHtml])).toEqual([
      ['https://j.example/p/1', 'P1', '2026-03-03T09:00:00.000Z', 'a &lt; b'],
      ['https://elsewhere.example/x', null, '2026-03-02T08:00:00.000Z', null],
    ]);
    expect(() => parseFeed('{"hello": "world"}')).toThrow(
      expect.objectContaining({ code: 'bad-feed', message: expect.stringContaining('not a JSON Feed') }),
    );
  });

  it('reads a feed cut off mid-item up to the cut', () => {
    expect(
      urls(
        rss(
          '<item><link>https://x.example/1</link></item><item><link>https://x.example/2</link><description>tru',
        ),
      ),
    ).toEqual(['https://x.example/1', 'https://x.example/2']);
  });
});

describe('decodeFeedBytes', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');

  it('trusts valid UTF-8 over a Latin-1 declaration, and Latin-1 bytes over a UTF-8 one', () => {
    const utf8 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><t>Förde</t></rss>');
    expect(decodeFeedBytes(utf8, 'text/xml; charset=iso-8859-1')).toContain('Förde');
    const wrong = latin1('<?xml version="1.0" encoding="UTF-8"?><rss><t>año</t></rss>');
    expect(decodeFeedBytes(wrong, 'application/rss+xml; charset=utf-8')).toContain('año');
    expect(decodeFeedBytes(latin1('<rss><t>Fête</t></rss>'), null)).toContain('Fête');
  });

  it('finds the declared encoding after leading whitespace (EUC-KR, Shift_JIS)', () => {
    const korean = Buffer.concat([
      Buffer.from('\n  <?xml version="1.0" encoding="EUC-KR"?><rss><t>'),
      Buffer.from(new Uint8Array([0xc7, 0xd1, 0xb1, 0xb9])), // 한국 in EUC-KR
      Buffer.from('</t></rss>'),
    ]);
    expect(decodeFeedBytes(korean, 'text/xml')).toContain('한국');
  });
});

describe('feed autodiscovery', () => {
  const page = `<!doctype html><html><head><base href="https://www.site.example/blog/">
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" href="comments/feed/">
    <link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="feed/">
    <link rel="alternate" type="application/atom+xml" href="https://www.site.example/atom.xml">
    <link rel="alternate" type="application/feed+json" href="/feed.json">
    <link rel="alternate" hreflang="fr" href="https://www.site.example/fr/">
    </head><body><a href="/feed/">RSS</a></body></html>`;

  it('finds RSS, Atom and JSON Feed links, resolved against <base>, and chooses the main feed', () => {
    const links = findFeedLinks(page, 'https://site.example/');
    expect(links.map((l) => [l.url, l.type])).toEqual([
      ['https://www.site.example/blog/comments/feed/', 'application/rss+xml'],
      ['https://www.site.example/blog/feed/', 'application/rss+xml'],
      ['https://www.site.example/atom.xml', 'application/atom+xml'],
      ['https://www.site.example/feed.json', 'application/feed+json'],
    ]);
    expect(chooseFeedLink(links)).toMatchObject({
      url: 'https://www.site.example/blog/feed/',
      title: 'Site » Feed',
    });
    expect(chooseFeedLink(links.slice(0, 1))?.url).toBe('https://www.site.example/blog/comments/feed/');
    expect(chooseFeedLink([])).toBeNull();
  });

  it('parseFeed recognises a web page as one', () => {
    expect(() => parseFeed(page)).toThrow(expect.objectContaining({ code: 'web-page' }));
  });
});

describe('feeds that must not throw', () => {
  it('never throws anything but a UserError, whatever point a corpus feed is cut at', () => {
    for (const name of corpusNames()) {
      const { bytes, expected } = loadCase(name);
      for (const cut of [1, 7, 40, 0.25, 0.5, 0.75, 0.9]) {
        const end = cut < 1 ? Math.floor(bytes.length * cut) : cut;
        try {
          parseFeedBytes(bytes.subarray(0, end), { contentType: expected.contentType, url: expected.url });
        } catch (err) {
          expect(err, `${name} cut at ${end}`).toBeInstanceOf(UserError);
        }
      }
    }
  });

  it('reads a feed nested absurdly deep without overflowing the stack', () => {
    const deep = `${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}`;
    const feed = parseFeed(
      rss(`<item><link>https://x.example/a</link><description>${deep}</description></item>`),
    );
    expect(feed.items.map((i) => i.url)).toEqual(['https://x.example/a']);
  });
});

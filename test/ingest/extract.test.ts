import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.ts';
import { cutElements, extractHtml, stripNonText } from '../../src/ingest/extract.ts';
import { normaliseDate, stripSiteName } from '../../src/ingest/metadata.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url));
const summitHtml = fixture('summit-tokyo.html').toString('utf8');

describe('extractHtml on a news page', () => {
  const article = extractHtml(summitHtml, {
    source: 'https://ledger.example/world/2025/08/23/lee-ishiba-tokyo-summit?ref=home',
    url: 'https://ledger.example/world/2025/08/23/lee-ishiba-tokyo-summit?ref=home',
  });

  it('keeps every sentence of the story, in order, one paragraph per block', () => {
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs[0]).toMatch(
      /^President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba agreed in Tokyo/,
    );
    expect(paragraphs.at(-1)).toBe(
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet President Donald Trump at the White House on the 25th.',
    );
    expect(paragraphs).toHaveLength(6);
    expect(article.text).toContain(
      '“Korea and Japan must cooperate for the common good of the region,” Lee said at a joint news conference.',
    );
    expect(article.text).toContain('They also agreed to keep working with the United States on North Korea.');
  });

  it('leaves out the page around the story', () => {
    for (const noise of [
      'Skip to content',
      'Politics', // navigation
      'Sign In',
      'By Park Min-ji', // byline
      'Updated 3:45 PM', // timestamp
      'Tweet', // share bar
      'Photo by Kim Ho-young', // photo credit
      'shake hands before their talks', // caption
      'Advertisement',
      'Related stories',
      'Won and yen slip', // related link
      'Read more',
      'morning briefing newsletter',
      'Tags:',
      'Most read',
      'All rights reserved',
    ]) {
      expect(article.text, noise).not.toContain(noise);
    }
  });

  it('does not repeat the headline in the body', () => {
    expect(article.text).not.toContain('Lee and Ishiba agree to deepen cooperation at Tokyo summit');
  });

  it('reads what the page says about itself', () => {
    expect(article).toMatchObject({
      title: 'Lee and Ishiba agree to deepen cooperation at Tokyo summit',
      url: 'https://ledger.example/world/2025/08/23/lee-ishiba-tokyo-summit',
      siteName: 'The Harbor Ledger',
      lang: 'en-US',
      publishedAt: '2025-08-23T21:40:00+09:00',
      source: 'https://ledger.example/world/2025/08/23/lee-ishiba-tokyo-summit?ref=home',
    });
  });

  it('resolves a relative canonical link against og:url when the page URL is unknown', () => {
    const fromFile = extractHtml(summitHtml, { source: 'fixtures/articles/summit-tokyo.html' });
    expect(fromFile.url).toBe('https://ledger.example/world/2025/08/23/lee-ishiba-tokyo-summit');
  });
});

describe('extractHtml on other pages', () => {
  it('reads a Korean page decoded from EUC-KR', () => {
    const { text } = decodeBytes(fixture('busan-port-euc-kr.html'));
    const article = extractHtml(text, { source: 'busan-port-euc-kr.html' });
    expect(article.text).toContain(
      '부산항만공사는 23일 부산 강서구에서 새 컨테이너 부두 착공식을 열었다고 밝혔다.',
    );
    expect(article.text).toContain(
      '한편 환경 단체는 공사 기간 동안 바다 생태계에 미칠 영향을 충분히 조사해야 한다고 요구했다.',
    );
    expect(article.text).not.toContain('김서연 기자');
    expect(article.text).not.toContain('무단전재');
    expect(article).toMatchObject({
      title: '부산항 새 부두 착공',
      siteName: '남해일보',
      lang: 'ko',
      url: null,
    });
  });

  it('takes the title from <title> without the site suffix, and dates from several places', () => {
    const page = (head: string, body: string) =>
      `<html><head>${head}</head><body><article>${body}<p>${'The council voted on the plan after a long debate. '.repeat(12)}</p></article></body></html>`;
    const a = extractHtml(
      page(
        '<title>Council backs harbour plan – City Gazette</title><meta property="og:site_name" content="City Gazette">',
        '<time datetime="2024-03-05">March 5</time>',
      ),
      { source: 'x' },
    );
    expect(a.title).toBe('Council backs harbour plan');
    expect(a.publishedAt).toBe('2024-03-05');

    const b = extractHtml(
      page(
        '<meta itemprop="datePublished" content="2024-03-06T10:00:00Z"><meta property="og:locale" content="pt_BR">',
        '',
      ),
      { source: 'x' },
    );
    expect(b).toMatchObject({ publishedAt: '2024-03-06T10:00:00Z', lang: 'pt-BR' });

    const c = extractHtml(
      page(
        '<script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2024-03-07T08:30:00+0100","publisher":{"name":"Gazette Media"}}]</script>',
        '',
      ),
      { source: 'x' },
    );
    expect(c).toMatchObject({ publishedAt: '2024-03-07T08:30:00+01:00', siteName: 'Gazette Media' });
  });

  it('never throws on broken markup and falls back to the body text', () => {
    const broken = '<html><body><div><p>Half a page <b>with <i>unclosed tags<table><tr><td>cell</div></span>';
    expect(() => extractHtml(broken, { source: 'x' })).not.toThrow();
    expect(extractHtml(broken, { source: 'x' }).text).toContain('Half a page with unclosed tags');
    expect(extractHtml('', { source: 'x' }).text).toBe('');
    expect(extractHtml('<<<>>> not html at all', { source: 'x' }).text).toContain('not html at all');
    const short = extractHtml('<html><body><p>Only one short line here.</p></body></html>', { source: 'x' });
    expect(short.text).toBe('Only one short line here.');
  });
});

describe('metadata helpers', () => {
  it('strips the site name from either end of a title, and only the site name', () => {
    expect(stripSiteName('Storm hits coast | The Ledger', 'The Ledger')).toBe('Storm hits coast');
    expect(stripSiteName('The Ledger - Storm hits coast', 'The Ledger')).toBe('Storm hits coast');
    expect(stripSiteName('Storm hits coast | Weather', 'The Ledger')).toBe('Storm hits coast | Weather');
    expect(stripSiteName('Storm hits coast', null)).toBe('Storm hits coast');
  });

  it('normalises dates without inventing them', () => {
    expect(normaliseDate('2025-08-23')).toBe('2025-08-23');
    expect(normaliseDate('2025-08-23 09:15')).toBe('2025-08-23T09:15:00');
    expect(normaliseDate('Sat, 23 Aug 2025 12:00:00 GMT')).toBe('2025-08-23T12:00:00.000Z');
    expect(normaliseDate('20250823')).toBe('2025-08-23');
    expect(normaliseDate('2025-13-45')).toBeNull();
    expect(normaliseDate('yesterday')).toBeNull();
    expect(normaliseDate('')).toBeNull();
  });
});

describe('markup trimmed before parsing', () => {
  it('cuts <nav> elements, nested ones included, and leaves an unclosed one alone', () => {
    expect(cutElements('a<nav><nav>x</nav>y</nav>b<nav class="m">z</nav>c', 'nav')).toBe('a b c');
    expect(cutElements('a<nav-bar>x</nav-bar>b', 'nav')).toBe('a<nav-bar>x</nav-bar>b');
    expect(cutElements('a<nav>never closed', 'nav')).toBe('a<nav>never closed');
  });

  it('drops scripts, styles and unused attributes but keeps JSON-LD and the attributes extraction reads', () => {
    const html =
      '<head><script>track()</script><script type="application/ld+json">{"a":1}</script><style>p{}</style></head>' +
      '<p class="lead" data-track="ab" onclick="go()" style="display:none" aria-label="x" aria-hidden="true">Text</p>' +
      '<span data-x="1>2" onclick="f()">odd</span>';
    const out = stripNonText(html);
    expect(out).not.toContain('track()');
    expect(out).not.toContain('p{}');
    expect(out).toContain('<script type="application/ld+json">{"a":1}</script>');
    expect(out).toContain('<p class="lead" style="display:none" aria-hidden="true">Text</p>');
    // A ">" inside an attribute value hides the end of the tag: such a tag is left untouched.
    expect(out).toContain('<span data-x="1>2" onclick="f()">odd</span>');
  });
});

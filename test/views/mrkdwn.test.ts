import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  link,
  neutralizeMentions,
  safeText,
  stripLinks,
  truncate,
  unescapeSlack,
  untrustedText,
} from '../../src/views/mrkdwn.ts';

const ZWJ = '\u200D';

describe('escapeMrkdwn / unescapeSlack', () => {
  it('escapes only & < >, ampersand first', () => {
    expect(escapeMrkdwn('AT&T <b> "x" *y* 1>0')).toBe('AT&amp;T &lt;b&gt; "x" *y* 1&gt;0');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('round-trips through unescapeSlack', () => {
    const s = 'a & b < c > d &lt; already';
    expect(unescapeSlack(escapeMrkdwn(s))).toBe(s);
    expect(unescapeSlack('&lt;@U1&gt; &amp;amp;')).toBe('<@U1> &amp;');
  });
});

describe('neutralizeMentions', () => {
  it('turns broadcast, user, group and channel syntax into inert words', () => {
    expect(neutralizeMentions('<!channel> <!here|here> <!everyone>')).toBe(
      `@${ZWJ}channel @${ZWJ}here @${ZWJ}everyone`,
    );
    expect(neutralizeMentions('hi <@U012ABC> and <@W1|ann>')).toBe(`hi @${ZWJ}U012ABC and @${ZWJ}ann`);
    expect(neutralizeMentions('<!subteam^S123|@editors> <#C42|general>')).toBe(
      `@${ZWJ}editors #${ZWJ}general`,
    );
    expect(neutralizeMentions('<!date^1392734382^{date}|Feb 18, 2014>')).toBe('Feb 18, 2014');
  });

  it('defuses bare @channel, @here, @everyone but leaves emails and other handles', () => {
    expect(neutralizeMentions('@channel @HERE @everyone!')).toBe(
      `@${ZWJ}channel @${ZWJ}HERE @${ZWJ}everyone!`,
    );
    expect(neutralizeMentions('mail ann@here.com or @hereford')).toBe('mail ann@here.com or @hereford');
    // a label cannot smuggle a mention back in
    expect(neutralizeMentions('<@U1|@here>')).toBe(`@${ZWJ}@${ZWJ}here`);
  });
});

describe('safeText', () => {
  it('neutralizes before escaping: mentions become words, not &lt;!channel&gt;', () => {
    expect(safeText('<!channel> Tom & Jerry <@U1>')).toBe(`@${ZWJ}channel Tom &amp; Jerry @${ZWJ}U1`);
  });

  it('escapes last, so nothing raw survives and pre-escaped input stays literal', () => {
    const out = safeText('<b>x</b> &lt;!here&gt; <not a mention');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe('&lt;b&gt;x&lt;/b&gt; &amp;lt;!here&amp;gt; &lt;not a mention');
  });
});

describe('stripLinks', () => {
  it('makes Slack and Markdown links and bare URLs plain inline code', () => {
    expect(stripLinks('see <https://evil.example/x|this> now')).toBe(
      'see this (`https://evil.example/x`) now',
    );
    expect(stripLinks('[docs](https://a.example/d) and https://b.example/p.')).toBe(
      'docs (`https://a.example/d`) and `https://b.example/p`.',
    );
    expect(stripLinks('www.c.example, ok')).toBe('`www.c.example`, ok');
  });

  it('runs before neutralizing in untrustedText, so a link label cannot carry a mention', () => {
    const out = untrustedText('<https://x.example|@here> <!channel> a&b');
    expect(out).toBe(`@${ZWJ}here (\`https://x.example\`) @${ZWJ}channel a&amp;b`);
    expect(out).not.toContain('<');
  });
});

describe('link', () => {
  it('builds <url|label> for http(s) with the label made safe', () => {
    expect(link('https://news.example/a?x=1&y=2', 'Seoul & Tokyo <!here>')).toBe(
      `<https://news.example/a?x=1&amp;y=2|Seoul &amp; Tokyo @${ZWJ}here>`,
    );
  });

  it('encodes | and > in the URL', () => {
    const out = link('https://news.example/a|b>c', 'T');
    expect(out).toBe('<https://news.example/a%7Cb%3Ec|T>');
  });

  it('gives the plain label for other schemes, bad URLs and null', () => {
    expect(link('javascript:alert(1)', 'Click')).toBe('Click');
    expect(link('not a url', 'T')).toBe('T');
    expect(link(null, 'T <x>')).toBe('T &lt;x&gt;');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text at a word boundary with …', () => {
    expect(truncate('short', 10)).toBe('short');
    const out = truncate('the quick brown fox jumps over the lazy dog', 20);
    expect(out).toBe('the quick brown fox…');
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it('hard-cuts a single long word', () => {
    expect(truncate('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('never leaves half an entity or half a link', () => {
    const escaped = `${'x'.repeat(8)}&amp;yyyyyyyy`;
    expect(truncate(escaped, 12)).toBe(`${'x'.repeat(8)}…`);
    const linked = `${'w '.repeat(5)}<https://a.example/long/path|title> tail`;
    expect(truncate(linked, 30)).not.toContain('<');
  });

  it('does not split a surrogate pair', () => {
    const out = truncate(`${'a'.repeat(8)}😀😀😀`, 10);
    expect(out).toBe(`${'a'.repeat(8)}…`);
  });
});

import { describe, expect, it } from 'vitest';
import type { BriefResult } from '../../src/brief/engine.ts';
import type { Brief, DroppedItem } from '../../src/brief/schema.ts';
import {
  type Block,
  type ContextBlock,
  limitViolations,
  measure,
  type SectionBlock,
} from '../../src/views/blocks.ts';
import { briefMessage, continuationMessage, sourceLine } from '../../src/views/brief.ts';
import { LIMITS } from '../../src/views/limits.ts';

const SOURCE_URL = 'https://news.example.com/2025/09/summit';

function result(brief: Partial<Brief> = {}, meta: Partial<BriefResult['meta']> = {}): BriefResult {
  return {
    brief: {
      headline: 'Korea and Japan leaders meet in Tokyo',
      summary: 'The two leaders agreed to resume shuttle diplomacy.',
      who: [
        {
          name: 'Lee Jae-myung',
          role: 'South Korean president',
          evidence: 'Lee Jae-myung arrived in Tokyo.',
        },
      ],
      where: [{ place: 'Tokyo', evidence: 'arrived in Tokyo' }],
      when: [
        { text: 'Monday', date: '2025-09-22', evidence: 'met on Monday' },
        { text: 'on the 23rd', date: null, evidence: 'talks resume on the 23rd' },
      ],
      agreements: [
        {
          statement: 'Resume shuttle diplomacy',
          parties: ['South Korea', 'Japan'],
          evidence: 'agreed to resume',
        },
      ],
      nextSteps: [],
      ...brief,
    },
    sources: [
      {
        url: SOURCE_URL,
        title: 'Leaders meet',
        siteName: 'Example News',
        publishedAt: '2025-09-22T08:00:00Z',
      },
    ],
    meta: {
      engine: 'llm',
      model: 'gpt-4.1-mini',
      promptVersion: 'brief-v1',
      usage: null,
      attempts: 1,
      truncated: false,
      dropped: [],
      adjustments: [],
      fallbackReason: null,
      ...meta,
    },
  };
}

const json = (v: unknown) => JSON.stringify(v);
const sections = (blocks: { type: string }[]) =>
  blocks.filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text.text);
const contextText = (blocks: readonly Block[]) =>
  blocks
    .filter((b): b is ContextBlock => b.type === 'context')
    .flatMap((b) => b.elements)
    .map((e) => e.text)
    .join(' | ');

function expectWithinLimits(msg: ReturnType<typeof briefMessage>) {
  expect(limitViolations(msg)).toEqual([]);
  const size = measure(msg);
  expect(size.blocks).toBeLessThanOrEqual(LIMITS.blocks);
  expect(size.serializedChars).toBeLessThanOrEqual(LIMITS.serializedBlocks);
  expect(size.visibleChars).toBeLessThanOrEqual(LIMITS.visibleText);
  expect(msg.text.length).toBeGreaterThan(0);
  expect(msg.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  for (const t of sections(msg.blocks)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
  for (const b of msg.blocks) if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
}

describe('briefMessage', () => {
  it('renders header, summary, the five sections, sources, context and buttons', () => {
    const msg = briefMessage(result(), { query: 'korea-japan', showFollowButton: true });
    expect(msg.unfurl_links).toBe(false);
    expect(msg.unfurl_media).toBe(false);
    expect(msg.overflow).toBeNull();
    expect(msg.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Korea and Japan leaders meet in Tokyo', emoji: true },
    });
    const text = sections(msg.blocks).join('\n');
    expect(text).toContain(
      '*Who*\n• *Lee Jae-myung*, South Korean president — “Lee Jae-myung arrived in Tokyo.”',
    );
    expect(text).toContain('• *Monday* (2025-09-22)');
    expect(text).toContain('• *on the 23rd* (date not stated)');
    expect(text).toContain('• Resume shuttle diplomacy (South Korea, Japan) — “agreed to resume”');
    expect(text).toContain('*Next steps*\n_none reported_');
    expect(text).toContain(`1. <${SOURCE_URL}|Leaders meet> — Example News, 2025-09-22`);
    expect(contextText(msg.blocks)).toContain('Model gpt-4.1-mini, prompt brief-v1');
    expect(contextText(msg.blocks)).toContain('all items verified against the sources');
    const buttons = msg.blocks.find((b) => b.type === 'actions');
    expect(buttons).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Ask a follow-up', emoji: true },
          action_id: 'brief_followup_help',
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Follow daily', emoji: true },
          action_id: 'brief_follow',
          value: 'korea-japan',
        },
      ],
    });
    expectWithinLimits(msg);
  });

  it('shows the follow button only when asked', () => {
    const msg = briefMessage(result(), { query: 'korea-japan' });
    expect(json(msg)).not.toContain('brief_follow"');
    expect(json(msg)).toContain('brief_followup_help');
  });

  it('says none reported for every empty section', () => {
    const msg = briefMessage(result({ who: [], where: [], when: [], agreements: [], nextSteps: [] }));
    const text = sections(msg.blocks);
    for (const title of ['Who', 'Where', 'When', 'Agreements', 'Next steps']) {
      expect(text).toContain(`*${title}*\n_none reported_`);
    }
  });

  it('names the extractive engine, dropped items and the fallback reason', () => {
    const dropped: DroppedItem[] = [
      { field: 'who', index: 0, reason: 'quote-not-found', item: {} },
      { field: 'when', index: 1, reason: 'empty', item: {} },
    ];
    const msg = briefMessage(
      result(
        {},
        {
          engine: 'extractive',
          model: null,
          promptVersion: null,
          dropped,
          fallbackReason: 'The LLM failed (timeout), so this brief is extractive.',
        },
      ),
    );
    const ctx = contextText(msg.blocks);
    expect(ctx).toContain('Extractive brief');
    expect(ctx).not.toContain('Model');
    expect(ctx).toContain('2 unverified items removed');
    expect(ctx).toContain('The LLM failed (timeout), so this brief is extractive.');
    expect(contextText(briefMessage(result({}, { dropped: dropped.slice(1) })).blocks)).toContain(
      '1 unverified item removed',
    );
  });

  it('always has a fallback text with headline and summary, escaped', () => {
    const msg = briefMessage(result({ headline: 'R&D <deal>', summary: 'A & B agreed.' }));
    expect(msg.text).toBe('R&amp;D &lt;deal&gt;\nA &amp; B agreed.');
  });

  it('escapes & < > in model text', () => {
    const msg = briefMessage(
      result({
        summary: 'Profits < 5% & falling > expected',
        who: [{ name: 'AT&T', role: '<b>carrier</b>', evidence: 'AT&T said 1 < 2' }],
      }),
    );
    const text = sections(msg.blocks).join('\n');
    expect(text).toContain('Profits &lt; 5% &amp; falling &gt; expected');
    expect(text).toContain('*AT&amp;T*, &lt;b&gt;carrier&lt;/b&gt; — “AT&amp;T said 1 &lt; 2”');
    // the only raw < in the sections is our own source link
    expect(text.match(/</g)).toHaveLength(1);
  });

  it('neutralises mentions in headline, summary and quotes', () => {
    const msg = briefMessage(
      result({
        headline: '<!channel> Summit <!here> news',
        summary: 'Ping <@U012ABC> and @everyone and <!everyone> and @here',
        who: [{ name: '<@U999>', role: '<!subteam^S1|@editors>', evidence: '<!channel> said @channel' }],
        agreements: [{ statement: '@here deal', parties: ['<@U012ABC>'], evidence: '<!here>' }],
      }),
    );
    const payload = json(msg);
    for (const bad of ['<!channel>', '<!here>', '<!everyone>', '<@U', '<!subteam'])
      expect(payload).not.toContain(bad);
    expect(payload).not.toMatch(/(^|[^\w\u200D])@(channel|here|everyone)\b/i);
    expect(msg.text).not.toMatch(/@(channel|here|everyone)\b/);
  });

  it('shows a model-written URL as plain text; only sources link', () => {
    const msg = briefMessage(
      result({
        summary: 'Read more at https://phish.example/login or <https://phish.example/x|here>.',
        who: [{ name: 'Ann', role: null, evidence: 'see [site](http://phish.example/y)' }],
      }),
    );
    const payload = json(msg);
    const links = payload.match(/<https?:[^>]*>/g) ?? [];
    expect(links).toEqual([`<${SOURCE_URL}|Leaders meet>`]);
    expect(payload).toContain('`https://phish.example/login`');
    for (const b of msg.blocks) {
      if (b.type === 'section') expect(b.text.verbatim).toBe(true);
    }
  });

  it('links only http(s) sources and shows untitled ones by host', () => {
    const r = result();
    r.sources = [
      { url: 'javascript:alert(1)', title: 'Bad <one>', siteName: null, publishedAt: null },
      {
        url: 'https://b.example/x',
        title: null,
        siteName: null,
        publishedAt: 'Mon, 22 Sep 2025 10:00:00 GMT',
      },
      { url: null, title: 'Local file', siteName: null, publishedAt: null },
    ];
    const text = sections(briefMessage(r).blocks).join('\n');
    expect(text).toContain('1. Bad &lt;one&gt;\n');
    expect(text).toContain('2. <https://b.example/x|b.example> — 2025-09-22');
    expect(text).toContain('3. Local file');
  });

  it('truncates a long headline to 150 and keeps the header plain text', () => {
    const msg = briefMessage(result({ headline: 'word '.repeat(60) }));
    const head = msg.blocks[0];
    expect(head?.type).toBe('header');
    if (head?.type === 'header') {
      expect(head.text.text.length).toBeLessThanOrEqual(150);
      expect(head.text.text.endsWith('…')).toBe(true);
    }
  });
});

describe('a huge brief', () => {
  const quote = (i: number) =>
    `Quote ${i}: ${'the delegation said it would consider the proposal carefully '.repeat(9)}`.slice(0, 500);
  const huge = result({
    headline: 'H'.repeat(400),
    summary: 'S & '.repeat(800),
    who: Array.from({ length: 40 }, (_, i) => ({
      name: `Person ${i}`,
      role: 'official',
      evidence: quote(i),
    })),
    where: Array.from({ length: 10 }, (_, i) => ({ place: `Place ${i}`, evidence: quote(i) })),
    nextSteps: Array.from({ length: 10 }, (_, i) => ({
      statement: `Step ${i}`,
      date: null,
      evidence: quote(i),
    })),
  });

  it('stays within every limit and hands the rest to the thread', () => {
    const msg = briefMessage(huge, { query: 'q', showFollowButton: true });
    expectWithinLimits(msg);
    expect(contextText(msg.blocks)).toContain('…more in thread');
    const overflow = msg.overflow;
    expect(overflow).not.toBeNull();
    if (!overflow) return;
    const shownWho = sections(msg.blocks).find((t) => t.startsWith('*Who*')) ?? '';
    const keptWho = (shownWho.match(/^• /gm) ?? []).length;
    // items leave from the end and none is lost
    expect(keptWho + overflow.brief.who.length).toBe(40);
    expect(overflow.brief.who.at(-1)?.name).toBe('Person 39');
    expect(overflow.brief.who[0]?.name).toBe(`Person ${keptWho}`);
    expect(overflow.sources).toEqual(huge.sources);
  });

  it('renders the continuation within limits too, chaining until every item is shown', () => {
    let next = briefMessage(huge).overflow;
    let shown = 0;
    let replies = 0;
    let sawSources = false;
    while (next && replies < 20) {
      const msg = continuationMessage(next);
      expectWithinLimits(msg);
      shown += sections(msg.blocks)
        .filter((t) => !t.startsWith('*Sources*'))
        .reduce((n, t) => n + (t.match(/^• /gm) ?? []).length, 0);
      if (sections(msg.blocks).some((t) => t.startsWith('*Sources*'))) sawSources = true;
      next = msg.overflow;
      replies++;
    }
    expect(next).toBeNull();
    expect(sawSources).toBe(true);
    const first = briefMessage(huge);
    const inFirst = sections(first.blocks).reduce((n, t) => n + (t.match(/^• /gm) ?? []).length, 0);
    // 40 who + 10 where + 10 next steps + the 2 when and 1 agreement of the base result
    expect(inFirst + shown).toBe(63);
  });

  it('keeps many sources within limits and moves the rest to the thread', () => {
    const r = result();
    r.sources = Array.from({ length: 60 }, (_, i) => ({
      url: `https://news.example.com/${'long-path/'.repeat(10)}${i}`,
      title: `Article number ${i} with a fairly long title about the summit`,
      siteName: 'Example News',
      publishedAt: '2025-09-22',
    }));
    const msg = briefMessage(r);
    expectWithinLimits(msg);
    expect(msg.overflow).not.toBeNull();
    expect(msg.overflow?.brief.who).toEqual([]);
    const cont = continuationMessage(msg.overflow as BriefResult);
    expectWithinLimits(cont);
    expect(cont.overflow).toBeNull();
    expect(json(cont)).toContain('/brief sources');
  });
});

describe('sourceLine', () => {
  const source = {
    url: 'https://toto.example/a',
    title: '日韓首脳会談',
    siteName: '東都新聞',
    publishedAt: '2026-08-23',
  };
  it('names the language of a source not in English, so a mixed brief shows which is which', () => {
    expect(sourceLine({ ...source, lang: 'ja' }, 1)).toMatch(/東都新聞, .*, Japanese$/);
    expect(sourceLine({ ...source, lang: 'ko-KR' }, 2)).toMatch(/, Korean$/);
    expect(sourceLine({ ...source, lang: 'en-GB' }, 3)).not.toMatch(/English/);
    expect(sourceLine({ ...source, lang: null }, 4)).not.toMatch(/Japanese/);
  });
});

describe('an item whose statement is its quote', () => {
  const sentence = 'He will hold a summit with U.S. President Donald Trump at the White House on the 25th.';
  const agreement = 'They also agreed to expand cooperation in hydrogen and artificial intelligence.';
  const count = (hay: string, needle: string) => hay.split(needle).length - 1;

  it('is shown once, as the quote, with its date or parties', () => {
    const msg = briefMessage(
      result({
        agreements: [{ statement: agreement, parties: ['Lee', 'Ishiba'], evidence: agreement }],
        nextSteps: [
          // statementOf trims long sentences with an ellipsis
          {
            statement: 'He will hold a summit with U.S. President Donald…',
            date: '2025-08-25',
            evidence: sentence,
          },
        ],
      }),
    );
    const text = sections(msg.blocks).join('\n');
    expect(count(text, 'cooperation in hydrogen')).toBe(1);
    expect(count(text, 'hold a summit with')).toBe(1);
    expect(text).toContain('(2025-08-25)');
    expect(text).toContain('(Lee, Ishiba)');
  });

  it('keeps a statement in other words next to its quote', () => {
    const msg = briefMessage(
      result({ nextSteps: [{ statement: 'Lee meets Trump in Washington', date: null, evidence: sentence }] }),
    );
    const text = sections(msg.blocks).join('\n');
    expect(text).toContain('Lee meets Trump in Washington');
    expect(count(text, 'hold a summit with')).toBe(1);
  });
});

describe('roles in the brief language (issue 19)', () => {
  const whoText = (r: BriefResult) =>
    JSON.stringify(briefMessage(r).blocks).split('*Who*')[1]?.split('"')[0] ?? '';

  it("shows a role in a Korean brief in Korean, beside the article's own word", () => {
    const r = result(
      {},
      { briefLanguage: 'ko', languageChecks: 'Written in Korean from an English article' },
    );
    expect(whoText(r)).toContain('*Lee Jae-myung*, 대통령 (South Korean president)');
  });

  it("shows a Korean or Japanese report's role in English in an English brief", () => {
    const r = result({
      who: [
        { name: '이재명', role: '대통령', evidence: '이재명 대통령은 23일 도쿄에서 회담했다.' },
        { name: '石破茂', role: '首相', evidence: '石破茂首相は２３日、会談した。' },
      ],
    });
    expect(whoText(r)).toContain('*이재명*, President (대통령)');
    expect(whoText(r)).toContain('*石破茂*, Prime Minister (首相)');
  });

  it('leaves a role alone in its own language, or when the title table does not know it', () => {
    expect(whoText(result())).toContain('*Lee Jae-myung*, South Korean president —');
    const r = result(
      { who: [{ name: 'Kim', role: 'striker', evidence: 'Kim scored.' }] },
      { briefLanguage: 'ko' },
    );
    expect(whoText(r)).toContain('*Kim*, striker —');
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../../src/brief/normalize.ts';
import type { Agreement, Brief, NextStep, When, Who } from '../../src/brief/schema.ts';
import { verifyBrief } from '../../src/brief/verify.ts';
import type { Article } from '../../src/ingest/article.ts';

/** Curly quotes, an em dash and a soft hyphen, as pages really have them. Published on a Wednesday. */
const SUMMIT_TEXT = [
  'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo on Monday and agreed to strengthen strategic communication.',
  '“We must cooperate together for the common good,” Lee said after two hours of talks at the prime minister’s residence.',
  'The two leaders agreed to expand cooperation in hydrogen and artificial intelligence — a first in 17 years — and to hold their next summit in Seoul next month.',
  'Trade ministers will meet on the 23rd to draft a supply-chain pact, and both governments pledged to cut tariffs on steel by 2028.',
  'Ishiba called the talks a new start. The statement was not signed by North Korea, which sent no envoy.',
].join('\n\n');

function article(text: string, publishedAt: string | null = '2025-09-24', source = 'summit.txt'): Article {
  return { text, title: null, source, url: null, siteName: null, lang: 'en', publishedAt };
}

const SUMMIT = article(SUMMIT_TEXT);

function brief(parts: Partial<Brief> = {}): Brief {
  return {
    headline: 'Korea and Japan agree to closer ties',
    summary: 'The leaders of South Korea and Japan met in Tokyo.',
    who: [],
    where: [],
    when: [],
    agreements: [],
    nextSteps: [],
    ...parts,
  };
}

const who = (name: string, evidence: string): Who => ({ name, role: null, evidence });
const when = (text: string, date: string | null, evidence: string): When => ({ text, date, evidence });
const step = (statement: string, date: string | null, evidence: string): NextStep => ({
  statement,
  date,
  evidence,
});

describe('normalizeForMatch', () => {
  it('folds quotes, dashes, ellipsis, invisible characters, spacing and case', () => {
    expect(normalizeForMatch('„Hi“ «there» ‹a› ‚b‘ it’s 5′ 6″')).toBe("\"hi\" \"there\" 'a' 'b' it's 5' 6\"");
    expect(normalizeForMatch('a‐b‑c‒d–e—f―g−h')).toBe('a-b-c-d-e-f-g-h');
    expect(normalizeForMatch('Wait…  what\u00A0\n now')).toBe('wait... what now');
    expect(normalizeForMatch('co\u00ADoper\u200Bation\u200F \uFEFFＡＢＣ')).toBe('cooperation abc');
  });
});

describe('verifyBrief keeps what the article supports', () => {
  it('keeps a valid brief whole and says where each item came from', () => {
    const input = brief({
      who: [
        who(
          'Lee Jae-myung',
          'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo',
        ),
      ],
      where: [{ place: 'Tokyo', evidence: 'met in Tokyo on Monday' }],
      when: [when('on Monday', '2025-09-22', 'Shigeru Ishiba met in Tokyo on Monday')],
      agreements: [
        {
          statement: 'They will strengthen strategic communication.',
          parties: ['Lee Jae-myung', 'Shigeru Ishiba'],
          evidence: 'met in Tokyo on Monday and agreed to strengthen strategic communication.',
        },
      ],
      nextSteps: [step('Next summit in Seoul', '2025-10', 'to hold their next summit in Seoul next month')],
    });
    const out = verifyBrief(input, [SUMMIT]);
    expect(out.dropped).toEqual([]);
    expect(out.adjustments).toEqual([]);
    expect(out.brief).toEqual(input);
    expect(out.itemSources).toEqual({ who: [0], where: [0], when: [0], agreements: [0], nextSteps: [0] });
  });

  it('attaches the article each item was found in', () => {
    const other = article('Officials in Seoul said the visit had been planned for weeks.', null, 'b.txt');
    const out = verifyBrief(
      brief({
        where: [
          { place: 'Seoul', evidence: 'Officials in Seoul said the visit had been planned' },
          { place: 'Tokyo', evidence: 'Japanese Prime Minister Shigeru Ishiba met in Tokyo' },
        ],
      }),
      [SUMMIT, other],
    );
    expect(out.brief.where.map((w) => w.place)).toEqual(['Seoul', 'Tokyo']);
    expect(out.itemSources.where).toEqual([1, 0]);
  });

  it('accepts an elided word and a dropped comma', () => {
    const out = verifyBrief(
      brief({
        where: [
          // "two" elided (12 tokens: one edit allowed)
          {
            place: 'Tokyo',
            evidence: 'The leaders agreed to expand cooperation in hydrogen and artificial intelligence',
          },
          // the comma after "good" dropped
          { place: 'Tokyo', evidence: '"We must cooperate together for the common good" Lee said' },
        ],
      }),
      [SUMMIT],
    );
    expect(out.dropped).toEqual([]);
    expect(out.brief.where).toHaveLength(2);
  });

  it('accepts words the model added one at a time to a long quote, but not a run of them', () => {
    // 12 tokens: one edit allowed. 27 tokens: two.
    const short = 'The two leaders agreed to expand cooperation in hydrogen and artificial intelligence';
    const long = `${short} - a first in 17 years - and to hold their next summit in Seoul next month`;
    const evidence = [
      short.replace('cooperation', 'their cooperation'),
      long.replace('cooperation', 'trade cooperation').replace('summit', 'bilateral summit'),
      long.replace('cooperation', 'military trade cooperation'),
      'and agreed to quickly strengthen strategic communication', // 7 tokens: no additions at all
    ];
    const out = verifyBrief(brief({ where: evidence.map((e) => ({ place: 'Tokyo', evidence: e })) }), [
      SUMMIT,
    ]);
    expect(out.brief.where.map((w) => w.evidence)).toEqual(evidence.slice(0, 2));
    expect(out.dropped.map((d) => [d.index, d.reason])).toEqual([
      [2, 'quote-not-found'],
      [3, 'quote-not-found'],
    ]);
  });

  it('verifies straight quotes against curly ones and curly against straight', () => {
    const straight = article('He said, "We will not back down," and left the minister\'s office.', null, 's');
    const out = verifyBrief(
      brief({
        where: [
          { place: 'Tokyo', evidence: '"We must cooperate together for the common good," Lee said' },
          { place: 'Tokyo', evidence: "at the prime minister's residence" },
          { place: 'Seoul', evidence: '“We will not back down,” and left the minister’s office.' },
        ],
      }),
      [SUMMIT, straight],
    );
    expect(out.dropped).toEqual([]);
    expect(out.itemSources.where).toEqual([0, 0, 1]);
  });

  it('treats an em dash, an en dash and a hyphen alike', () => {
    const enDash = article('Talks ran 10 – 12 hours – longer than planned.', null, 'en');
    const out = verifyBrief(
      brief({
        where: [
          { place: 'Tokyo', evidence: 'artificial intelligence - a first in 17 years - and to hold' },
          { place: 'Tokyo', evidence: 'Talks ran 10 — 12 hours — longer than planned.' },
        ],
      }),
      [SUMMIT, enDash],
    );
    expect(out.dropped).toEqual([]);
    expect(out.itemSources.where).toEqual([0, 1]);
  });

  it('accepts the model’s romanisation when only spacing, hyphens or case differ', () => {
    const evidence = 'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo';
    const names = ['Lee Jae-myung', 'Lee Jaemyung', 'lee jae myung', 'LEE JAE-MYUNG', 'Shigeru Ishiba'];
    const out = verifyBrief(brief({ who: names.map((n) => who(n, evidence)) }), [SUMMIT]);
    expect(out.dropped).toEqual([]);
    expect(out.brief.who.map((w) => w.name)).toEqual(names);
  });

  it('accepts a full name the article gives elsewhere when the quote has only the surname', () => {
    const out = verifyBrief(brief({ who: [who('Shigeru Ishiba', 'Ishiba called the talks a new start.')] }), [
      SUMMIT,
    ]);
    expect(out.dropped).toEqual([]);
    expect(out.brief.who).toHaveLength(1);
  });
});

describe('verifyBrief drops what the article does not support', () => {
  const dropsQuote = (evidence: string) => {
    const out = verifyBrief(brief({ where: [{ place: 'Tokyo', evidence }] }), [SUMMIT]);
    expect(out.brief.where).toEqual([]);
    expect(out.dropped).toEqual([
      { field: 'where', index: 0, reason: 'quote-not-found', item: { place: 'Tokyo', evidence } },
    ]);
  };

  it('drops a fabricated quote built from a few real words', () => {
    dropsQuote('The two leaders agreed to abolish all tariffs on hydrogen and steel by the end of the year.');
  });

  it('drops a quote with a changed number', () => {
    dropsQuote(
      'The two leaders agreed to expand cooperation in hydrogen and artificial intelligence - a first in 71 years',
    );
    dropsQuote('both governments pledged to cut tariffs on steel by 2029.');
  });

  it('drops a quote with a negation added or removed', () => {
    dropsQuote('The statement was signed by North Korea, which sent no envoy.');
    dropsQuote('“We must not cooperate together for the common good,” Lee said after two hours of talks');
  });

  it('drops a quote whose speaker was changed', () => {
    dropsQuote('“We must cooperate together for the common good,” Kim said after two hours of talks');
  });

  it('drops a quote with one word replaced, short or long', () => {
    dropsQuote('agreed to weaken strategic communication');
    dropsQuote(
      'The two leaders agreed to expand cooperation in hydrogen and nuclear intelligence - a first in 17 years - and to hold their next summit in Seoul',
    );
  });

  it('needs very short evidence to match exactly, as whole words', () => {
    const out = verifyBrief(
      brief({
        where: [
          { place: 'Tokyo', evidence: 'in Tokyo' },
          { place: 'Kyoto', evidence: 'in Kyoto' },
          { place: 'Seoul', evidence: 'eoul' },
        ],
      }),
      [SUMMIT],
    );
    expect(out.brief.where.map((w) => w.place)).toEqual(['Tokyo']);
    expect(out.dropped.map((d) => [d.index, d.reason])).toEqual([
      [1, 'quote-not-found'],
      [2, 'quote-not-found'],
    ]);
  });

  it('drops a name the article never gives, even when the surname is there', () => {
    const evidence = 'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo';
    const out = verifyBrief(
      brief({
        who: [who('Kim Jong-un', evidence), who('Taro Ishiba', evidence), who('Lee Jae-myung', evidence)],
      }),
      [SUMMIT],
    );
    expect(out.brief.who.map((w) => w.name)).toEqual(['Lee Jae-myung']);
    expect(out.dropped.map((d) => [d.field, d.index, d.reason])).toEqual([
      ['who', 0, 'name-not-in-article'],
      ['who', 1, 'name-not-in-article'],
    ]);
  });

  it('drops items with blank fields as empty', () => {
    const out = verifyBrief(
      brief({
        who: [who('  ', 'met in Tokyo on Monday')],
        where: [{ place: 'Tokyo', evidence: ' ' }],
        nextSteps: [step('', null, 'met in Tokyo on Monday')],
      }),
      [SUMMIT],
    );
    expect(out.dropped.map((d) => [d.field, d.reason])).toEqual([
      ['who', 'empty'],
      ['where', 'empty'],
      ['nextSteps', 'empty'],
    ]);
  });

  it('removes parties the article does not name and keeps the agreement', () => {
    const agreement: Agreement = {
      statement: 'Cut steel tariffs by 2028.',
      parties: ['Lee Jae-myung', 'Xi Jinping', 'shigeru ishiba'],
      evidence: 'both governments pledged to cut tariffs on steel by 2028.',
    };
    const out = verifyBrief(brief({ agreements: [agreement] }), [SUMMIT]);
    expect(out.brief.agreements).toEqual([{ ...agreement, parties: ['Lee Jae-myung', 'shigeru ishiba'] }]);
    expect(out.adjustments).toEqual([
      {
        field: 'agreements',
        index: 0,
        note: 'party "Xi Jinping" is not named in the article; removed',
        from: 'Xi Jinping',
        to: null,
      },
    ]);
  });
});

describe('verifyBrief recomputes dates', () => {
  const ON_MONDAY = 'Shigeru Ishiba met in Tokyo on Monday';

  it('corrects a relative date the model resolved wrongly, and reports it', () => {
    const out = verifyBrief(brief({ when: [when('on Monday', '2025-09-29', ON_MONDAY)] }), [SUMMIT]);
    expect(out.brief.when[0]?.date).toBe('2025-09-22');
    expect(out.adjustments).toEqual([
      {
        field: 'when',
        index: 0,
        note: '"on Monday" with publication date 2025-09-24 gives 2025-09-22, not 2025-09-29',
        from: '2025-09-29',
        to: '2025-09-22',
      },
    ]);
  });

  it('keeps a coarser model date that agrees, and fills in a missing one', () => {
    const out = verifyBrief(
      brief({ when: [when('on Monday', '2025-09', ON_MONDAY), when('on Monday', null, ON_MONDAY)] }),
      [SUMMIT],
    );
    expect(out.brief.when.map((w) => w.date)).toEqual(['2025-09', '2025-09-22']);
    expect(out.adjustments.map((a) => [a.index, a.from, a.to])).toEqual([[1, null, '2025-09-22']]);
  });

  it('never passes through a date that is not YYYY-MM-DD, YYYY-MM or YYYY', () => {
    const out = verifyBrief(brief({ when: [when('on Monday', 'Sept 22', ON_MONDAY)] }), [SUMMIT]);
    expect(out.brief.when[0]?.date).toBe('2025-09-22');
    expect(out.adjustments[0]?.note).toMatch(/^"Sept 22" is not YYYY-MM-DD, YYYY-MM or YYYY/);
  });

  it('sets an invented ISO date to null when the text supports none', () => {
    const evidence = 'Lee said after two hours of talks at the prime minister’s residence';
    const out = verifyBrief(brief({ when: [when('after two hours of talks', '2025-09-23', evidence)] }), [
      SUMMIT,
    ]);
    expect(out.brief.when[0]?.date).toBeNull();
    expect(out.adjustments).toEqual([
      {
        field: 'when',
        index: 0,
        note: '"after two hours of talks" with publication date 2025-09-24 does not determine a date',
        from: '2025-09-23',
        to: null,
      },
    ]);
  });

  it('reads the quote, not a time expression the article does not contain', () => {
    const out = verifyBrief(brief({ when: [when('September 21, 2025', '2025-09-21', ON_MONDAY)] }), [SUMMIT]);
    expect(out.brief.when[0]?.date).toBe('2025-09-22');
  });

  it('resolves "the 23rd" from the publication date, forward for a next step', () => {
    const evidence = 'Trade ministers will meet on the 23rd to draft a supply-chain pact';
    const out = verifyBrief(brief({ nextSteps: [step('Ministers meet', '2025-09-23', evidence)] }), [SUMMIT]);
    expect(out.brief.nextSteps[0]?.date).toBe('2025-10-23');
    expect(out.adjustments.map((a) => [a.field, a.from, a.to])).toEqual([
      ['nextSteps', '2025-09-23', '2025-10-23'],
    ]);
  });

  it('gives null for "the 23rd" when the publication date is unknown', () => {
    const undated = article(SUMMIT_TEXT, null);
    const evidence = 'Trade ministers will meet on the 23rd';
    const out = verifyBrief(
      brief({
        when: [when('on the 23rd', '2025-09-23', evidence)],
        nextSteps: [step('Ministers meet', '2025-10-23', evidence)],
      }),
      [undated],
    );
    expect(out.brief.when[0]?.date).toBeNull();
    expect(out.brief.nextSteps[0]?.date).toBeNull();
    expect(out.adjustments.map((a) => [a.field, a.to, a.note])).toEqual([
      ['when', null, '"on the 23rd" with publication date unknown does not determine a date'],
      ['nextSteps', null, `"${evidence}" with publication date unknown does not determine a date`],
    ]);
  });

  it('gives YYYY-MM for "next month" and YYYY for "by 2028"', () => {
    const out = verifyBrief(
      brief({
        nextSteps: [
          step('Summit in Seoul', null, 'to hold their next summit in Seoul next month'),
          step('Cut steel tariffs', '2028-01-01', 'both governments pledged to cut tariffs on steel by 2028'),
        ],
      }),
      [SUMMIT],
    );
    expect(out.brief.nextSteps.map((s) => s.date)).toEqual(['2025-10', '2028']);
    expect(out.adjustments.map((a) => [a.index, a.from, a.to])).toEqual([
      [0, null, '2025-10'],
      [1, '2028-01-01', '2028'],
    ]);
  });

  it('reads a `when` in the tense of its clause: "will meet on the 23rd" is the coming 23rd', () => {
    const evidence = 'Trade ministers will meet on the 23rd';
    const out = verifyBrief(
      brief({
        when: [when('on the 23rd', '2025-10-23', evidence), when('on the 23rd', '2025-11-23', evidence)],
      }),
      [SUMMIT],
    );
    expect(out.brief.when.map((w) => w.date)).toEqual(['2025-10-23', '2025-10-23']);
    expect(out.adjustments.map((a) => [a.index, a.from, a.to])).toEqual([[1, '2025-11-23', '2025-10-23']]);
  });

  it('for a `when` whose clause has no tense cue, keeps the model’s date only if it is one of the two readings', () => {
    const evidence = 'Trade ministers in Seoul on the 23rd';
    const out = verifyBrief(
      brief({
        when: [when('on the 23rd', '2025-10-23', evidence), when('on the 23rd', '2025-11-23', evidence)],
      }),
      [article(`${SUMMIT_TEXT} Trade ministers in Seoul on the 23rd.`)],
    );
    expect(out.brief.when.map((w) => w.date)).toEqual(['2025-10-23', null]);
    expect(out.adjustments[0]?.note).toContain('could be 2025-09-23 or 2025-10-23');
  });

  it('does not date a future month in a present-tense sentence to the month just past', () => {
    // "talks continue in January", written in the autumn: the coming January
    const text = `${SUMMIT_TEXT} Talks continue in January.`;
    const out = verifyBrief(brief({ when: [when('in January', '2026-01', 'Talks continue in January.')] }), [
      article(text, '2025-10-20'),
    ]);
    expect(out.brief.when.map((w) => w.date)).toEqual(['2026-01']);
    expect(out.adjustments).toEqual([]);
  });

  it('never "corrects" a next step to the date of another event in its sentence', () => {
    const sentence =
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet President Donald Trump at the White House on the 25th.';
    const out = verifyBrief(
      brief({
        nextSteps: [
          { statement: 'Lee meets Trump at the White House.', date: '2025-08-25', evidence: sentence },
        ],
      }),
      [article(`${SUMMIT_TEXT} ${sentence}`, '2025-08-23T21:40:00+09:00')],
    );
    expect(out.brief.nextSteps.map((n) => n.date)).toEqual(['2025-08-25']);
    expect(out.adjustments).toEqual([]);
  });

  it('leaves a past event dated after publication undated rather than last month', () => {
    const sentence =
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet Trump on the 25th.';
    const out = verifyBrief(brief({ when: [when('on the 24th', null, sentence)] }), [
      article(`${SUMMIT_TEXT} ${sentence}`, '2025-08-23'),
    ]);
    expect(out.brief.when.map((w) => w.date)).toEqual([null]);
    expect(out.adjustments).toEqual([]);
  });
});

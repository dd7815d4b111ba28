/*
 * Issue 14: items go under the heading the article supports. Next steps are what lies ahead of the
 * publication; agreements are what the parties agreed, not what others said about it, and not a
 * sentence cut before it states anything. Dates of past events after the publication day stay
 * unknown instead of moving to the previous month.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyBrief } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { extractHtml } from '../../src/ingest/extract.ts';
import { article } from './helpers.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const summitTxt = readFileSync(here('../../fixtures/articles/summit-tokyo.txt'), 'utf8');
const summitHtml = extractHtml(readFileSync(here('../../fixtures/articles/summit-tokyo.html'), 'utf8'), {
  source: 'summit-tokyo.html',
  url: null,
});

describe('next steps', () => {
  it('leaves out a past event, even one that "agreed to" do something', () => {
    const brief = extractiveBrief(article(summitTxt, '2025-08-24T10:00:00+09:00'));
    const steps = brief.nextSteps.map((n) => n.evidence);
    expect(steps.some((e) => e.includes('held their second summit'))).toBe(false);
    expect(steps).toEqual([
      'He will hold a summit with U.S. President Donald Trump at the White House on the 25th (local time).',
    ]);
    expect(brief.nextSteps[0]?.date).toBe('2025-08-25');
  });

  it('dates a past-tense summit before publication to its own month, not the next', () => {
    const text =
      'The prime ministers held their second summit in Tokyo on the 23rd and agreed to respond together to the new tariffs. Officials described the talks as frank and practical, and aides said the mood was warm throughout.';
    const brief = extractiveBrief(article(text, '2025-08-24'));
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([['on the 23rd', '2025-08-23']]);
    expect(brief.nextSteps).toEqual([]);
  });

  it('leaves out a past "first round" of talks that "agreed to" something', () => {
    const text =
      'Renfe and the unions held a first round of talks in Valencia on Oct. 28 and agreed to suspend the strikes for the duration of the negotiations, but the talks collapsed two days later. A joint committee is due to report in March.';
    const brief = extractiveBrief(article(text, '2025-11-06'));
    expect(brief.nextSteps.map((n) => n.evidence)).toEqual(['A joint committee is due to report in March.']);
  });

  it('keeps what is scheduled after publication', () => {
    const text =
      'The ministers met in Jakarta on Monday and signed a fisheries pact. Their deputies are scheduled to meet in Canberra in May to finish a defence agreement, and both navies plan to begin joint patrols next year.';
    const brief = extractiveBrief(article(text, '2025-03-12'));
    expect(brief.nextSteps.map((n) => n.date)).toEqual(['2025-05']);
  });
});

describe('agreements', () => {
  it('leaves out what others said about the agreement', () => {
    const brief = extractiveBrief(article(summitTxt, '2025-08-24T10:00:00+09:00'));
    const evidence = brief.agreements.map((x) => x.evidence);
    expect(evidence.some((e) => /newspapers called/.test(e))).toBe(false);
    expect(evidence.some((e) => e.startsWith('They also agreed to expand cooperation in hydrogen'))).toBe(
      true,
    );
  });

  it('leaves out commentary in its several forms', () => {
    const text = [
      'The two foreign ministers signed a memorandum of understanding on fisheries enforcement in Jakarta on Wednesday.',
      'Japanese newspapers called the joint statement "a welcome surprise."',
      'Opposition lawmakers described the memorandum as a missed chance.',
      'Analysts said the joint declaration was mostly symbolic.',
    ].join(' ');
    const got = extractiveBrief(article(text, '2025-03-12')).agreements.map((x) => x.evidence);
    expect(got).toEqual([
      'The two foreign ministers signed a memorandum of understanding on fisheries enforcement in Jakarta on Wednesday.',
    ]);
  });

  it('keeps a joint statement the parties released, with "press" in its name', () => {
    const text = [
      'President Park and Prime Minister Ota met for two hours at the prime minister’s residence in Tokyo.',
      'Afterwards they released a joint press statement, the first such document issued by the leaders of the two countries in 17 years.',
      'Foreign media described the joint statement as cautious.',
    ].join(' ');
    const got = extractiveBrief(article(text, '2025-08-24')).agreements.map((x) => x.evidence);
    expect(got).toEqual([
      'Afterwards they released a joint press statement, the first such document issued by the leaders of the two countries in 17 years.',
    ]);
  });

  it('leaves out a sentence cut before it states what was agreed', () => {
    const said =
      'President Park and Prime Minister Ota said in a joint press statement released after two hours of talks at the prime minister’s residence in Tokyo on the 23rd, “The two leaders agreed that Korea and Japan should cooperate for the future-oriented and mutually beneficial common interests of the international community and of the region.”';
    const text = `${said} The two leaders agreed to strengthen strategic communication on trade.`;
    const got = extractiveBrief(article(text, '2025-08-24')).agreements.map((x) => x.evidence);
    expect(got.some((e) => e.includes('joint press statement') && !/[.!?]["”]?$/.test(e))).toBe(false);
    expect(got).toContain('The two leaders agreed to strengthen strategic communication on trade.');
  });
});

describe('summit-tokyo.html (published 2025-08-23)', () => {
  it('has the page date the test relies on', () => {
    expect(summitHtml.publishedAt?.slice(0, 10)).toBe('2025-08-23');
  });

  it('reports "on the 24th" with its date unknown, not 2025-07-24', () => {
    const brief = extractiveBrief(summitHtml);
    const dates = Object.fromEntries(brief.when.map((w) => [w.text, w.date]));
    expect(dates['on the 24th']).toBeNull();
    expect(dates['on the 23rd']).toBe('2025-08-23');
    expect(dates['on the 25th']).toBe('2025-08-25');
    expect(brief.when.some((w) => w.date === '2025-07-24')).toBe(false);
  });

  it('keeps the next step dated the 25th through verification', () => {
    const brief = extractiveBrief(summitHtml);
    expect(brief.nextSteps.map((n) => n.date)).toEqual(['2025-08-25']);
    const v = verifyBrief(brief, [summitHtml]);
    expect(v.brief.nextSteps.map((n) => n.date)).toEqual(['2025-08-25']);
    expect(v.brief.when.map((w) => w.date)).toEqual(brief.when.map((w) => w.date));
    expect(v.adjustments).toEqual([]);
  });
});

describe('a past participle after a future cue', () => {
  it('dates the past event it names, before and after verification', () => {
    const text =
      'The city council approved the light rail line on Tuesday. The province of Ontario will pay 60% of the cost under a funding agreement signed with the city in June.';
    const art = article(text, '2025-11-05');
    const brief = extractiveBrief(art);
    expect(brief.when.find((w) => w.text === 'in June')?.date).toBe('2025-06');
    expect(verifyBrief(brief, [art]).brief.when.find((w) => w.text === 'in June')?.date).toBe('2025-06');
  });
});

describe('a dateline later than the publication date', () => {
  it('dates a past day after publication from the dateline, through verification', () => {
    const text =
      'SEOUL, Aug. 24 (Yonhap) -- President Lee Jae-myung left Tokyo for Washington on the 24th after a two-day visit to Japan. He will hold a summit with President Donald Trump at the White House on the 25th.';
    const art = article(text, '2025-08-23T21:40:00+09:00');
    const brief = extractiveBrief(art);
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([
      ['on the 24th', '2025-08-24'],
      ['on the 25th', '2025-08-25'],
    ]);
    const v = verifyBrief(brief, [art]);
    expect(v.adjustments).toEqual([]);
    expect(v.brief.when.map((w) => w.date)).toEqual(['2025-08-24', '2025-08-25']);
  });
});

describe('a future month in a present-tense sentence', () => {
  it('is the coming one, before and after verification', () => {
    const text =
      'Negotiators for the rail unions and the transport ministry met on Tuesday without a result. Talks continue in January, the ministry said in a statement.';
    const art = article(text, '2025-10-20');
    const brief = extractiveBrief(art);
    expect(brief.when.find((w) => w.text === 'in January')?.date).toBe('2026-01');
    expect(verifyBrief(brief, [art]).brief.when.find((w) => w.text === 'in January')?.date).toBe('2026-01');
  });

  it('is the coming one after "officials said", past a participle used as an adjective', () => {
    const text =
      'The two presidents met in Hanoi on Monday. Officials said talks on a revised investment protection treaty continue in January.';
    const brief = extractiveBrief(article(text, '2025-10-28'));
    expect(brief.when.find((w) => w.text === 'in January')?.date).toBe('2026-01');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BriefSchema, ITEM_FIELDS } from '../../src/brief/schema.ts';
import { verifyBrief } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { article } from './helpers.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const GOLD_DIR = here('../../fixtures/gold/extractive/');
const gold = readdirSync(GOLD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const { article: a } = JSON.parse(readFileSync(GOLD_DIR + f, 'utf8')) as {
      article: { title: string | null; text: string; publishedAt: string | null };
    };
    return [f, article(a.text, a.publishedAt, a.title)] as const;
  });
const osaka = readFileSync(here('./fixtures/summit-osaka.txt'), 'utf8');

describe('extractiveBrief', () => {
  it('has gold articles to check', () => {
    expect(gold.length).toBeGreaterThanOrEqual(15);
  });

  it.each(gold)('%s: a valid Brief whose every item verifyBrief keeps', (_, art) => {
    const brief = extractiveBrief(art);
    expect(BriefSchema.parse(brief)).toEqual(brief);
    const v = verifyBrief(brief, [art]);
    expect(v.dropped).toEqual([]);
    for (const field of ITEM_FIELDS) {
      expect(v.brief[field]).toHaveLength(brief[field].length);
      for (const item of brief[field]) expect(art.text.includes(item.evidence)).toBe(true);
    }
    expect(brief.headline.split(/\s+/).length).toBeLessThanOrEqual(12);
    expect(brief.who.length).toBeLessThanOrEqual(8);
    expect(brief.where.length).toBeLessThanOrEqual(5);
    expect(brief.when.length).toBeLessThanOrEqual(5);
    expect(brief.agreements.length).toBeLessThanOrEqual(6);
    expect(brief.nextSteps.length).toBeLessThanOrEqual(4);
  });

  it('is pure: the same article gives the same brief', () => {
    const [, art] = gold[0] as (typeof gold)[number];
    expect(extractiveBrief(art)).toEqual(extractiveBrief(art));
  });

  it('briefs a noisy summit page (duplicated caption, photo label, bylines)', () => {
    const art = article(osaka, null, null);
    const brief = extractiveBrief(art);
    expect(brief.who.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'Moon Hae-jin', role: 'President' }),
      expect.objectContaining({ name: 'Kenji Takeda', role: 'Prime Minister' }),
    ]);
    const names = brief.who.map((w) => w.name);
    expect(names).toContain('Li Wen');
    expect(names.some((n) => /Park Min-ji|Choi Ji-woo|Han Seo-yeon/.test(n))).toBe(false);
    expect(brief.where.map((w) => w.place)).toEqual(expect.arrayContaining(['Osaka', 'Beijing', 'Seoul']));
    expect(brief.headline.split(/\s+/).length).toBeLessThanOrEqual(12);
    expect(brief.summary).not.toMatch(/\(left\)|Reporter|사진/);
    expect(brief.agreements.map((x) => x.evidence).join(' ')).toMatch(/memorandum on youth exchanges/);
    expect(brief.agreements.find((x) => /memorandum/.test(x.evidence))?.parties).toEqual([
      'Moon Hae-jin',
      'Kenji Takeda',
    ]);
    expect(brief.nextSteps.map((x) => x.evidence)).toEqual(
      expect.arrayContaining([expect.stringMatching(/travel to Beijing on the 16th/)]),
    );
    // no publication date: "the 16th" has no month, so no date is given
    expect(brief.when.every((w) => w.date === null || /^\d{4}$/.test(w.date))).toBe(true);
    expect(verifyBrief(brief, [art]).dropped).toEqual([]);
  });

  it('dates relative expressions when the publication date is known', () => {
    const art = article(osaka, '2025-09-15T10:00:00+09:00', 'Korea and Japan resume shuttle diplomacy');
    const brief = extractiveBrief(art);
    expect(brief.headline).toBe('Korea and Japan resume shuttle diplomacy');
    expect(brief.when.map((w) => [w.text, w.date])).toEqual(
      expect.arrayContaining([
        ['on the 14th', '2025-09-14'],
        ['on the 16th', '2025-09-16'],
      ]),
    );
    expect(brief.nextSteps.find((s) => /Beijing/.test(s.evidence))?.date).toBe('2025-09-16');
  });

  it('handles an empty article without throwing', () => {
    const brief = extractiveBrief(article(''));
    expect(brief).toEqual({
      headline: '',
      summary: '',
      who: [],
      where: [],
      when: [],
      agreements: [],
      nextSteps: [],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { verifyBrief } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { CJK_STORIES, storyFixtures } from '../stories/fixtures.ts';

const fixture = (name: string) => {
  const f = storyFixtures({ dir: CJK_STORIES }).find((x) => x.name === name);
  if (!f) throw new Error(name);
  return f.article;
};

describe('offline briefs of Korean and Japanese reports', () => {
  it('briefs the Korean summit report: people with titles, places, dates, the agreement and the next step', () => {
    const article = fixture('summit-ko-1');
    const brief = extractiveBrief(article);
    expect(brief.headline).toBe(article.title);
    expect(brief.who.map((w) => [w.name, w.role])).toEqual([
      ['이재명', '대통령'],
      ['이시바 시게루', '총리'],
      ['도널드 트럼프', '대통령'],
    ]);
    expect(brief.where.map((w) => w.place)).toEqual(
      expect.arrayContaining(['도쿄', '총리관저', '워싱턴', '백악관']),
    );
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([
      ['23일', '2026-08-23'],
      ['25일', '2026-08-25'],
    ]);
    expect(brief.agreements.map((a) => a.evidence)).toEqual([
      '두 정상은 수소와 인공지능(AI) 분야의 협력을 확대하기로 합의했다고 대통령실이 밝혔다.',
      '양국은 셔틀 외교를 이어가고 청년 교류 프로그램을 늘리기로 했다.',
    ]);
    // The press's opinion of the statement is not an agreement.
    expect(brief.agreements.some((a) => a.evidence.includes('평가했다'))).toBe(false);
    expect(brief.nextSteps.map((n) => n.date)).toEqual(['2026-08-25']);
    // Every item survives our own verification: quotes found, names in the article, dates agreed.
    const verified = verifyBrief(brief, [article]);
    expect(verified.dropped).toEqual([]);
    expect(verified.adjustments).toEqual([]);
  });

  it('briefs the Japanese summit report, names run into their titles and full-width dates', () => {
    const article = fixture('summit-ja-1');
    const brief = extractiveBrief(article);
    expect(brief.who.map((w) => [w.name, w.role])).toEqual([
      ['石破茂', '首相'],
      ['李在明', '大統領'],
      ['トランプ', '大統領'],
    ]);
    expect(brief.where.map((w) => w.place)).toEqual(
      expect.arrayContaining(['首相官邸', 'ワシントン', 'ホワイトハウス']),
    );
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([
      ['２３日', '2026-08-23'],
      ['２５日', '2026-08-25'],
    ]);
    expect(brief.agreements.map((a) => a.evidence)).toEqual([
      '両首脳は水素や人工知能（ＡＩ）の分野で協力を拡大することで一致した。',
    ]);
    expect(brief.nextSteps.map((n) => [n.evidence, n.date])).toEqual([
      ['李大統領は２５日にワシントンのホワイトハウスでトランプ大統領と会談する予定だ。', '2026-08-25'],
    ]);
    const verified = verifyBrief(brief, [article]);
    expect(verified.dropped).toEqual([]);
  });

  it('does not take a national team or a government for a person or a place', () => {
    const brief = extractiveBrief(fixture('football-ja-2'));
    expect(brief.who.map((w) => w.name)).toEqual(['森保']);
    expect(extractiveBrief(fixture('port-ja-2')).where.map((w) => w.place)).not.toContain('韓国政府');
  });
});

describe('Korean and Japanese dates that count from another day (issue 14 rule kept)', () => {
  const brief = (text: string, publishedAt: string, title = 'test') =>
    extractiveBrief({ text, title, publishedAt, source: 't', url: null, siteName: null, lang: null });
  const dates = (b: ReturnType<typeof brief>) => b.when.map((w) => [w.text, w.date]);

  it('dates a later day that qualifies what is planned for it (２１日の運休を決めた) in this month', () => {
    const b = brief(
      'ＪＲ九州は２０日、台風の接近に備えた。\n\n同社は２１日の特急列車の運休を決めた。',
      '2026-08-20T02:00:00Z',
    );
    expect(dates(b)).toEqual([
      ['２０日', '2026-08-20'],
      ['２１日', '2026-08-21'],
    ]);
  });

  it('leaves a later past-tense day unknown without an update time, and dates it with one', () => {
    const text = '서울 시내버스 노조는 10일 새벽 파업에 들어갔다.\n\n서울시는 이날 지하철을 증편했다.';
    expect(dates(brief(text, '2026-03-09T22:00:00Z'))).toEqual([
      ['10일', null],
      ['이날', null],
    ]);
    expect(dates(brief(`${text}\n\n수정 2026.03.10 09:30`, '2026-03-09T22:00:00Z'))).toEqual([
      ['10일', '2026-03-10'],
      ['이날', '2026-03-10'],
    ]);
    // Never into the previous month, and an update time more than a week later is not trusted.
    expect(dates(brief(`${text}\n\n수정 2026.03.20 09:30`, '2026-03-09T22:00:00Z'))[0]).toEqual([
      '10일',
      null,
    ]);
  });

  it('reads 同日, 前日 and 전날 from the day the report is about', () => {
    const ja = brief(
      'ＪＲ東日本は１４日、東北新幹線を運休した。\n\n前日の１３日夜から雪が降り続いた。\n\n国土交通省は同日、除雪を指示した。',
      '2026-01-14T09:00:00Z',
    );
    expect(dates(ja)).toEqual([
      ['１４日', '2026-01-14'],
      ['前日', '2026-01-13'],
      ['１３日', '2026-01-13'],
      ['同日', '2026-01-14'],
    ]);
    const ko = brief(
      '노사는 23일 협상을 타결했다.\n\n노사는 전날 밤까지 협상을 벌였다.',
      '2026-05-24T01:00:00Z',
    );
    expect(dates(ko)).toEqual([
      ['23일', '2026-05-23'],
      ['전날', '2026-05-22'],
    ]);
  });

  it('keeps 京都 out of 東京都 and reads a five-character Japanese name', () => {
    const b = brief(
      '東京都知事選は６日投開票され、現職の小池百合子氏が３選を果たした。',
      '2026-07-06T23:00:00Z',
    );
    expect(b.where.map((w) => w.place)).toEqual(['東京']);
    expect(b.who.map((w) => w.name)).toEqual(['小池百合子']);
  });
});

import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefCache } from '../../src/brief/cache.ts';
import { type BriefResult, briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { type BriefDraft, fromDraft } from '../../src/brief/schema.ts';
import { checkTranslated } from '../../src/brief/translatedCheck.ts';
import { verifyBrief } from '../../src/brief/verify.ts';
import { renderBrief } from '../../src/cli/render.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { briefMessage } from '../../src/views/brief.ts';
import {
  type ChatBody,
  COMPLETIONS,
  client,
  LLM_HOST,
  portDealArticle,
  recorded,
  settings,
  silentLogger,
} from '../helpers/llm.ts';

// A Monday: "next month" is December 2025, "in November" this November.
const portDeal = portDealArticle({ publishedAt: '2025-11-17T09:00:00Z', url: 'https://news.example/port' });

function memoryCache(): BriefCache & { size: () => number } {
  const rows = new Map<string, BriefResult>();
  return {
    get: async (key) => structuredClone(rows.get(key) ?? null),
    put: async (key, result) => {
      rows.set(key, structuredClone(result));
    },
    size: () => rows.size,
  };
}

function deps(cache?: BriefCache, language?: EngineDeps['briefLanguage']): EngineDeps {
  return {
    engine: 'llm',
    fallback: 'none',
    extractive: extractiveBrief,
    logger: silentLogger,
    llm: { client: client({ maxRetries: 0 }), settings: settings(), prompt: loadPrompt('brief') },
    ...(cache ? { cache } : {}),
    ...(language ? { briefLanguage: language } : {}),
  };
}

/** A fake LLM answering with `fixture`; records the request bodies. */
function fakeLlm(fixture: string) {
  const bodies: ChatBody[] = [];
  nock(LLM_HOST)
    .post(COMPLETIONS, (body) => {
      bodies.push(body as unknown as ChatBody);
      return true;
    })
    .reply(200, recorded(fixture));
  return bodies;
}

afterEach(() => nock.cleanAll());

describe('a brief in Korean of an English article (issue 19)', () => {
  it('asks for Korean in the user message only (quotes stay verbatim by the system prompt), and keeps the model’s sentences whose numbers and dates are their quotes’', async () => {
    const bodies = fakeLlm('port-deal-ko');
    const result = await briefArticles([portDeal], deps(undefined, 'ko'));

    const [system, user] = bodies[0]?.messages ?? [];
    expect(user?.content).toMatch(
      /^Write a Korean brief of the article between the ARTICLE \d{12} markers\./,
    );
    expect(system?.content).not.toContain('Korean');

    // "9일" for "about nine days", "2026년" and "11월" for "2026" and "in November": kept.
    expect(result.brief.summary).toContain('약 9일 줄어들 것');
    expect(result.brief.summary).toContain('2026년 말까지');
    expect(result.brief.summary).toContain('11월 APEC');
    expect(result.brief.summaryEvidence).toHaveLength(3);
    // "4회" for "twice a year": dropped, said why.
    expect(result.brief.summary).not.toContain('4회');
    expect(result.meta.rejectedClaims).toEqual([
      expect.objectContaining({ field: 'summary', reason: 'number', detail: '4' }),
    ]);
    expect(result.brief.headline).toBe('칠레·베트남, 항만·해운 협력 협정 체결');
    // Statements are checked the same way: "2회" for "twice" stays, "다음 달" for "next month" too.
    expect(result.brief.agreements.map((a) => a.statement)).toEqual([
      '2026년 말까지 발파라이소와 하이퐁 사이에 직항 컨테이너 항로를 연다.',
      '세관 절차에 관한 공동 실무단을 만들고 1년에 2회 회의한다.',
    ]);
    expect(result.brief.nextSteps[0]?.statement).toBe(
      '베트남은 다음 달 터미널 용량을 점검할 기술팀을 칠레에 보낸다.',
    );
    // Quotes stay verbatim in English.
    expect(result.brief.who[0]?.evidence).toContain('Chilean Foreign Minister Alberto van Klaveren');
    expect(result.meta.briefLanguage).toBe('ko');
    expect(result.meta.languageChecks).toBe(
      'Written in Korean from an English article: quotes verified as always; names, numbers and dates in the translated sentences checked against their quotes.',
    );
  });

  it('says in the footer which checks applied, and marks each quote with its language', async () => {
    fakeLlm('port-deal-ko');
    const result = await briefArticles([portDeal], deps(undefined, 'ko'));
    const json = JSON.stringify(briefMessage(result));
    expect(json).toContain('Written in Korean from an English article: quotes verified as always');
    expect(json).toContain('on Monday” (English)');
    expect(renderBrief(result)).toContain('Written in Korean from an English article');

    fakeLlm('port-deal');
    const english = await briefArticles([portDeal], deps());
    expect(english.meta.languageChecks).toBeUndefined();
    const plain = JSON.stringify(briefMessage(english));
    expect(plain).not.toContain('Written in');
    expect(plain).not.toContain('(English)');
  });

  it('caches the Korean and the English brief of one story apart', async () => {
    const cache = memoryCache();
    const ko = fakeLlm('port-deal-ko');
    const first = await briefArticles([portDeal], deps(cache, 'ko'));
    expect(ko).toHaveLength(1);
    const again = await briefArticles([portDeal], deps(cache, 'ko'));
    expect(again.meta.cached).toBe(true);
    expect(again.brief.headline).toBe(first.brief.headline);

    const en = fakeLlm('port-deal');
    const english = await briefArticles([portDeal], deps(cache));
    expect(en).toHaveLength(1);
    expect(english.meta.cached).toBe(false);
    expect(english.brief.headline).toBe('Chile and Vietnam sign port and shipping accord');
    expect(cache.size()).toBe(2);
  });
});

describe('checkTranslated: what survives translation, against the sentence’s own quotes', () => {
  const span = (text: string) => [{ text, article: 0, sentence: 0 }];
  const opts = { publishedAt: '2025-11-17', names: [] as string[] };

  it('reads Korean amounts as values', () => {
    const quote = span('The deal is worth $350 million over five years.');
    expect(checkTranslated('계약 규모는 5년간 3억 5천만 달러다.', quote, opts)).toBeNull();
    expect(checkTranslated('계약 규모는 5년간 3억 달러다.', quote, opts)).toMatchObject({ reason: 'number' });
    expect(checkTranslated('契約額は5年間で3億5000万ドル。', quote, opts)).toBeNull();
  });

  it('checks dates by their value from the publication date', () => {
    const quote = span('The ministers will meet again in November.');
    expect(checkTranslated('장관들은 11월에 다시 만난다.', quote, opts)).toBeNull();
    expect(checkTranslated('장관들은 12월에 다시 만난다.', quote, opts)).toMatchObject({
      reason: 'date',
      detail: '12월',
    });
    expect(
      checkTranslated('閣僚らは来月再び会う。', span('They will meet again next month.'), opts),
    ).toBeNull();
  });

  it('accepts a name from its quotes or the verified who/where items, and places by any of their names', () => {
    const quote = span('Ishiba met Lee in Tokyo on Monday.');
    expect(checkTranslated('이시바 총리는 도쿄에서 Lee 대통령과 만났다.', quote, opts)).toBeNull();
    expect(checkTranslated('이시바 총리는 서울에서 만났다.', quote, opts)).toMatchObject({
      reason: 'name',
      detail: '서울',
    });
    expect(checkTranslated('Kishida 전 총리도 참석했다.', quote, opts)).toMatchObject({ reason: 'name' });
    expect(checkTranslated('Kishida 전 총리도 참석했다.', quote, { ...opts, names: ['Kishida'] })).toBeNull();
  });

  it('checks a name written in Hangul or katakana before a title against the Latin names it may render', () => {
    const quote = span('Prime Minister Shigeru Ishiba met U.S. President Donald Trump at the White House.');
    expect(
      checkTranslated('도널드 트럼프 미국 대통령은 이시바 시게루 총리와 만났다.', quote, opts),
    ).toBeNull();
    expect(checkTranslated('トランプ米大統領は石破首相と会談した。', quote, opts)).toBeNull();
    // A name the article does not give, however it is written.
    expect(checkTranslated('조 바이든 대통령은 이시바 총리와 만났다.', quote, opts)).toMatchObject({
      reason: 'name',
      detail: '바이든',
    });
    expect(checkTranslated('バイデン大統領は会談した。', quote, opts)).toMatchObject({
      reason: 'name',
      detail: 'バイデン',
    });
    // Who items may give it too; a country before the title is not a name.
    expect(checkTranslated('바이든 대통령도 참석했다.', quote, { ...opts, names: ['Joe Biden'] })).toBeNull();
    expect(checkTranslated('미국 대통령은 만났다.', quote, opts)).toBeNull();
  });

  it("accepts a translated sentence's romanised name when a who item gives it as the article writes it", () => {
    const quote = span('이재명 대통령은 23일 도쿄에서 이시바 시게루 총리와 정상회담을 열었다.');
    const names = ['이재명', '이시바 시게루'];
    expect(
      checkTranslated('Lee Jae-myung met Shigeru Ishiba on the 23rd.', quote, { ...opts, names }),
    ).toBeNull();
    expect(
      checkTranslated('Lee Jae-myung met Fumio Kishida on the 23rd.', quote, { ...opts, names }),
    ).toMatchObject({
      reason: 'name',
      detail: 'Fumio Kishida',
    });
  });

  it('has no evidence without a found quote', () => {
    expect(checkTranslated('무언가 일어났다.', [], opts)).toMatchObject({ reason: 'no-evidence' });
  });
});

describe('checks when the brief is in its article’s language', () => {
  const seoul = {
    text: '이재명 대통령은 23일 일본 도쿄 총리관저에서 이시바 시게루 총리와 두 번째 한일 정상회담을 열었다.\n\n양국은 셔틀 외교를 이어가고 청년 교류 프로그램을 늘리기로 했다.',
    title: '이재명 대통령, 도쿄서 이시바 총리와 한일 정상회담',
    source: 'seoul.txt',
    url: null,
    siteName: '서울일보',
    lang: 'ko',
    publishedAt: '2026-08-23T09:10:00Z',
  };
  const draft = (summary: string) => ({
    headline: '',
    summary,
    summaryEvidence: [
      {
        text: summary,
        evidence: [
          '이재명 대통령은 23일 일본 도쿄 총리관저에서 이시바 시게루 총리와 두 번째 한일 정상회담을 열었다.',
        ],
      },
    ],
    who: [],
    where: [],
    when: [],
    agreements: [],
    nextSteps: [],
  });

  it('a Korean brief of a Korean article is checked exactly as without the setting', () => {
    for (const summary of [
      '이재명 대통령은 23일 도쿄에서 이시바 총리와 정상회담을 열었다.',
      '이재명 대통령은 24일 도쿄에서 이시바 총리와 정상회담을 열었다.',
    ]) {
      expect(verifyBrief(draft(summary), [seoul], { language: 'ko' })).toEqual(
        verifyBrief(draft(summary), [seoul]),
      );
    }
  });

  it('English (the default) checks every brief exactly as before, whatever its words', () => {
    const brief = fromDraft(recordedDraft('port-deal-ko'));
    expect(verifyBrief(brief, [portDeal], { language: 'en' })).toEqual(verifyBrief(brief, [portDeal]));
    // …while the same Korean sentences, read as the English checks read them, would not survive.
    expect(verifyBrief(brief, [portDeal]).brief.summaryEvidence?.length ?? 0).toBeLessThan(
      verifyBrief(brief, [portDeal], { language: 'ko' }).brief.summaryEvidence?.length ?? 0,
    );
  });
});

function recordedDraft(name: string): BriefDraft {
  const body = recorded(name) as { choices: { message: { content: string } }[] };
  return JSON.parse(body.choices[0]?.message.content ?? '{}') as BriefDraft;
}

describe('checkTranslated: negation', () => {
  const span = (text: string) => [{ text, article: 0, sentence: 0 }];
  const opts = { publishedAt: '2025-11-17', names: [] as string[] };

  it('refuses a negated translation of a plain quote, and keeps one of a negated quote', () => {
    const signed = span('The two countries signed the agreement on Monday.');
    expect(checkTranslated('양국은 협정에 서명했다.', signed, opts)).toBeNull();
    expect(checkTranslated('양국은 협정에 서명하지 않았다.', signed, opts)).toMatchObject({
      reason: 'negation',
    });
    expect(checkTranslated('両国は協定に署名しなかった。', signed, opts)).toMatchObject({
      reason: 'negation',
    });
    const failed = span('The two countries failed to sign the agreement.');
    expect(checkTranslated('양국은 협정에 서명하지 못했다.', failed, opts)).toBeNull();
  });
});

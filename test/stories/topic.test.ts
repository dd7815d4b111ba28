import { describe, expect, it } from 'vitest';
import {
  canLoosen,
  closestStories,
  onlyCommonWords,
  parseAliasDefinition,
  parseTopic,
  parseWindow,
  prefixesOf,
  rankStories,
  tsqueryOf,
} from '../../src/stories/topic.ts';

const q = (topic: string, aliases?: Map<string, string[]>) => tsqueryOf(parseTopic(topic, aliases));

describe('topic → tsquery', () => {
  it.each([
    ['korea-japan', "'korea':* & 'japan':*"],
    ['korea japan', "'korea':* & 'japan':*"],
    ['"climate finance"', "'climate finance'"],
    ['“climate finance” bonn', "'climate finance' & 'bonn':*"],
    ['korea or japan', "('korea':* | 'japan':*)"],
    ['korea -football', "'korea':* & !'football':*"],
    ['korea -"world cup"', "'korea':* & !'world cup'"],
    ["o'brien", "'o''brien':*"],
    ['EU', "'eu'"],
    ['"Lee Jae-myung" summit', "'lee jae-myung' & 'summit':*"],
    ['"out of a job"', "'out of a job'"],
  ])('%s → %s', (topic, expected) => {
    expect(q(topic)).toBe(expected);
  });

  it('widens an aliased word with its aliases, phrases as phrases', () => {
    const aliases = new Map([['korea', ['south korea', 'seoul', 'korean']]]);
    expect(q('korea japan', aliases)).toBe(
      "('korea':* | 'south korea' | 'seoul':* | 'korean':*) & 'japan':*",
    );
  });

  it("writes a prefix as the window's words that start with it, when the store has them", () => {
    const topic = parseTopic('korea japan -football "trade talks" eu');
    expect(prefixesOf(topic)).toEqual(['korea', 'japan', 'football']);
    const expand = new Map([
      ['korea', ['korea', 'korean']],
      ['japan', []],
    ]);
    // football: not looked up (e.g. too many words) → still a prefix; japan: no word → itself.
    expect(tsqueryOf(topic, 'all', expand)).toBe(
      "('korea' | 'korean') & 'japan' & !'football':* & 'trade talks' & 'eu'",
    );
    // A word the parser would read as several (a URL, a hyphenated compound) keeps the prefix.
    expect(tsqueryOf(parseTopic('korea'), 'all', new Map([['korea', ['korea', 'korea.example']]]))).toBe(
      "'korea':*",
    );
  });

  it('has nothing to look for in punctuation or a lone exclusion', () => {
    expect(q('&')).toBeNull();
    expect(q('-football')).toBeNull();
  });

  it('loosens to any term only when the user typed no operators', () => {
    expect(canLoosen(parseTopic('korea japan'))).toBe(true);
    expect(canLoosen(parseTopic('korea or japan'))).toBe(false);
    expect(canLoosen(parseTopic('korea'))).toBe(false);
    expect(tsqueryOf(parseTopic('korea japan -football'), 'any')).toBe("'korea':* | 'japan':*");
  });
});

describe('topic → tsquery in Korean, Japanese and Chinese', () => {
  it.each([
    ['日韓', "'日韓'"],
    ['日韓首脳会談', "'日韓 韓首 首脳 脳会 会談'"],
    ['李在明', "'李在 在明'"],
    // A lone character at the end is half of a pair in the article (号は): left out.
    ['台風１１号', "'台風 11'"],
    ['ＡＩ', "'ai'"],
    ['도쿄서', "'도쿄':*"],
    ['한일', "'한일':*"],
    ['中国 经济', "'中国' & '经济'"],
  ])('%s → %s', (topic, expected) => {
    expect(q(topic)).toBe(expected);
  });

  it('finds a place in all three languages, and two places by their pair word', () => {
    const places = (topic: string) => tsqueryOf(parseTopic(topic, new Map(), { places: true }));
    expect(places('tokyo')).toBe("('tokyo':* | '도쿄':* | '東京')");
    expect(places('東京')).toBe("('東京' | 'tokyo':* | '도쿄':*)");
    expect(places('korea-japan')).toBe(
      "((('korea':* | 'south korea' | '한국':* | '대한민국':* | '韓国') & ('japan':* | '일본':* | '日本')) | '한일':* | '日韓' | '韓日')",
    );
    // Not a pair when a third word narrows the topic, nor for two words that name no place.
    expect(places('korea japan summit')).not.toContain('日韓');
    expect(places('climate finance')).toBe("'climate':* & 'finance':*");
  });

  it('adds place names to a workspace alias, which still adds its own', () => {
    const aliases = new Map([['seoul', ['blue house']]]);
    expect(tsqueryOf(parseTopic('seoul', aliases, { places: true }))).toBe(
      "('seoul':* | 'blue house' | '서울':* | 'ソウ ウル')",
    );
  });
});

describe('parseWindow', () => {
  it.each([
    ['30d', 30],
    ['2w', 14],
    ['7D', 7],
    ['0d', null],
    ['400d', null],
    ['30', null],
    ['d', null],
  ])('%s → %s', (token, days) => {
    expect(parseWindow(token)).toBe(days);
  });
});

describe('parseAliasDefinition', () => {
  it('reads a term and its comma-separated aliases, lower-cased and de-duplicated', () => {
    expect(parseAliasDefinition('Korea = South Korea, seoul,  Korean, seoul, korea')).toEqual({
      term: 'korea',
      aliases: ['south korea', 'seoul', 'korean'],
    });
    expect(parseAliasDefinition('korea =')).toEqual({ term: 'korea', aliases: [] });
    expect(parseAliasDefinition('korea')).toBeNull();
    expect(parseAliasDefinition('= seoul')).toBeNull();
  });
});

describe('rankStories', () => {
  const now = Date.parse('2026-03-18T00:00:00Z');
  const day = 86_400_000;

  it('prefers the fresher story at equal relevance, and a far better match over a fresher one', () => {
    const ranked = rankStories(
      [
        { storyId: 'old', rank: 0.5, at: now - 6 * day },
        { storyId: 'new', rank: 0.5, at: now - day },
      ],
      { now, windowDays: 7 },
    );
    expect(ranked.map((r) => r.storyId)).toEqual(['new', 'old']);
    const better = rankStories(
      [
        { storyId: 'old', rank: 0.9, at: now - 6 * day },
        { storyId: 'new', rank: 0.2, at: now - day },
      ],
      { now, windowDays: 7 },
    );
    expect(better[0]?.storyId).toBe('old');
  });

  it('counts several matching outlets a little above one', () => {
    const ranked = rankStories(
      [
        { storyId: 'a', rank: 0.5, at: now },
        { storyId: 'b', rank: 0.5, at: now },
        { storyId: 'b', rank: 0.4, at: now - day },
      ],
      { now, windowDays: 7 },
    );
    expect(ranked.map((r) => [r.storyId, r.matches])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});

describe('common words', () => {
  it('a topic of only common words matches nothing', () => {
    expect(onlyCommonWords(parseTopic('now'))).toBe(true);
    expect(onlyCommonWords(parseTopic('the latest news today'))).toBe(true);
    expect(onlyCommonWords(parseTopic('korea now'))).toBe(false);
    expect(onlyCommonWords(parseTopic('"new deal"'))).toBe(false); // a phrase is asked for as written
  });

  it('the "any term" fallback never matches on a common word alone', () => {
    expect(tsqueryOf(parseTopic('frobnicate now'), 'any')).toBe("'frobnicate':*");
    expect(tsqueryOf(parseTopic('today now'), 'any')).toBeNull();
  });

  it('names the stories whose headlines look most like the topic, a misspelling included', () => {
    const stories = [
      { id: 1, headline: 'Riverton council votes for bus lanes' },
      { id: 2, headline: 'Storm Mira floods coastal towns' },
      { id: 3, headline: 'Lee and Ishiba agree at Tokyo summit on Korea ties' },
    ];
    expect(closestStories('koria tokio', stories, 1).map((s) => s.id)).toEqual([3]);
    // Nothing alike: the newest (first) ones.
    expect(closestStories('frobnicate now', stories, 2).map((s) => s.id)).toEqual([1, 2]);
  });
});

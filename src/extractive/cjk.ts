/*
 * The extractive engine for Korean and Japanese articles: the same Brief as the English engine,
 * every item's evidence a verbatim sentence of the article, built from what these languages mark
 * plainly instead of from capital letters and English words:
 * - who: a name before a title (이재명 대통령, 이시바 시게루 총리, 石破茂首相, トランプ大統領);
 * - where: a gazetteer of cities, venues and regions, and Japanese prefectures by their suffix
 *   (熊本県); countries are who acts, not where (as in the English engine);
 * - when: 23일, 8월 25일, ２３日, 来月, 다음 달 … resolved from the publication date
 *   (src/text/cjkDates.ts) in the sentence's tense;
 * - agreements: 합의했다, 하기로 했다, 一致した, 合意した … but not someone's opinion of one;
 * - next steps: 예정이다, 방침이다, 予定だ, 方針だ, 見通しだ ….
 */
import type { Agreement, Brief, NextStep, When, Where, Who } from '../brief/schema.ts';
import type { Article } from '../ingest/article.ts';
import { scriptLanguage, stripKoreanParticle } from '../text/cjk.ts';
import { findCjkDates, RELATIVE_DAY, resolveCjkDate, UPDATED, updateDay } from '../text/cjkDates.ts';
import type { Tense } from '../text/dates.ts';
import { type Sentence, splitSentences } from '../text/sentences.ts';

const MAX_ITEMS = 6;

const KO_TITLES =
  '대통령|부총리|총리|장관|총재|감독|대표|회장|위원장|대변인|의원|시장|지사|사장|국무장관|외무상|관방장관|주석|국왕';
const JA_TITLES =
  '首相|大統領|総裁|監督|社長|長官|大臣|知事|市長|議長|外相|財務相|経済産業相|官房長官|国家主席|主席|会長|氏';
/** A word that ends like an organisation or a place is part of the role, not the name (한국은행 총재). */
const KO_ORG = /(?:은행|부|청|원|회|실|사|당|처|국|단|위|공사|기구|정부|일본|한국|미국|중국|북한|러시아)$/u;
const JA_ORG = /[省銀庁社党院会府県市町国局都道]$|^(?:日本|韓国|中国|米国|北朝鮮|台湾|英国|政府)$/u;
const KO_NOT_NAME = new Set(['전', '현', '신임', '당시', '前', '두', '양국', '양측', '이번', '지난', '오는']);

function koreanWho(s: Sentence): Who[] {
  const out: Who[] = [];
  for (const m of s.text.matchAll(
    new RegExp(`((?:[가-힣]{1,5} ){1,3})(${KO_TITLES})(?=[은는이가과와을를의에께도,\\s]|$)`, 'gu'),
  )) {
    const words = (m[1] ?? '').trim().split(' ');
    const role: string[] = [m[2] ?? ''];
    while (words.length > 0 && KO_ORG.test(words[words.length - 1] as string))
      role.unshift(words.pop() as string);
    const name: string[] = [];
    for (let i = words.length - 1; i >= 0 && name.length < 2; i--) {
      const w = words[i] as string;
      const syllables = [...w].length;
      if (syllables < 2 || syllables > 4 || KO_NOT_NAME.has(w) || stripKoreanParticle(w) || KO_ORG.test(w))
        break;
      name.unshift(w);
      // A Korean name is one word of three syllables; a transliterated one may take two words.
      if (syllables === 3 && name.length === 1 && i > 0 && [...(words[i - 1] as string)].length !== 3) {
        const prev = words[i - 1] as string;
        if (
          !stripKoreanParticle(prev) &&
          !KO_NOT_NAME.has(prev) &&
          !KO_ORG.test(prev) &&
          [...prev].length <= 4
        )
          name.unshift(prev);
        break;
      }
    }
    if (name.length > 0) out.push({ name: name.join(' '), role: role.join(' '), evidence: s.text });
  }
  return out;
}

function japaneseWho(s: Sentence): Who[] {
  const out: Who[] = [];
  // Up to five characters: most Japanese names have three or four, some five (小池百合子).
  const re = new RegExp(`([\\p{Script=Han}々]{2,5}|[\\p{Script=Katakana}ー・]{2,})(${JA_TITLES})`, 'gu');
  for (const m of s.text.matchAll(re)) {
    const name = m[1] ?? '';
    if (JA_ORG.test(name) || /^(?:両|同|前|元|新|現)/u.test(name)) continue;
    out.push({ name, role: m[2] === '氏' ? null : (m[2] ?? null), evidence: s.text });
  }
  return out;
}

/** Places that the topic table (stories/placeNames.ts) does not name: cities, venues, regions. */
const GAZETTEER =
  `도쿄 서울 워싱턴 베이징 평양 부산 부산항 신항 제주 평택 인천 대구 광주 오사카 백악관 총리관저 국립경기장
  남해안 한반도 東京 ソウル ワシントン 北京 平壌 釜山 釜山港 大阪 京都 福岡 沖縄 那覇 那覇空港 先島諸島 九州 北海道
  首相官邸 国立競技場 ホワイトハウス 朝鮮半島 熊本 菊陽町`
    .split(/\s+/)
    .sort((a, b) => b.length - a.length);
/** Japanese prefectures by their suffix (熊本県, 大阪府): the country names the rest of a place. */
const JA_PREFECTURE = /[\p{Script=Han}]{2,3}県|大阪府|京都府/gu;

function where(sentences: readonly Sentence[]): Where[] {
  const seen = new Set<string>();
  const out: Where[] = [];
  const add = (place: string, s: Sentence) => {
    if (seen.has(place) || [...seen].some((p) => p.includes(place))) return;
    // Only where it stands as itself: 京都 in 東京都 is Tokyo's, not Kyoto.
    if (!standsAlone(s.text, place)) return;
    seen.add(place);
    out.push({ place, evidence: s.text });
  };
  for (const s of sentences) {
    for (const m of s.text.matchAll(JA_PREFECTURE)) add(m[0], s);
    for (const place of GAZETTEER) if (s.text.includes(place)) add(place, s);
  }
  return out.slice(0, MAX_ITEMS);
}

/**
 * Whether a place occurs where no gazetteer name that starts before it runs into it: 京都 in 東京都
 * shares its 京 with 東京, so it is not Kyoto (and 東京 stands). (A longer name that contains it, 釜山 in 釜山港, is handled by `add`.)
 */
function standsAlone(text: string, place: string): boolean {
  const straddles = (i: number, other: string) => {
    for (let j = text.indexOf(other); j >= 0; j = text.indexOf(other, j + 1)) {
      const overlaps = j < i && i < j + other.length;
      const contains = j <= i && j + other.length >= i + place.length;
      if (overlaps && !contains) return true;
    }
    return false;
  };
  for (let i = text.indexOf(place); i >= 0; i = text.indexOf(place, i + 1)) {
    if (!GAZETTEER.some((other) => other !== place && straddles(i, other))) return true;
  }
  return false;
}

const FUTURE =
  /예정|계획|방침|전망|것으로 보인다|기로 했다|오는|열린다|다시 만나|予定|方針|見通し|見込み|計画|する|向かう|来月|来年|내년|다음 달/u;

function tenseOf(s: Sentence): Tense {
  return FUTURE.test(s.text) ? 'future' : 'past';
}

/** A day followed by の/의 names when the thing it qualifies happens (２１日の運休), not the telling. */
const ATTRIBUTIVE = /^\s*(?:の|의)/u;

function when(sentences: readonly Sentence[], publishedAt: string | null, later: string | null): When[] {
  const out: When[] = [];
  const seen = new Set<string>();
  // The day the report is about, the first it names: 同日, 이날, 前日, 전날 and 翌日 count from it
  // (a Japanese or Korean report names it in its lead and refers back to it). Null when that day
  // could not be told (then neither can they); undefined before any day is named.
  let newsDay: string | null | undefined;
  for (const s of sentences) {
    // The page's own update line dates the page, not an event.
    if (UPDATED.test(s.text.normalize('NFKC'))) continue;
    for (const span of findCjkDates(s.text)) {
      const tense = tenseOf(s);
      const attributive = ATTRIBUTIVE.test(s.text.slice(span.end));
      const day = /^\d{1,2}\s*[일日]$/u.test(span.text.normalize('NFKC'));
      let date: string | null;
      if (RELATIVE_DAY.test(span.text))
        date = newsDay === null ? null : resolveCjkDate(span.text, newsDay ?? publishedAt, tense);
      else date = resolveCjkDate(span.text, publishedAt, tense);
      if (date === null && tense === 'past' && day) {
        // A past-tense day after the publication day: this month's when it qualifies what is
        // planned for it (２１日の運休を決めた), or when the page was updated on or after it.
        if (attributive) date = resolveCjkDate(span.text, publishedAt, 'future');
        else if (later) date = resolveCjkDate(span.text, later, 'past');
      }
      // A day something is planned for (１５日の始発) is not the day the report is about.
      if (newsDay === undefined && day && !attributive) newsDay = date;
      const key = `${span.text}|${date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ text: span.text, date, evidence: s.text });
    }
  }
  return out.slice(0, MAX_ITEMS);
}

const AGREED =
  /합의했|합의하고|합의를 이뤘|기로 했|하기로 합의|서명했|약속했|결정했|一致した|一致し、|合意した|合意し、|で合意|決めた|署名した|決定した/u;
/** Someone's opinion of an agreement, or a report of one in the press, is not the agreement. */
const OPINION = /평가했|보도했|비판했|환영했|評価した|報じた|批判した|歓迎した/u;
const PLANNED =
  /예정이다|예정이며|계획이다|방침이다|전망이다|것으로 보인다|다시 만나기로|열린다|予定だ|予定である|方針だ|見通しだ|見込みだ|計画だ/u;

function agreements(sentences: readonly Sentence[], whoOf: (s: Sentence) => Who[]): Agreement[] {
  return sentences
    .filter((s) => AGREED.test(s.text) && !OPINION.test(s.text) && !PLANNED.test(s.text))
    .slice(0, MAX_ITEMS)
    .map((s) => ({ statement: s.text, parties: whoOf(s).map((w) => w.name), evidence: s.text }));
}

function nextSteps(sentences: readonly Sentence[], publishedAt: string | null): NextStep[] {
  return sentences
    .filter((s) => PLANNED.test(s.text))
    .slice(0, MAX_ITEMS)
    .map((s) => {
      const span = findCjkDates(s.text)[0];
      return {
        statement: s.text,
        date: span ? resolveCjkDate(span.text, publishedAt, 'future') : null,
        evidence: s.text,
      };
    });
}

export function extractiveBriefCjk(article: Article): Brief {
  const sentences = splitSentences(article.text).filter((s) => s.kind === 'body');
  const whoOf = scriptLanguage(article.text) === 'ja' ? japaneseWho : koreanWho;
  const people = new Map<string, Who>();
  for (const s of sentences) for (const w of whoOf(s)) if (!people.has(w.name)) people.set(w.name, w);
  const [first, second] = sentences;
  const summary = first
    ? second && first.text.length < 60
      ? `${first.text} ${second.text}`
      : first.text
    : '';
  return {
    headline: article.title?.trim() || first?.text || '',
    summary,
    who: [...people.values()].slice(0, MAX_ITEMS),
    where: where(sentences),
    when: when(sentences, article.publishedAt, updateDay(article.text, article.publishedAt)),
    agreements: agreements(sentences, whoOf),
    nextSteps: nextSteps(sentences, article.publishedAt),
  };
}

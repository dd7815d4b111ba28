/*
 * Country, capital and region names in English, Korean and Japanese, so that one topic finds a
 * story in all three: `/brief korea-japan` also looks for 한국/韓国, 일본/日本, and the pair words
 * Korean and Japanese news use for the two together (한일, 日韓). Topic search uses these the way it
 * uses a workspace's aliases, which still add their own. Lower-case English keys.
 */

/** Each row: the names of one place. The first is the English key a topic is matched by. */
const PLACES: readonly (readonly string[])[] = [
  ['korea', 'south korea', '한국', '대한민국', '韓国'],
  ['north korea', '북한', '北朝鮮'],
  ['japan', '일본', '日本'],
  ['china', '중국', '中国'],
  ['taiwan', '대만', '台湾'],
  ['united states', 'us', 'usa', 'america', '미국', '米国', 'アメリカ'],
  ['russia', '러시아', 'ロシア'],
  ['india', '인도', 'インド'],
  ['vietnam', '베트남', 'ベトナム'],
  ['europe', 'eu', 'european union', '유럽', '欧州'],
  ['asia', '아시아', 'アジア'],
  ['united nations', 'un', '유엔', '国連'],
  ['seoul', '서울', 'ソウル'],
  ['tokyo', '도쿄', '東京'],
  ['beijing', '베이징', '北京'],
  ['pyongyang', '평양', '平壌'],
  ['washington', '워싱턴', 'ワシントン'],
  ['busan', '부산', '釜山'],
  ['osaka', '오사카', '大阪'],
  ['white house', '백악관', 'ホワイトハウス'],
];

/**
 * Two places together, as one word in Korean and Japanese news ("한일 정상회담", "日韓首脳会談"):
 * English keys of both, then the pair words.
 */
const PAIRS: readonly (readonly [string, string, ...string[]])[] = [
  ['korea', 'japan', '한일', '日韓', '韓日'],
  ['korea', 'united states', '한미', '韓米', '米韓'],
  ['japan', 'united states', '미일', '日米'],
  ['korea', 'china', '한중', '韓中', '中韓'],
  ['japan', 'china', '중일', '日中'],
  ['china', 'united states', '미중', '米中'],
  ['korea', 'north korea', '남북', '南北'],
];

const KEY_OF = new Map<string, string>();
const NAMES_OF = new Map<string, readonly string[]>();
for (const names of PLACES) {
  const key = names[0] as string;
  NAMES_OF.set(key, names);
  for (const n of names) KEY_OF.set(n, key);
}
// A topic names a country as people type it: "korean", "japanese", "us" and "u.s." count too.
for (const [demonym, key] of [
  ['korean', 'korea'],
  ['japanese', 'japan'],
  ['chinese', 'china'],
  ['u.s', 'united states'],
] as const)
  KEY_OF.set(demonym, key);

/** The place a word or phrase names (lower-case), by its English key; undefined when none. */
export function placeKey(text: string): string | undefined {
  return KEY_OF.get(text.toLowerCase());
}

/** Every other name of the place `text` names, in all three languages; empty when it names none. */
export function placeAliases(text: string): string[] {
  const key = placeKey(text);
  if (!key) return [];
  const lower = text.toLowerCase();
  return (NAMES_OF.get(key) ?? []).filter((n) => n !== lower);
}

/** The pair words for two places named together (in either order); empty when there are none. */
export function pairWords(a: string, b: string): string[] {
  const [ka, kb] = [placeKey(a), placeKey(b)];
  if (!ka || !kb || ka === kb) return [];
  const pair = PAIRS.find(([x, y]) => (x === ka && y === kb) || (x === kb && y === ka));
  return pair ? pair.slice(2) : [];
}

/** Latin names are matched as whole words ("us" is not in "bus"); Korean/Japanese ones anywhere. */
const LATIN_NAME = /^[a-z. ]+$/;

/**
 * The places a text names, by their English keys: every name of the table found in it, and both
 * places of a pair word (한일 → korea, japan). For language-neutral comparison of reports.
 */
export function placesNamedIn(text: string): Set<string> {
  const folded = text.normalize('NFKC');
  const lower = folded.toLowerCase();
  const words = new Set(lower.match(/[a-z]+(?:\.[a-z]+)*/g) ?? []);
  // Short ones only in capitals: "US", "UN", not the pronoun "us".
  const capitals = new Set(folded.match(/\b[A-Z]{2,3}\b/g)?.map((w) => w.toLowerCase()) ?? []);
  const found = new Set<string>();
  for (const [name, key] of KEY_OF) {
    if (LATIN_NAME.test(name)) {
      const named = name.includes(' ')
        ? lower.includes(name)
        : name.length <= 3 && !name.includes('.')
          ? capitals.has(name)
          : words.has(name);
      if (named) found.add(key);
    } else if (lower.includes(name)) found.add(key);
  }
  for (const [a, b, ...words2] of PAIRS) {
    if (words2.some((w) => lower.includes(w))) {
      found.add(a);
      found.add(b);
    }
  }
  return found;
}

/** Whether a place key names a country or region (where a story is, not which story it is). */
export function isCountryOrRegion(key: string): boolean {
  return COUNTRIES.has(key);
}

const COUNTRIES = new Set([
  'korea',
  'north korea',
  'japan',
  'china',
  'taiwan',
  'united states',
  'russia',
  'india',
  'vietnam',
  'europe',
  'asia',
  'united nations',
]);

/*
 * Titles people hold, in English, Korean and Japanese, so a brief can show a role in its reader's
 * language beside the article's own word ("President (대통령)"). Only rendering: the role a brief
 * carries is still the article's word, verified in its quote. Pure.
 */

export type RoleLanguage = 'en' | 'ko' | 'ja';

/**
 * Each row: English, Korean, Japanese; more specific titles before the general ones they contain.
 * A row marked `fromEnglish: false` is rendered into English only: English "Governor" may be a
 * province's (지사, 知事) or a central bank's (총재, 総裁), so it is not rendered the other way.
 */
const ROLES: readonly (readonly [string, string, string, { fromEnglish: false }?])[] = [
  ['Deputy Prime Minister', '부총리', '副首相'],
  ['Prime Minister', '총리', '首相'],
  ['Secretary of State', '국무장관', '国務長官'],
  ['Chief Cabinet Secretary', '관방장관', '官房長官'],
  ['Foreign Minister', '외교부 장관', '外相'],
  ['Finance Minister', '재무장관', '財務相'],
  ['Vice President', '부통령', '副大統領'],
  ['President', '대통령', '大統領'],
  ['Minister', '장관', '大臣'],
  ['Governor', '총재', '総裁', { fromEnglish: false }],
  ['Governor', '지사', '知事', { fromEnglish: false }],
  ['Mayor', '시장', '市長'],
  ['Spokesperson', '대변인', '報道官'],
  ['Chairman', '회장', '会長'],
  ['Head Coach', '감독', '監督'],
  ['Ambassador', '대사', '大使'],
  ['Lawmaker', '의원', '議員'],
  ['King', '국왕', '国王'],
];

const INDEX: Record<RoleLanguage, number> = { en: 0, ko: 1, ja: 2 };

function names(role: string, form: string, language: RoleLanguage): boolean {
  if (language !== 'en') return role.normalize('NFKC').includes(form);
  return new RegExp(`\\b${form}\\b`, 'i').test(role);
}

/**
 * `role` in `language` when the table knows the title it names and the role is not already in
 * that language ("대통령" → "President"; "South Korean President" → "대통령"); null otherwise.
 */
export function roleIn(role: string, language: RoleLanguage): string | null {
  const target = INDEX[language];
  for (const row of ROLES) {
    const found = (['en', 'ko', 'ja'] as const).find((l) => names(role, row[INDEX[l]] as string, l));
    if (!found || (found === 'en' && row[3]?.fromEnglish === false)) continue;
    return found === language ? null : (row[target] as string);
  }
  return null;
}

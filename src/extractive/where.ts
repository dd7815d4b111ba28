/*
 * Places: gazetteer names (compromise), names with place words ("Merdeka Palace", "Cagayan
 * province"), names after locative prepositions ("in Canberra", "at the White House"), lists that
 * continue them ("in Benguet and Ifugao"), and the dateline when the story itself names that place.
 */
import type { Where } from '../brief/schema.ts';
import { evidenceOf, type Sentence } from '../text/sentences.ts';
import type { Analysis, Mention } from './names.ts';
import type { Entity } from './who.ts';

export const MAX_WHERE = 5;

interface PlaceMention {
  mention: Mention;
  /** Verbatim display text, e.g. "Penang, Malaysia". */
  text: string;
  end: number;
  locative: boolean;
}

interface Place {
  key: string;
  place: string;
  mentions: PlaceMention[];
  score: number;
}

const norm = (s: string): string =>
  s.normalize('NFKC').toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

const LIST_GAP = /^(?:,\s+|\s+and\s+|,\s+and\s+|\s+or\s+)$/;

function placeMentions(a: Analysis, taken: Set<Mention>): PlaceMention[] {
  const out: PlaceMention[] = [];
  const bySentence = new Map<number, Mention[]>();
  for (const m of a.mentions) {
    const list = bySentence.get(m.sentence) ?? [];
    list.push(m);
    bySentence.set(m.sentence, list);
  }
  for (const list of bySentence.values()) {
    const kind = new Map<Mention, boolean>(); // mention -> locative
    list.forEach((m) => {
      if (m.kind === 'place' && !taken.has(m)) kind.set(m, m.locative);
    });
    // lists: "in Benguet and Ifugao", "Residents of Marathon, Nea Makri and Dione"
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1] as Mention;
      const cur = list[i] as Mention;
      if (!kind.has(prev) || kind.has(cur) || taken.has(cur)) continue;
      if (cur.kind !== 'unknown' || cur.tokens.length > 3) continue;
      if (LIST_GAP.test(a.text.slice(prev.end, cur.start))) kind.set(cur, kind.get(prev) as boolean);
    }
    for (let i = 0; i < list.length; i++) {
      const m = list[i] as Mention;
      if (!kind.has(m) || m.quoted) continue;
      let text = m.text;
      let end = m.end;
      // "Penang, Malaysia", "Chattanooga, Tennessee", "Washington, D.C."
      const next = list[i + 1];
      if (next && kind.has(next) && /^,\s+$/.test(a.text.slice(m.end, next.start))) {
        const tags = a.tagsAt(next.start, next.end);
        if (tags.has('Country') || tags.has('Region') || /^(?:\p{Lu}\.){2,}$/u.test(next.text)) {
          end = next.end;
          text = a.text.slice(m.start, end);
          i++;
        }
      }
      out.push({ mention: m, text, end, locative: kind.get(m) as boolean });
    }
  }
  return out;
}

/**
 * Not where the news happened: a company's or person's home ("Corvane, based in Cambridge,
 * Massachusetts") and a demonym ("Vietnamese officials", "the Nordic region", "Baltic states").
 */
function background(a: Analysis, pm: PlaceMention): boolean {
  const before = a.text.slice(Math.max(0, pm.mention.start - 40), pm.mention.start);
  if (/\b(?:based|headquartered|registered|born|raised|incorporated)\s+in\s+(?:the\s+)?$/i.test(before))
    return true;
  if (pm.mention.tokens.length !== 1 || !/(?:ic|ian|ean|ese|ish)$/.test(pm.text)) return false;
  // "Vietnamese state newspapers", "the Nordic region": an adjective; "in the Pacific." stays a place
  const after = a.text.slice(pm.end, pm.end + 20);
  return /^ +\p{L}/u.test(after);
}

/** Verbs by which a named country acts as a party rather than serves as a location. */
const PARTY_VERB =
  /^(?:agreed|agrees|signed|signs|said|says|pledged|pledges|promised|announced|decided|approved|vowed|reached|struck|sealed|accused|urged|warned|rejected|threatened)\b/i;
const NAME_RUN = '\\p{Lu}[\\p{L}.-]*(?:\\s+\\p{Lu}[\\p{L}.-]*)*';

/**
 * "South Korea and China agreed", "The European Union and Chile signed", "Chile said": a place
 * named as a party to the story. A pair of names before a verb, or one name before a verb of
 * agreeing or saying; "New Zealand will extend its tax" stays a place.
 */
function actsAsParty(a: Analysis, pm: PlaceMention): boolean {
  if (pm.locative) return false;
  const before = a.text.slice(Math.max(0, pm.mention.start - 60), pm.mention.start);
  const rest = a.text.slice(pm.end, pm.end + 80);
  // part of a longer name ("Transport Canada said") or of a list after a preposition ("recalling
  // SUVs in the United States and Canada")
  if (/\p{Lu}[\p{L}-]*\s+$/u.test(before) && !/\band\s+$/.test(before)) return false;
  const LOCATIVE_LIST = new RegExp(
    `\\b(?:in|at|to|from|across|into|throughout|within|near)\\s+(?:the\\s+)?${NAME_RUN}\\s+and\\s+(?:the\\s+)?$`,
    'u',
  );
  if (LOCATIVE_LIST.test(before)) return false;
  const partner = new RegExp(`^\\s+and\\s+(?:the\\s+)?${NAME_RUN}`, 'u').exec(rest);
  const paired = partner !== null || new RegExp(`${NAME_RUN}\\s+and\\s+(?:the\\s+)?$`, 'u').test(before);
  const from = pm.end + (partner ? partner[0].length : 0);
  const word = /^\s+(?:(?:has|have|had|also|then|on\s+\p{Lu}\p{L}+)\s+)*(\p{L}+)/u.exec(
    a.text.slice(from, from + 60),
  );
  if (!word?.[1]) return false;
  if (PARTY_VERB.test(word[1])) return true;
  if (!paired) return false;
  const at = from + word[0].length - word[1].length;
  const tags = a.tagsAt(at, at + word[1].length);
  return tags.has('Verb') && !tags.has('Gerund') && !tags.has('Participle');
}

export function findWhere(a: Analysis, entities: Entity[]): Where[] {
  const taken = new Set<Mention>();
  const names = new Set<string>();
  for (const e of entities) {
    for (const m of e.mentions) taken.add(m);
    for (const alias of e.aliases) names.add(alias);
  }
  const places = new Map<string, Place>();
  for (const pm of placeMentions(a, taken)) {
    if (background(a, pm)) continue;
    const key = norm(pm.mention.text);
    if (names.has(key)) continue;
    let p = places.get(key);
    if (!p) {
      p = { key, place: pm.text, mentions: [], score: 0 };
      places.set(key, p);
    }
    if (pm.text.length > p.place.length) p.place = pm.text;
    p.mentions.push(pm);
  }
  const body = a.sentences.filter((s) => s.kind === 'body');
  const lead = new Set(body.slice(0, 2).map((s) => s.index));
  const datelineKey = a.dateline ? norm(a.dateline.place) : null;
  for (const p of places.values()) {
    const seen = new Set<number>();
    for (const pm of p.mentions) {
      const s = pm.mention.sentence;
      if (seen.has(s)) continue;
      seen.add(s);
      const weight = a.sentences[s]?.kind === 'caption' ? 0.5 : 1;
      p.score += (pm.locative ? 3 : 1) * weight;
    }
    if ([...seen].some((s) => lead.has(s))) p.score += 1;
    if (p.key === datelineKey) p.score += 2;
  }
  const ranked = [...places.values()]
    // a country named as a party ("South Korea and China agreed") and never as a location is not
    // where the news happened — unless the dateline names it
    .filter(
      (p) =>
        p.score >= 2 &&
        !(
          p.key !== datelineKey &&
          p.mentions.some((m) => actsAsParty(a, m)) &&
          !p.mentions.some((m) => m.locative)
        ),
    )
    .sort(
      (x, y) =>
        y.score - x.score ||
        Number(y.mentions.some((m) => m.locative)) - Number(x.mentions.some((m) => m.locative)) ||
        (x.mentions[0] as PlaceMention).mention.start - (y.mentions[0] as PlaceMention).mention.start,
    );
  return ranked.slice(0, MAX_WHERE).map((p) => {
    const best = p.mentions.find((m) => m.locative) ?? (p.mentions[0] as PlaceMention);
    const s = a.sentences[best.mention.sentence] as Sentence;
    return { place: p.place, evidence: evidenceOf(a.text, s, { start: best.mention.start, end: best.end }) };
  });
}

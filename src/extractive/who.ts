/*
 * People and organisations: mentions from names.ts merged into entities ("President Lee" and a later
 * "Lee" are "Lee Jae-myung"; "Halvorsen" is "Halvorsen Motors"; "ISRO" is "Indian Space Research
 * Organisation"), ranked by how often and how early the article names them.
 */
import type { Who } from '../brief/schema.ts';
import { evidenceOf, type Sentence } from '../text/sentences.ts';
import type { Analysis, Mention } from './names.ts';

export const MAX_WHO = 8;

export interface Entity {
  kind: 'person' | 'org';
  /** The fullest form the article uses, verbatim. */
  name: string;
  role: string | null;
  mentions: Mention[];
  /** Other forms that refer to it: surnames, acronyms, short names. */
  aliases: Set<string>;
  score: number;
}

const norm = (s: string): string =>
  s.normalize('NFKC').toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

const words = (s: string): string[] => norm(s).split(/[\s]+/);

function initials(name: string): string[] {
  const ws = name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  const all = ws.map((w) => (w[0] as string).toLowerCase()).join('');
  const noPrefix = ws
    .filter((w) => !/^(?:\p{L}\.)+$/u.test(w))
    .map((w) => (w[0] as string).toLowerCase())
    .join('');
  return [all, noPrefix];
}

/** Every person and organisation the article names, merged and scored (most salient first). */
export function findEntities(a: Analysis): Entity[] {
  const entities: Entity[] = [];
  const byKey = new Map<string, Entity>();
  const usable = (m: Mention) => !m.quoted || m.kind === 'person';

  // 1. Full names: persons of two or more words, organisations.
  const fullNames = a.mentions.filter(
    (m) => usable(m) && !m.minor && ((m.kind === 'person' && m.tokens.length >= 2) || m.kind === 'org'),
  );
  // longer names first, so a one-word "Commission" can join "European Commission"
  const ordered = [
    ...fullNames.filter((m) => m.tokens.length >= 2),
    ...fullNames.filter((m) => m.tokens.length < 2),
  ];
  for (const m of ordered) {
    const key = norm(m.text);
    let e: Entity | undefined = byKey.get(key);
    if (!e && m.tokens.length === 1) e = shortFormOwner(entities, m, key) ?? undefined;
    if (!e) {
      e = {
        kind: m.kind === 'person' ? 'person' : 'org',
        name: m.text,
        role: null,
        mentions: [],
        aliases: new Set([key]),
        score: 0,
      };
      entities.push(e);
      byKey.set(key, e);
    }
    e.mentions.push(m);
    if (!e.role && m.role) e.role = m.role;
    if (m.alias) {
      e.aliases.add(norm(m.alias));
      byKey.set(norm(m.alias), e);
    }
  }

  // 2. Short forms: surnames and given names of people, first or last words of organisations, acronyms.
  for (const m of a.mentions) {
    if (e_has(entities, m)) continue;
    if (m.kind === 'time' || m.kind === 'thing') continue;
    const key = norm(m.text);
    const exact = byKey.get(key);
    if (exact) {
      exact.mentions.push(m);
      if (!exact.role && m.role && exact.kind === 'person') exact.role = m.role;
      continue;
    }
    if (m.tokens.length !== 1 && m.kind !== 'person') continue;
    const target = shortFormOwner(entities, m, key);
    if (target) {
      target.mentions.push(m);
      target.aliases.add(key);
      if (!target.role && m.role && target.kind === 'person') target.role = m.role;
    }
  }

  // 3. People named only by a title and one word ("President Trump" with no full name) and
  //    one-word organisations that speak ("Adverra said") stand on their own.
  for (const m of a.mentions) {
    if (e_has(entities, m) || !usable(m)) continue;
    const key = norm(m.text);
    if (m.kind === 'person' && m.tokens.length === 1 && m.role) {
      const e: Entity = {
        kind: 'person',
        name: m.text,
        role: m.role,
        mentions: [m],
        aliases: new Set([key]),
        score: 0,
      };
      entities.push(e);
      byKey.set(key, e);
      for (const other of a.mentions)
        if (other !== m && norm(other.text) === key && !e_has(entities, other)) e.mentions.push(other);
    }
  }

  const bodySentences = a.sentences.filter((s) => s.kind === 'body');
  const lead = new Set(bodySentences.slice(0, 2).map((s) => s.index));
  for (const e of entities) {
    const sentences = new Set(e.mentions.map((m) => m.sentence));
    const first = Math.min(...e.mentions.map((m) => m.sentence));
    const inBody = e.mentions.some((m) => a.sentences[m.sentence]?.kind === 'body');
    e.score =
      (inBody ? 0 : -10) +
      sentences.size +
      (e.role ? 1 : 0) +
      ([...sentences].some((s) => lead.has(s)) ? 1.5 : 0) -
      first / 100;
  }
  return entities.filter((e) => e.mentions.some((m) => !m.quoted)).sort((x, y) => y.score - x.score);
}

function e_has(entities: Entity[], m: Mention): boolean {
  return entities.some((e) => e.mentions.includes(m));
}

function shortFormOwner(entities: Entity[], m: Mention, key: string): Entity | null {
  const candidates: Entity[] = [];
  const acronym = /^[\p{Lu}&-]{2,9}$/u.test(m.text) || /^(?:\p{L}\.){2,}$/u.test(m.text);
  for (const e of entities) {
    const ws = words(e.name);
    if (ws.length < 2) continue;
    if (e.kind === 'person') {
      if (m.kind === 'org' || m.kind === 'place') {
        // a place-looking word can still be a surname ("Marsh"), but not an organisation
        if (m.kind === 'org') continue;
      }
      // "Lee" of "Lee Jae-myung", "Whitfield" of "Claire Whitfield"; never a particle
      if (ws.includes(key) && key.length > 1 && !['de', 'van', 'von', 'der', 'da', 'la', 'le'].includes(key))
        candidates.push(e);
    } else {
      if (m.kind === 'person') continue;
      const cap = e.name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
      if (acronym && initials(e.name).includes(key.replace(/[^a-z]/g, ''))) candidates.push(e);
      else if (!acronym && (norm(cap[0] ?? '') === key || norm(cap[cap.length - 1] ?? '') === key)) {
        if (m.kind !== 'place') candidates.push(e);
      }
    }
  }
  if (candidates.length === 1) return candidates[0] as Entity;
  if (candidates.length > 1) {
    // the most recently named before this mention
    let best: Entity | null = null;
    let bestAt = -1;
    for (const e of candidates) {
      for (const x of e.mentions) if (x.start < m.start && x.start > bestAt) [best, bestAt] = [e, x.start];
    }
    return best;
  }
  return null;
}

/** The mention whose sentence best introduces the entity: full name with role, else first full name. */
function introduction(e: Entity): Mention {
  const full = e.mentions.filter((m) => m.text === e.name);
  const withRole = full.find((m) => m.role !== null) ?? full.find((m) => !m.quoted) ?? full[0];
  return withRole ?? (e.mentions[0] as Mention);
}

export function findWho(a: Analysis, entities: Entity[] = findEntities(a)): Who[] {
  return entities
    .filter((e) => e.score > 0)
    .slice(0, MAX_WHO)
    .map((e) => {
      const m = introduction(e);
      const s = a.sentences[m.sentence] as Sentence;
      return {
        name: e.name,
        role: e.role,
        evidence: evidenceOf(a.text, s, { start: m.spanStart, end: m.end }),
      };
    });
}

/*
 * Agreements, decisions and pledges: sentences with an agreement cue outside quotation marks
 * ("agreed to", "signed a memorandum", "pledged", "issued a joint statement", "approved", "ruled"),
 * or an agreement noun with a concluding verb ("the deal, struck…", "under the deal"). Parties are
 * the people, organisations and acting countries named in that sentence.
 */
import type { Agreement } from '../brief/schema.ts';
import { evidenceOf, type Sentence, statementOf } from '../text/sentences.ts';
import type { Analysis, Mention } from './names.ts';
import { inQuote } from './names.ts';
import type { Entity } from './who.ts';

export const MAX_AGREEMENTS = 6;

/** A document the parties issued together: an agreement only when they issued it, said in full. */
const DOCUMENT_CUE =
  /\b(?:memorandum(?:\s+of\s+understanding)?|joint\s+(?:statement|declaration|communiqu[eé]|press\s+(?:release|statement)))\b/iu;
/** Verbs and phrases that report an agreement, decision or pledge by themselves. */
const STRONG_CUE =
  /\b(?:agreed|agrees|agreeing|agree\s+to|signed|signs|signing|pledged|pledges|pledge\s+to|promised|promises|committed\s+to|commits\s+to|will\s+cooperate|memorandum(?:\s+of\s+understanding)?|joint\s+(?:statement|declaration|communiqu[eé]|press\s+(?:release|statement))|decided|decides|approved|approves|ratified|adopted|endorsed|ruled(?!\s+out)|rules\s+that|voted\s+(?:\d+-\d+\s+)?(?:on\s+\p{Lu}\p{L}+\s+)?to|declared|ordered|(?:kept|left|held)\s+(?:its\s+)?(?:key\s+)?(?:interest\s+)?rates?\s+(?:unchanged|steady)|(?:cut|raised|lowered|hiked)\s+(?:its\s+)?(?:key\s+)?(?:interest\s+)?rates?)\b/iu;
/** Nouns that name an agreement; they count only with a verb that concludes or applies one. */
const NOUN_CUE = /\b(?:agreement|deal|accord|pact|treaty|settlement)\b/i;
const CONCLUDE =
  /\b(?:reached|struck|sealed|concluded|finalised|finalized|signed|under|took\s+effect|takes\s+effect|calls?\s+(?:on|for)|includes?|covers?|promised\s+in|sets?\s+out)\b/i;
/** Not an agreement: a refusal, a hypothetical, or someone's opinion of one. */
const NEGATIVE =
  /\bruled\s+out\b|\bif\s+no\s+(?:deal|agreement)\b|\bno\s+(?:deal|agreement)\s+(?:is|was|has)\b|\bwithout\s+(?:a|an)\s+(?:deal|agreement)\b|\bopen\s+to\s+(?:agreements?|a\s+deal)\b|\bfailed\s+to\s+agree\b|\b(?:objected|refused|rejected)\b|\b(?:did|do|does)\s+not\s+agree\b|\bdisagree/i;
const OPINION =
  /\b(?:criticised|criticized|welcomed|opposed|rejected|condemned|praised|called|described|hailed|dismissed|questioned|greeted|branded|labelled|labeled|saw|viewed|regarded)\s+(?:the|this|that|their|its)\s+(?:(?:joint|new|latest|first)\s+)?(?:(?:press\s+)?statement|declaration|communiqu[eé]|memorandum|deal|agreement|accord|decision|ruling|pact|plan|treaty|summit|talks)\b|\bsaid\s+(?:the|this)\s+(?:(?:joint\s+)?statement|declaration|deal|agreement|accord)\s+(?:was|is|would)\b/i;
/** Subjects who comment on an agreement rather than make it. */
const COMMENTATORS =
  /^(?:\p{Lu}[\p{L}-]*\s+){0,3}(?:(?:state|local|regional|foreign|industry|opposition)\s+)?(?:newspapers?|editorials?|media|press|commentators?|analysts?|critics?|observers?|experts?|economists?|pundits?|columnists?|opposition|investors|markets?)\b/u;
/** A sentence ends with its own punctuation; evidence cut short of it is a fragment. */
const ENDS_SENTENCE = /[.!?…]["'”’)\]]*\s*$/u;

const LEADER_ROLE = /\b(?:president|prime\s+minister|premier|chancellor|king|queen|emperor|leader)\b/i;

interface Candidate {
  sentence: Sentence;
  cueAt: number;
  strength: number;
  signature: string;
  /** The cue names a document ("joint statement"), not an act of agreeing. */
  document: boolean;
}

/** Cue position (absolute) outside quotes, or -1. */
function cueOutsideQuotes(a: Analysis, s: Sentence, re: RegExp): number {
  const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  for (const m of s.text.matchAll(g)) {
    const at = s.start + m.index;
    if (!inQuote(a, at, at + m[0].length)) return at;
  }
  return -1;
}

function candidates(a: Analysis): Candidate[] {
  const out: Candidate[] = [];
  for (const s of a.sentences) {
    if (s.kind !== 'body') continue;
    if (NEGATIVE.test(s.text) || OPINION.test(s.text)) continue;
    // "Japanese newspapers called the joint statement …": commentary, not the parties
    const opening = s.text.slice(s.text.search(/\p{L}/u));
    if (COMMENTATORS.test(opening) || COMMENTATORS.test(opening.charAt(0).toLowerCase() + opening.slice(1)))
      continue;
    let cueAt = cueOutsideQuotes(a, s, STRONG_CUE);
    let strength = 2;
    if (cueAt < 0) {
      const noun = cueOutsideQuotes(a, s, NOUN_CUE);
      if (noun < 0 || !CONCLUDE.test(s.text)) continue;
      cueAt = noun;
      strength = 1;
    }
    const after = a.text
      .slice(cueAt, s.end)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 5)
      .join(' ');
    const cue = a.text.slice(cueAt, s.end);
    const document = DOCUMENT_CUE.exec(cue)?.index === 0;
    out.push({ sentence: s, cueAt, strength, signature: after, document });
  }
  return out;
}

function entityIn(e: Entity, s: Sentence): Mention | undefined {
  return e.mentions.find((m) => m.sentence === s.index);
}

export function findAgreements(a: Analysis, entities: Entity[]): Agreement[] {
  const people = entities.filter((e) => e.kind === 'person' && e.score > 0);
  const leaders = people.filter((e) => e.role && LEADER_ROLE.test(e.role));
  const ministers = people.filter((e) => e.role && /\bminister\b/i.test(e.role));
  const topOrg = entities.find((e) => e.kind === 'org' && e.score > 0);
  const seen = new Set<string>();
  const picked: Array<{ c: Candidate; parties: string[]; evidence: string }> = [];
  let firstPair: string[] | null = null;
  let previous: { parties: string[]; sentence: number } | null = null;

  for (const c of candidates(a)) {
    if (seen.has(c.signature)) continue;
    seen.add(c.signature);
    const s = c.sentence;
    const parties: string[] = [];
    const add = (name: string) => {
      if (!parties.includes(name)) parties.push(name);
    };
    // people and organisations named in the sentence, in order of appearance
    const named = entities
      .map((e) => ({ e, m: entityIn(e, s) }))
      .filter((x): x is { e: Entity; m: Mention } => x.m !== undefined && x.e.score > 0)
      .sort((x, y) => x.m.start - y.m.start);
    // the subject side first: "Both Lee and Ishiba agreed that … caused by Trump" → Lee, Ishiba
    const beforeCue = named.filter((x) => x.m.start < c.cueAt);
    for (const { e } of beforeCue.length > 0 ? beforeCue : named) add(e.name);
    // countries and blocs acting as parties: place names before the cue, not after "in"/"at"
    for (const m of a.mentions) {
      if (m.sentence !== s.index || m.kind !== 'place' || m.locative || m.start > c.cueAt) continue;
      if (m.quoted) continue;
      add(m.text);
    }
    const subject = a.text.slice(s.start, c.cueAt).toLowerCase();
    if (parties.length === 0) {
      // "The two leaders agreed": resolved only when unambiguous — the nearest of the three previous
      // sentences names exactly two people with such titles, or the whole article does.
      const pair = (group: Entity[]): Entity[] | null => {
        for (let k = s.index - 1; k >= Math.max(0, s.index - 3); k--) {
          const here = group.filter((e) => e.mentions.some((m) => m.sentence === k));
          if (here.length === 2) return here;
          if (here.length > 2) return null;
        }
        return group.length === 2 ? group : null;
      };
      const twoLeaders = /\b(?:two|both)\s+leaders\b|\bthe\s+leaders\b/.test(subject) ? pair(leaders) : null;
      const twoMinisters = /\b(?:two|both)\s+ministers\b/.test(subject) ? pair(ministers) : null;
      if (twoLeaders) for (const e of twoLeaders) add(e.name);
      else if (twoMinisters) for (const e of twoMinisters) add(e.name);
      else if (
        /\b(?:two|both)\s+(?:sides|countries|governments|companies|parties|neighbours|neighbors)\b/.test(
          subject,
        ) &&
        firstPair
      )
        for (const p of firstPair) add(p);
      else if (/^(?:it|they|he|she)\b/.test(subject.trim()) && previous && s.index - previous.sentence <= 3)
        for (const p of previous.parties) add(p);
      else if (/\bthe\s+(?:company|board|bank|group|firm)\b/.test(subject) && topOrg) add(topOrg.name);
    }
    if (parties.length >= 2 && !firstPair) firstPair = [...parties];
    if (parties.length > 0) previous = { parties, sentence: s.index };
    const evidence = evidenceOf(a.text, s, { start: c.cueAt, end: c.cueAt + 1 });
    // "… said in a joint press statement released on the 23rd" with what they said cut off: the
    // document is named but no agreement is stated
    if (c.document && !ENDS_SENTENCE.test(evidence)) continue;
    picked.push({ c, parties, evidence });
  }

  const top = [...picked]
    .sort((x, y) => y.c.strength - x.c.strength || x.c.sentence.index - y.c.sentence.index)
    .slice(0, MAX_AGREEMENTS)
    .sort((x, y) => x.c.sentence.index - y.c.sentence.index);
  return top.map(({ parties, evidence }) => ({
    statement: statementOf(evidence, a.dateline?.prefix ?? null),
    parties,
    evidence,
  }));
}

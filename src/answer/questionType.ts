/*
 * What kind of answer a question wants (who → a person or organisation, where → a place, when → a
 * date or time, how many/much → a number), and whether a sentence holds that kind of thing.
 */

export type QuestionType =
  | 'who'
  | 'where'
  | 'when'
  | 'number'
  | 'duration'
  | 'measure'
  | 'age'
  | 'reason'
  | 'quote'
  | 'other';

/** The kinds of answer a sentence holds, 0 (none) to 1 (a name, a date, a figure). */
export interface AnswerKinds {
  person: number;
  place: number;
  time: number;
  number: number;
  /** A length of time: "two hours", "48-hour", "for three days". */
  duration: number;
  /** A size, distance, depth or speed: "4 kilometres long", "at 68,000 km per hour". */
  measure: number;
  /** An age: "the 22-year-old", "Novak, 51,". */
  age: number;
  /** A cause: "because", "due to", "as customers delayed orders". */
  reason: number;
  /** Someone's words: a quotation, or "said", "told", "called". */
  quote: number;
}

const RULES: Array<[QuestionType, RegExp]> = [
  ['age', /\bhow\s+old\b|\bwhat\s+age\b/i],
  ['reason', /\bwhy\b|\bwhat\s+(?:caused|led\s+to|is\s+behind|was\s+behind)\b|\bfor\s+what\s+reason\b/i],
  [
    'quote',
    /\bwhat\s+(?:did|does|do|has|have|had)\s+(?:[\p{L}'’.-]+\s+){1,4}(?:say|said|tell|told|think|call|called|answer|reply|respond|comment|warn)\b|\bhow\s+did\s+(?:[\p{L}'’.-]+\s+){1,4}(?:react|respond|reply)\b|\breact(?:ion)?\b/iu,
  ],
  [
    'duration',
    /\bhow\s+long\b(?!\s+(?:is|was|are|were)\s+the\s+(?:bridge|road|route|line|river|tunnel|runway|border|coast|pipeline|cable|wall|track))/i,
  ],
  [
    'measure',
    /\bhow\s+(?:big|large|far|deep|high|tall|wide|heavy|fast|close|near|strong|hot|cold)\b|\bwhat\s+(?:size|depth|height|speed|distance|length|temperature)\b|\bhow\s+long\s+(?:is|was|are|were)\s+the\s+(?:bridge|road|route|line|river|tunnel|runway|border|coast|pipeline|cable|wall|track)\b/i,
  ],
  [
    'number',
    /\bhow\s+(?:many|much|often)\b|\bwhat\s+(?:percentage|share|proportion|amount|number|sum|figure|price|rate|toll)\b|\b(?:number|amount)\s+of\b|\bwhat\s+(?:was|is)\s+the\s+(?:final\s+)?(?:score|result)\b/i,
  ],
  [
    'when',
    /\bwhen\b|\bwhat\s+(?:time|date|day|year|month)\b|\bwhich\s+(?:day|date|year|month|week)\b|\bhow\s+soon\b|\bby\s+when\b/i,
  ],
  [
    'where',
    /\bwhere\b|\bwhich\s+(?:city|country|place|town|region|venue|province|state|port)\b|\bwhat\s+(?:city|country|place|venue)\b/i,
  ],
  [
    'who',
    /\bwho(?:m|se)?\b|\bwhich\s+(?:leaders?|people|person|company|companies|firms?|officials?|ministers?|countries|team|teams|party|parties|groups?|banks?|side)\b|\bwhat\s+(?:company|companies|firm|team|party|group)\b/i,
  ],
];

/** The answer type of a question; "other" when it asks what or how. */
export function questionType(question: string): QuestionType {
  // The first question word decides: "who said when…" is a who-question.
  let best: { type: QuestionType; at: number } | null = null;
  for (const [type, re] of RULES) {
    const m = re.exec(question);
    if (m && (best === null || m.index < best.at)) best = { type, at: m.index };
  }
  return best?.type ?? 'other';
}

/** How well a sentence with these kinds holds the kind of answer the question wants, 0..1. */
export function holdsAnswerType(type: QuestionType, kinds: AnswerKinds): number {
  switch (type) {
    case 'who':
      return kinds.person;
    case 'where':
      return kinds.place;
    case 'when':
      return kinds.time;
    case 'number':
      return kinds.number;
    case 'duration':
      return kinds.duration;
    case 'measure':
      return kinds.measure;
    case 'age':
      return kinds.age;
    case 'reason':
      return kinds.reason;
    case 'quote':
      return kinds.quote;
    default:
      return 1;
  }
}

const MONTH =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const TIME_RE = new RegExp(
  [
    `\\b(?:${MONTH})\\.?\\s+\\d{1,2}\\b`,
    `\\b\\d{1,2}\\s+(?:${MONTH})\\b`,
    `\\b(?:in|by|until|since|from|early|late|mid|next|last|this)[\\s-]+(?:${MONTH})\\b`,
    '\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b',
    '\\b(?:19|20)\\d{2}\\b',
    '\\bthe\\s+\\d{1,2}(?:st|nd|rd|th)\\b',
    '\\b(?:today|tomorrow|yesterday|tonight|overnight)\\b',
    '\\b(?:next|last|this|coming|past)\\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter|quarter|season)\\b',
    '\\b(?:this|on\\s+\\w+)\\s+(?:morning|afternoon|evening|night)\\b',
    '\\b\\d{1,2}(?::\\d{2})?\\s*(?:a\\.?m\\.?|p\\.?m\\.?)(?!\\w)',
    '\\b\\d{1,2}:\\d{2}\\b',
    '\\b(?:within|in)\\s+(?:\\d+|a|two|three|four|five|six)\\s+(?:days?|weeks?|months?|years?)\\b',
    '\\b(?:spring|summer|autumn|winter)\\b',
    '\\b(?:first|second|third|fourth)\\s+quarter\\b',
    '\\b(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?(?:year|month|week|decade)\\b',
  ].join('|'),
  'i',
);

const NUMBER_RE =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|third|double|doubled|tripled|percent)\b/i;

const DURATION_RE =
  /\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few)[\s-]+(?:minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?)\b|\b(?:hour|day|week|month|year)-long\b|\buntil\s+(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|tomorrow\b|midnight\b|noon\b|next\b|the\s+end\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)/i;

export const mentionsDuration = (sentence: string): boolean => DURATION_RE.test(sentence);
export const mentionsTime = (sentence: string): boolean => TIME_RE.test(sentence);
/** A figure other than a date, a time or an age: "in 2016" does not answer "how much". */
export const mentionsNumber = (sentence: string): boolean =>
  NUMBER_RE.test(sentence.replace(TIME_ALL_RE, ' ').replace(AGE_ALL_RE, ' '));

const AGE_RE = /\b\d{1,3}-year-old\b|\baged\s+\d{1,3}\b|\p{Lu}[\p{L}'’-]+,\s+\d{1,3},/u;
/** Words that give a cause; "as" and "after" often do ("fell 18 percent as customers delayed orders"). */
const REASON_RE =
  /\b(?:because|due\s+to|owing\s+to|caused|blamed|citing|cited|amid|in\s+protest|to\s+protest|so\s+that|the\s+reason|thanks\s+to|driven\s+by|led\s+to)\b/i;
const WEAK_REASON_RE = /\b(?:as|after|over|since|following|ruling\s+that)\b/i;
const QUOTE_RE = /["“”]|\b(?:said|says|told|called|described|warned|added|according\s+to)\b/i;

const TIME_ALL_RE = new RegExp(TIME_RE.source, 'gi');
const AGE_ALL_RE = new RegExp(AGE_RE.source, 'gu');
export const mentionsAge = (sentence: string): boolean => AGE_RE.test(sentence);
/** 1 for an explicit cause, 0.7 for a word that often gives one, else 0. */
export const reasonStrength = (sentence: string): number =>
  REASON_RE.test(sentence) ? 1 : WEAK_REASON_RE.test(sentence) ? 0.7 : 0;
/** 1 for a quotation or reported speech, else 0. */
export const quoteStrength = (sentence: string): number => (QUOTE_RE.test(sentence) ? 1 : 0);

const MEASURE_RE =
  /\d[\d,.]*(?:\s+|-)?(?:km|kilomet(?:re|er)s?|m|metres?|meters?|miles?|feet|foot|ft|cm|mm|inch(?:es)?|tonnes?|tons?|kg|kilograms?|hectares?|acres?|square|cubic|degrees?|°c?|km\/h|mph|knots?|gigawatts?|megawatts?|gw|mw)\b|\b(?:per|an|a)\s+hour\b|\bmagnitude\b/i;
export const mentionsMeasure = (sentence: string): boolean => MEASURE_RE.test(sentence);

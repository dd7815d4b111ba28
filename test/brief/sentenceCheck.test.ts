import { describe, expect, it } from 'vitest';
import {
  checkSentence,
  type EvidenceSpan,
  likelyEvidence,
  splitClaims,
} from '../../src/brief/sentenceCheck.ts';

/** Quotes as adjacent (by default) sentences of one article. */
const quotes = (...texts: string[]): EvidenceSpan[] =>
  texts.map((text, i) => ({ text, article: 0, sentence: i }));
const at = (sentence: number, text: string): EvidenceSpan => ({ text, article: 0, sentence });

const check = (sentence: string, evidence: EvidenceSpan[], publishedAt: string | null = null) =>
  checkSentence(sentence, evidence, { publishedAt });
const reason = (sentence: string, evidence: EvidenceSpan[], publishedAt: string | null = null) =>
  check(sentence, evidence, publishedAt)?.reason ?? null;

describe('names', () => {
  const q = quotes(
    'Mayor Helen Okoye of Port Ellis said the U.S. Department of Transportation would fund the bridge.',
  );

  it('accepts a name the quote gives, with titles, possessives and "US" for "U.S."', () => {
    expect(reason('Okoye said the US Department of Transportation would fund the bridge.', q)).toBeNull();
    expect(reason("Port Ellis's mayor, Ms. Okoye, said the bridge would be funded.", q)).toBeNull();
  });

  it('rejects a first name, a place or an organisation the quote never mentions', () => {
    expect(check('Mary Okoye said the US Department of Transportation would fund the bridge.', q)).toEqual({
      reason: 'name',
      detail: 'Mary Okoye',
    });
    expect(reason('Okoye said the Federal Highway Administration would fund the bridge.', q)).toBe('name');
  });

  it('accepts an acronym of a name in the quote and a demonym of a country in it', () => {
    const un = quotes('The United Nations said aid to Chile would double.');
    expect(reason('The UN said Chilean aid would double.', un)).toBeNull();
  });

  it('accepts a country named by its capital in the quote, not another country', () => {
    const london = quotes('Activists in London poured paint in front of the Russian embassy.');
    expect(reason('U.K. activists poured paint in front of the Russian embassy.', london)).toBeNull();
    expect(reason('Activists from Paris poured paint in front of the Russian embassy.', london)).toBe('name');
  });
});

describe('numbers', () => {
  const q = quotes(
    'The storm cut power to 312,450 homes and caused $1.48 billion in damage, officials said.',
  );

  it('accepts rounding with "more than", "about", "nearly" and number words', () => {
    expect(reason('The storm cut power to more than 300,000 homes, officials said.', q)).toBeNull();
    expect(reason('The storm caused about $1.5 billion in damage, officials said.', q)).toBeNull();
    expect(reason('The storm cut power to nearly 313,000 homes, officials said.', q)).toBeNull();
    const words = quotes('Eight months later, 12 families were still in shelters.');
    expect(reason('Twelve families were still in shelters eight months later.', words)).toBeNull();
  });

  it('accepts "hundreds" for a figure in the hundreds, not for one in the dozens', () => {
    const homes = quotes('The fire destroyed 312 homes and 40 shops.');
    expect(reason('The fire destroyed hundreds of homes.', homes)).toBeNull();
    expect(reason('The fire destroyed hundreds of shops.', quotes('The fire destroyed 40 shops.'))).toBe(
      'number',
    );
  });

  it('rejects a different number, and rounding the wrong way', () => {
    expect(check('The storm cut power to 412,450 homes, officials said.', q)?.reason).toBe('number');
    expect(reason('The storm cut power to more than 350,000 homes, officials said.', q)).toBe('number');
    expect(reason('The storm caused $2 billion in damage, officials said.', q)).toBe('number');
  });

  it('reads the number in "49-year-old" and "9pm"', () => {
    const age = quotes('The 49-year-old painter left the studio at 9pm on Friday.');
    expect(reason('The painter, 49, left the studio at 9 pm on Friday.', age)).toBeNull();
    expect(reason('The painter, 48, left the studio at 9 pm on Friday.', age)).toBe('number');
  });

  it('compares units of time: "one-year" is not "one-month", "30 days" is "30-day"', () => {
    const q = quotes('The protest comes on the eve of the one-year anniversary of the invasion.');
    expect(reason('The protest came on the eve of the one-year anniversary of the invasion.', q)).toBeNull();
    expect(check('The protest came on the eve of the one-month anniversary of the invasion.', q)).toEqual({
      reason: 'number',
      detail: 'one-month',
    });
    const stay = quotes('The court ordered a 30-day extension of his detention.');
    expect(reason('The court extended his detention by 30 days.', stay)).toBeNull();
    expect(reason('The court extended his detention by 30 years.', stay)).toBe('number');
  });

  it('compares percentages only with percentages', () => {
    const pct = quotes('Turnout rose to 41 percent, with 12 districts reporting.');
    expect(reason('Turnout rose to about 40%.', pct)).toBeNull();
    expect(reason('Turnout rose to 12%.', pct)).toBe('number');
  });
});

describe('dates from the publication date', () => {
  const q = quotes('The ministers will meet again next year, the ministry said on Monday.');

  it('accepts a year and a weekday computed from relative dates', () => {
    expect(reason('The ministers will meet again in 2027, the ministry said.', q, '2026-03-12')).toBeNull();
    expect(
      reason('The ministry said on Monday, March 9, that the ministers will meet again.', q, '2026-03-12'),
    ).toBeNull();
  });

  it('rejects a year or month the quotes do not give', () => {
    expect(reason('The ministers will meet again in 2028, the ministry said.', q, '2026-03-12')).toBe('date');
    expect(
      reason('The ministry said on Monday, March 2, that the ministers will meet again.', q, '2026-03-12'),
    ).toBe('number');
    expect(reason('The ministers will meet again in April, the ministry said.', q, '2026-03-12')).toBe(
      'date',
    );
  });

  it('accepts a duration computed from "since" a year', () => {
    const since = quotes('Inflation is at its highest level since 1991, the bank said.');
    expect(
      reason('Inflation is at its highest level in more than 30 years, the bank said.', since, '2025-06-01'),
    ).toBeNull();
    expect(
      reason('Inflation is at its highest level in more than 40 years, the bank said.', since, '2025-06-01'),
    ).toBe('number');
  });
});

describe('recombination', () => {
  const far = [
    at(0, 'Finance Minister Ana Duarte presented a budget of 4.2 billion euros.'),
    at(7, 'Health Minister Paulo Reis asked for 300 new hospital beds.'),
  ];

  it('accepts names and numbers that stand together in one quote, or in adjacent sentences', () => {
    expect(reason('Duarte presented a budget of 4.2 billion euros.', far)).toBeNull();
    const adjacent = [
      at(3, 'Finance Minister Ana Duarte spoke on Friday.'),
      at(4, 'She presented a budget of 4.2 billion euros.'),
    ];
    expect(reason('Duarte presented a budget of 4.2 billion euros.', adjacent)).toBeNull();
  });

  it("rejects one person's number given to another person from a distant sentence", () => {
    expect(check('Paulo Reis presented a budget of 4.2 billion euros.', far)).toEqual({
      reason: 'recombined',
      detail: 'Paulo Reis + 4.2 billion',
    });
  });

  it('accepts anchors from distant quotes in separate clauses, as a summary joins facts', () => {
    const apart = [
      at(0, 'Tom Ballard plans to climb K2, 20 years after his mother died on the mountain.'),
      at(5, 'Mr Ballard, 26, told reporters it was his destiny.'),
    ];
    expect(reason('Tom Ballard, 26, plans to climb K2, 20 years after his mother died.', apart)).toBeNull();
    expect(reason('Tom Ballard plans to climb K2 26 years after his mother died.', apart)).toBe('recombined');
  });
});

describe('negation', () => {
  const q = quotes('The two sides failed to agree on a ceasefire after three days of talks.');

  it('accepts a sentence that keeps the negation', () => {
    expect(reason('The two sides did not agree on a ceasefire after three days of talks.', q)).toBeNull();
  });

  it('rejects "agreed" from "failed to agree", and a negation the quote lacks', () => {
    expect(reason('The two sides agreed on a ceasefire after three days of talks.', q)).toBe('negation');
    const plain = quotes('The council approved the new stadium on Tuesday.');
    expect(reason('The council did not approve the new stadium.', plain)).toBe('negation');
  });
});

describe('modality and tense', () => {
  const hedged = quotes('The government would consider lowering the fuel tax next year.');

  it('accepts a hedged claim from a hedged quote, and reported "would" as "will"', () => {
    expect(reason('The government may consider lowering the fuel tax next year.', hedged)).toBeNull();
    const reported = quotes('Nguyen said Vietnam would send a technical team to Chile.');
    expect(reason('Vietnam will send a technical team to Chile.', reported)).toBeNull();
  });

  it('rejects "will" from "would consider"', () => {
    expect(check('The government will lower the fuel tax next year.', hedged)?.reason).toBe('modality');
  });

  it('rejects a past-tense claim from a future-tense quote', () => {
    const future = quotes('The ministers will sign the trade agreement in Lima.');
    expect(reason('The ministers will sign the trade agreement in Lima.', future)).toBeNull();
    expect(reason('The ministers signed the trade agreement in Lima.', future)).toBe('tense');
  });
});

describe('changed predicates', () => {
  const q = quotes("Northwind's shares fell 3 percent after the pilots' union rejected the pay deal.");

  it('accepts the quote’s own predicate and a listed synonym', () => {
    expect(
      reason("Northwind's shares dropped 3 percent after the union rejected the pay deal.", q),
    ).toBeNull();
  });

  it('rejects the opposite predicate on the same object', () => {
    expect(
      check("Northwind's shares rose 3 percent after the union rejected the pay deal.", q),
    ).toMatchObject({
      reason: 'antonym',
    });
    const sales = quotes('Ticket sales increased in the spring, the airline said.');
    expect(reason('Ticket sales decreased in the spring, the airline said.', sales)).toBe('antonym');
    // "accepted" for "rejected" is caught too, as a reversed negation.
    expect(reason("Northwind's shares fell 3 percent after the union accepted the pay deal.", q)).toBe(
      'negation',
    );
  });

  it('rejects a word whose negating prefix the quote has ("crewed" for "uncrewed")', () => {
    const q = quotes('The agency will deploy a tool to manage small uncrewed aircraft.');
    expect(reason('The agency will deploy a tool to manage small uncrewed aircraft.', q)).toBeNull();
    expect(check('The agency will deploy a tool to manage small crewed aircraft.', q)).toEqual({
      reason: 'antonym',
      detail: 'crewed (quotes: uncrewed)',
    });
  });
});

describe('coverage per sentence', () => {
  const q = quotes('Officials said the new port terminal would double container capacity.');

  it('accepts a paraphrase with common synonyms', () => {
    expect(reason('Authorities said the new port terminal would double container capacity.', q)).toBeNull();
  });

  it('rejects a sentence whose words are mostly not its quotes', () => {
    expect(reason('Protesters blocked the highway and clashed with riot police overnight.', q)).toBe('words');
  });

  it('counts words used elsewhere in the article in part, invented ones not at all', () => {
    const article =
      'Officials said the new port terminal would double container capacity. Dock workers welcomed the expansion of the harbour.';
    const opts = { publishedAt: null, context: article };
    const s = 'Officials said the harbour expansion would double capacity for dock workers.';
    expect(checkSentence(s, q, { publishedAt: null })?.reason).toBe('words');
    expect(checkSentence(s, q, opts)).toBeNull();
    const invented = 'Officials said the airport runway would triple freight flights for cargo pilots.';
    expect(checkSentence(invented, q, opts)?.reason).toBe('words');
  });

  it('rejects a sentence with no evidence', () => {
    expect(reason('The port will double its capacity.', [])).toBe('no-evidence');
  });
});

describe('opposites from WordNet', () => {
  const q = quotes('The influencer and his brother were ordered to spend another 30 days in detention.');

  it('rejects a relative swapped for its opposite, which no hand-written pair lists', () => {
    expect(
      check('The influencer and his sister were ordered to spend another 30 days in detention.', q),
    ).toEqual({ reason: 'antonym', detail: 'sister (quotes: brother)' });
  });

  it('keeps the quote’s own word and a word WordNet does not oppose to it', () => {
    expect(
      reason('The influencer and his brother were ordered to spend another 30 days in detention.', q),
    ).toBeNull();
    expect(
      reason('The influencer and his sibling were ordered to spend another 30 days in detention.', q),
    ).toBeNull();
  });
});

describe('quotations', () => {
  const q = quotes(
    'The automaker will recall 19 pickups to address a "specific electrical connection issue that could result in a loss of propulsion while driving."',
  );

  it('accepts a quotation in the article’s own words', () => {
    expect(
      reason(
        'Lordstown will recall 19 pickups to address a "specific electrical connection issue that could result in a loss of propulsion while driving."',
        q,
      ),
    ).toBeNull();
  });

  it('rejects a quotation with a word the article never used, even when the rest of the sentence is covered', () => {
    expect(
      check(
        'The automaker will recall 19 pickups to address a "specific software connection issue that could result in a loss of propulsion while driving."',
        q,
      ),
    ).toMatchObject({ reason: 'quotation', detail: expect.stringMatching(/^software in/) });
  });
});

describe('splitting and retrieval', () => {
  it('splits sentences without breaking at U.S. or Mr.', () => {
    expect(splitClaims('U.S. officials met Mr. Lee in Seoul. They agreed on chips. 2027 is next.')).toEqual([
      'U.S. officials met Mr. Lee in Seoul.',
      'They agreed on chips.',
      '2027 is next.',
    ]);
  });

  it('splits tokenised lowercase text at its spaced stops', () => {
    expect(splitClaims('the man , rishi khanal , was rescued . it took 10 more hours .')).toEqual([
      'the man , rishi khanal , was rescued .',
      'it took 10 more hours .',
    ]);
  });

  it('gives a sentence the article sentence that shares its rare words, plus one for a name it lacks', () => {
    const spans = quotes(
      'The council met on Tuesday.',
      'The council approved a new stadium for the Harbour FC club.',
      'Mayor Lin Chow praised the decision.',
    );
    const got = likelyEvidence('Mayor Lin Chow praised the approval of the Harbour FC stadium.', spans);
    expect(got.map((s) => s.sentence).sort()).toEqual([1, 2]);
  });

  it('finds the sentence that gives an age, written "the 31-year-old\'s" there', () => {
    const spans = quotes(
      'Tevez has another year on his current deal at Juventus.',
      "The 31-year-old's future was thrown into doubt this week.",
      'Boca Juniors want him home.',
    );
    const claim = 'Tevez, 31, has another year on his current deal at Juventus.';
    const got = likelyEvidence(claim, spans);
    expect(got.map((s) => s.sentence).sort()).toEqual([0, 1]);
    expect(checkSentence(claim, got, { publishedAt: null })).toBeNull();
    expect(reason('Tevez, 32, has another year on his current deal at Juventus.', got)).toBe('number');
  });
});

import { describe, expect, it } from 'vitest';
import { definedAcronyms, expandQuestion, stemWord, terms } from '../../src/answer/expand.ts';

const ctx = (vocabulary: string[] = [], acronyms: Array<[string, string[]]> = []) => ({
  vocabulary: new Set(vocabulary),
  acronyms: new Map(acronyms),
});

/** Every term the concept for `word` accepts, each alternative joined with "+". */
function accepted(question: string, word: string, c = ctx()): string[] {
  const concept = expandQuestion(question, c).find((x) => x.word.toLowerCase() === word);
  return (concept?.alternatives ?? []).map((a) => a.terms.join('+'));
}

describe('terms', () => {
  it('joins inflections, irregular verbs included', () => {
    expect(stemWord('meeting')).toBe(stemWord('meet'));
    expect(stemWord('met')).toBe(stemWord('meet'));
    expect(stemWord('held')).toBe(stemWord('holds'));
    expect(stemWord('agreed')).toBe(stemWord('agree'));
  });

  it('keeps a capitalised abbreviation apart from the same word in lowercase', () => {
    expect(terms('U.S. President Donald Trump told us')).toEqual(['=us', 'presid', 'donald', 'trump']);
    expect(terms('AI and EVs')).toEqual(['=ai', '=ev']);
  });
});

describe('expanding a question', () => {
  it('an abbreviation also matches its long form, and the long form the abbreviation', () => {
    expect(accepted('what did they agree on AI?', 'ai')).toContain('artifici+intellig');
    expect(accepted('what about artificial intelligence?', 'artificial intelligence')).toContain('=ai');
    expect(accepted('what will the EU do?', 'eu')).toContain('europ+union');
  });

  it('an abbreviation typed in lowercase still counts, but "us" only after "the"', () => {
    expect(accepted('what did they say about ai', 'ai')).toContain('artifici+intellig');
    expect(accepted('what will the us do', 'us')).toContain('unit+state');
    expect(expandQuestion('tell us what changed', ctx()).map((c) => c.word)).toEqual(['changed']);
  });

  it('uses the abbreviations the articles define', () => {
    const defined = definedAcronyms(
      'The Indian Space Research Organisation (ISRO) said the Lunar Rover (LR) works.',
    );
    expect(defined.get('isro')).toEqual(['Indian Space Research Organisation']);
    expect(defined.get('lr')).toEqual(['Lunar Rover']);
    expect(accepted('when did ISRO launch it?', 'isro', ctx([], [...defined]))).toContain(
      'indian+space+research+organis',
    );
  });

  it('adds news synonyms and inflections', () => {
    const meet = accepted('who met whom?', 'met');
    expect(meet).toEqual(expect.arrayContaining(['meet', 'summit', 'hold', 'talk']));
    expect(accepted('was there a deal?', 'deal')).toEqual(
      expect.arrayContaining(['agreement', 'accord', 'pact']),
    );
  });

  it('two words for one meaning make one concept', () => {
    expect(expandQuestion('where was the summit held?', ctx()).map((c) => c.word)).toEqual(['summit']);
  });

  it('adds near stems the articles use ("Korea" ~ "Korean")', () => {
    expect(accepted('what did Korea say?', 'korea', ctx(['korean', 'korea']))).toContain('korean');
    expect(accepted('what did Korea say?', 'korea', ctx(['kor']))).not.toContain('kor');
  });

  it('has nothing to look for in a question of only question words', () => {
    expect(expandQuestion('what is it?', ctx())).toEqual([]);
  });
});

describe('question words that say what kind of answer, not what about', () => {
  const words = (q: string) => expandQuestion(q, ctx()).map((c) => c.word);
  it('drops "happen", "take part" and "how much money"', () => {
    expect(words('what happened to the share price?')).toEqual(['share', 'price']);
    expect(words('how many countries took part?')).toEqual(['countries']);
    expect(words('how much money is the government giving?')).toEqual(['government', 'giving']);
  });

  it('drops the verb of a where or how-long question that only restates it', () => {
    expect(words('where was the match played?')).toEqual(['match']);
    expect(words('how long did the meeting last?')).toEqual(['meeting']);
    expect(words('when will the talks last?')).toEqual(['talks', 'last']);
  });

  it('reads R&D as an abbreviation of research and development', () => {
    const rd = expandQuestion('will R&D be cut?', ctx())[0];
    expect(rd?.alternatives.map((a) => a.terms.join(' '))).toContain('research develop');
  });
});

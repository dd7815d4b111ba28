import { describe, expect, it } from 'vitest';
import { MAX_QUOTES, MIN_COVERAGE, selectAnswers } from '../../src/answer/extractive.ts';
import {
  carrySubjects,
  indexArticles,
  nameWords,
  openingSubject,
  opensWithReference,
  type Ranked,
  rank,
} from '../../src/answer/retrieve.ts';
import { analyse } from '../../src/extractive/names.ts';
import type { Article } from '../../src/ingest/article.ts';

const article = (text: string): Article => ({
  text,
  title: null,
  source: 'test',
  url: null,
  siteName: null,
  lang: 'en',
  publishedAt: null,
});

describe('pronoun carry-over', () => {
  it('finds the names a sentence opens with', () => {
    expect(openingSubject('President Lee Jae-myung and Prime Minister Shigeru Ishiba held talks.')).toBe(
      'President Lee Jae-myung and Prime Minister Shigeru Ishiba',
    );
    expect(openingSubject("Ishiba's office said so.")).toBe('Ishiba');
    expect(openingSubject('the talks ended.')).toBeNull();
  });

  it('knows a sentence that refers back', () => {
    expect(opensWithReference('He will hold a summit with Trump.')).toBe(true);
    expect(opensWithReference('The two leaders talked for two hours.')).toBe(true);
    expect(opensWithReference('In a statement released afterwards, they said it went well.')).toBe(true);
    expect(opensWithReference('Officials from Korea said they would meet.')).toBe(false);
    expect(opensWithReference('Lee left Tokyo.')).toBe(false);
  });

  it('carries the last named subject into sentences that open with a pronoun', () => {
    const sentences = [
      'Mayor Ana Ruiz opened the bridge on Friday.',
      'She said it cost less than planned.',
      'Traffic was light.',
      'They expect more cyclists.',
    ];
    const names = nameWords(analyse(sentences.join(' ')));
    expect(carrySubjects(sentences, (w) => names.has(w))).toEqual([
      null,
      'Mayor Ana Ruiz',
      null,
      'Mayor Ana Ruiz',
    ]);
  });

  it('so a question naming the person finds the sentence that only says "He"', () => {
    const index = indexArticles([
      article(
        'Coach Marek Novak named his squad on Monday. Fans queued for tickets all week. He will retire after the final in June.',
      ),
    ]);
    const [best] = rank('when will Novak retire?', index).ranked;
    expect(best?.sentence.text).toBe('He will retire after the final in June.');
    expect(best?.sentence.carried).toBe('Coach Marek Novak');
  });

  it('carries a subject named after a dateline into "The 22-year-old…"', () => {
    const index = indexArticles([
      article(
        'MELBOURNE, Jan 26 -- Luka Kovac won the Australian Open final on Sunday, beating the champion. The 22-year-old needed three hours to win in front of 15,000 fans. Fans cheered Kovac at the trophy ceremony.',
      ),
    ]);
    const [best] = rank('how old is Kovac?', index).ranked;
    expect(best?.sentence.text).toMatch(/^The 22-year-old/);
    expect(best?.sentence.carried).toBe('Luka Kovac');
  });
});

describe('ranking', () => {
  const index = indexArticles([
    article(
      [
        'The city council approved a new bus lane on Tuesday.',
        'Construction will cost 4.2 million euros, officials said.',
        'The lane runs from the harbour to Central Station in Wellbrook.',
        'Council leader Maria Kent called the vote a turning point.',
      ].join(' '),
    ),
  ]);

  it.each([
    ['how much will it cost?', 'Construction will cost 4.2 million euros, officials said.'],
    ['who called the vote a turning point?', 'Council leader Maria Kent called the vote a turning point.'],
    ['where does the lane run?', 'The lane runs from the harbour to Central Station in Wellbrook.'],
    ['when was the lane approved?', 'The city council approved a new bus lane on Tuesday.'],
  ])('%s', (question, sentence) => {
    expect(rank(question, index).ranked[0]?.sentence.text).toBe(sentence);
  });

  it('the same sentence in two articles is shown once', () => {
    const twice = indexArticles([
      article('The port reopened on Monday.'),
      article('The port reopened on Monday.'),
    ]);
    expect(twice.sentences).toHaveLength(1);
  });
});

describe('the threshold', () => {
  const ranked = (scores: Array<[number, number]>): Ranked[] =>
    scores.map(([score, coverage], i) => ({
      score,
      coverage,
      missing: 0,
      typeMatch: 1,
      sentence: {
        text: `s${i}`,
        sourceIndex: 0,
        index: i,
        terms: [],
        carriedTerms: [],
        contextTerms: [],
        topicTerms: [],
        carried: null,
        kinds: {
          person: 0,
          place: 0,
          time: 0,
          number: 0,
          duration: 0,
          measure: 0,
          age: 0,
          reason: 0,
          quote: 0,
        },
        future: false,
        lead: false,
      },
    }));

  it('declines when the best sentence covers too little of the question', () => {
    expect(selectAnswers(ranked([[5, MIN_COVERAGE - 0.01]]))).toEqual([]);
    expect(selectAnswers(ranked([[5, MIN_COVERAGE]]))).toHaveLength(1);
    expect(selectAnswers([])).toEqual([]);
  });

  it('shows at most three, best first, and only those close to the best', () => {
    const shown = selectAnswers(
      ranked([
        [5, 1],
        [4, 0.5],
        [3, 0.5],
        [2.6, 0.5],
        [1, 0.5],
      ]),
    );
    expect(shown.map((r) => r.score)).toEqual([5, 4, 3]);
    expect(shown.length).toBeLessThanOrEqual(MAX_QUOTES);
    expect(
      selectAnswers(
        ranked([
          [5, 1],
          [2, 1],
        ]),
      ).map((r) => r.score),
    ).toEqual([5]);
  });

  it('an unanswerable question is declined by the answerer', () => {
    const out = rank(
      'how many goals did the striker score?',
      indexArticles([article('The council met on Tuesday.')]),
    );
    expect(selectAnswers(out.ranked)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  holdsAnswerType,
  mentionsMeasure,
  mentionsNumber,
  mentionsTime,
  questionType,
} from '../../src/answer/questionType.ts';

describe('question types', () => {
  it.each([
    ['who met whom?', 'who'],
    ['Whose plan was adopted?', 'who'],
    ['which company bought the insurer?', 'who'],
    ['where did they meet?', 'where'],
    ['in which city was the deal signed? where exactly', 'where'],
    ['when will Lee meet Trump?', 'when'],
    ['what date does the strike start?', 'when'],
    ['how many people died?', 'number'],
    ['how much will the bridge cost?', 'number'],
    ['how long will the strike last?', 'duration'],
    ['what did they agree on AI?', 'other'],
    ['why did the talks fail?', 'reason'],
    ['how old is Novak?', 'age'],
    ['what did the minister say about the deal?', 'quote'],
    ['what was the score in the final?', 'number'],
    ['how deep was the quake?', 'measure'],
    ['how long is the pipeline?', 'measure'],
  ])('%s → %s', (question, type) => {
    expect(questionType(question)).toBe(type);
  });

  it('the first question word decides', () => {
    expect(questionType('who said when the port reopens?')).toBe('who');
  });
});

describe('what a sentence holds', () => {
  it('dates and times', () => {
    expect(mentionsTime('He will hold a summit with Trump on the 25th (local time).')).toBe(true);
    expect(mentionsTime('Talks resume on Monday at 9:30 a.m.')).toBe(true);
    expect(mentionsTime('The plant opens in March.')).toBe(true);
    expect(mentionsTime('The two leaders talked at the residence.')).toBe(false);
  });

  it('a year, a date or an age is not a figure that answers "how much"', () => {
    expect(mentionsNumber('The deal lapsed in 2016 amid a dispute over licence fees.')).toBe(false);
    expect(mentionsNumber('Novak, 51, said the budget comes on December 15.')).toBe(false);
    expect(mentionsNumber('Licence fees rose to 40 euros in 2016.')).toBe(true);
  });

  it('sizes, distances and speeds', () => {
    expect(mentionsMeasure('It flew within 1,200 km of the comet at 68,000 km per hour.')).toBe(true);
    expect(mentionsMeasure('It flew past the comet on Wednesday.')).toBe(false);
  });

  it('numbers, in figures or words', () => {
    expect(mentionsNumber('At least 14 people died.')).toBe(true);
    expect(mentionsNumber('Two hundred workers walked out.')).toBe(true);
    expect(mentionsNumber('The workers walked out.')).toBe(false);
  });

  it('a sentence without the kind of answer scores 0 for that type, and any sentence 1 for "other"', () => {
    const kinds = {
      person: 1,
      place: 0,
      time: 0.5,
      number: 0,
      duration: 0,
      measure: 0,
      age: 0,
      reason: 0,
      quote: 0,
    };
    expect(holdsAnswerType('who', kinds)).toBe(1);
    expect(holdsAnswerType('where', kinds)).toBe(0);
    expect(holdsAnswerType('when', kinds)).toBe(0.5);
    expect(holdsAnswerType('other', kinds)).toBe(1);
  });
});

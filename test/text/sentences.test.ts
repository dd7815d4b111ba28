import { describe, expect, it } from 'vitest';
import {
  evidenceOf,
  findDateline,
  MAX_EVIDENCE,
  splitSentences,
  statementOf,
} from '../../src/text/sentences.ts';

describe('splitSentences', () => {
  it('keeps abbreviations, initials and dotted acronyms inside sentences', () => {
    const text =
      'U.S. President Donald Trump met Dr. Jane Roe on Sept. 18 in Washington, D.C., for talks. They agreed on a plan. "We are ready," she said.';
    const s = splitSentences(text);
    expect(s.map((x) => x.text)).toEqual([
      'U.S. President Donald Trump met Dr. Jane Roe on Sept. 18 in Washington, D.C., for talks.',
      'They agreed on a plan.',
      '"We are ready," she said.',
    ]);
  });

  it('gives offsets into the original text', () => {
    const text = 'First sentence here today.\n\nSecond one follows here.';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('marks bylines, credits, stamps, site names and repeated blocks as noise, captions as captions', () => {
    const text = [
      'Updated 11:20 a.m.',
      'President Kim Soo-ah (left) greets the crowd in Busan on Monday.',
      'The minister agreed to visit the port next week.',
      'The minister agreed to visit the port next week.',
      'Reporting by Jane Doe; Editing by John Roe',
      'Photo: Residents walk through floodwater. (AP Photo/Ana Cruz)',
      '[Seoul Reporter Lee Min-ho / Correspondent Park Ji-su]',
      'ExampleNews.com',
    ].join('\n');
    const kept = splitSentences(text)
      .filter((s) => s.kind !== 'noise')
      .map((s) => [s.kind, s.text]);
    expect(kept).toEqual([
      ['caption', 'President Kim Soo-ah (left) greets the crowd in Busan on Monday.'],
      ['body', 'The minister agreed to visit the port next week.'],
    ]);
  });

  it('splits at a run of another script inside English text (a "사진 확대" photo label)', () => {
    const text =
      'The talks ended. Reporter Kim Ho-young in Tokyo 사진 확대 President Lee met the press on Friday.';
    const s = splitSentences(text);
    expect(s.map((x) => x.text)).toEqual([
      'The talks ended.',
      'Reporter Kim Ho-young in Tokyo',
      'President Lee met the press on Friday.',
    ]);
    expect(s[1]?.kind).toBe('noise');
  });
});

describe('findDateline', () => {
  it.each([
    ['SEOUL, Sept. 23 (Yonhap) -- South Korea and China agreed Tuesday to talk.', 'Seoul'],
    ['SAN JOSE, California, July 24 — The company reported a profit on Thursday.', 'San Jose'],
    ['LISBON (AP) — The centre-right won the election on Sunday.', 'Lisbon'],
    ['BRUSSELS — The bloc signed an agreement on Tuesday with Chile.', 'Brussels'],
  ])('reads %s', (text, place) => {
    const d = findDateline(splitSentences(text));
    expect(d?.place).toBe(place);
    expect(text.slice(d?.bodyStart ?? 0)).not.toMatch(/^[\s—-]/);
  });

  it('finds none in ordinary prose', () => {
    expect(findDateline(splitSentences('The Bank of England kept rates unchanged on Thursday.'))).toBeNull();
  });
});

describe('evidenceOf', () => {
  it('returns the sentence when it is short', () => {
    const text = 'A short sentence about the summit in Tokyo.';
    const [s] = splitSentences(text);
    expect(evidenceOf(text, s as never)).toBe(text);
  });

  it('cuts a long sentence at clause boundaries around the anchor, as a verbatim substring', () => {
    const clause = (n: number) => `clause number ${n} goes on about trade and security for a while`;
    const text = `${Array.from({ length: 10 }, (_, i) => clause(i)).join(', ')}, and the leaders met in Tokyo on the 23rd, ${clause(11)}.`;
    const [s] = splitSentences(text);
    const at = text.indexOf('Tokyo');
    const ev = evidenceOf(text, s as never, { start: at, end: at + 5 });
    expect(ev.length).toBeLessThanOrEqual(MAX_EVIDENCE);
    expect(text.includes(ev)).toBe(true);
    expect(ev).toContain('Tokyo on the 23rd');
    expect(ev).not.toMatch(/^[,\s]|[,\s]$/);
  });
});

describe('statementOf', () => {
  it('drops the dateline and a trailing attribution, and caps the words', () => {
    const prefix = 'SEOUL, Sept. 23 (Yonhap) -- ';
    expect(statementOf(`${prefix}The two sides agreed to resume talks, the ministry said.`, prefix)).toBe(
      'The two sides agreed to resume talks.',
    );
    expect(statementOf('one two three four five six', null, 4)).toBe('one two three four…');
  });
});

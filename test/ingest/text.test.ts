import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import type { Article } from '../../src/ingest/article.ts';
import { assertReadable, countWords, parsePlainText } from '../../src/ingest/text.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url), 'utf8');
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('parsePlainText on a noisy summit report (modelled on the seed article)', () => {
  const article = parsePlainText(fixture('summit-tokyo.txt'), {
    source: 'fixtures/articles/summit-tokyo.txt',
  });

  it('keeps the duplicated caption once', () => {
    expect(occurrences(article.text, 'walk into the summit room')).toBe(1);
    expect(occurrences(article.text, 'must face this period of change together')).toBe(1);
  });

  it('removes UI residue, reporter lines and the site trailer', () => {
    expect(article.text).not.toContain('사진 확대');
    expect(article.text).not.toContain('Reporter Kim Ho-young');
    expect(article.text).not.toContain('Oh Soo-hyun');
    expect(article.text).not.toContain('AloJapan.com');
  });

  it('keeps every sentence of the report and its paragraphs', () => {
    for (const sentence of [
      'held their second summit in about two months in Tokyo on the 23rd',
      'They also agreed to expand cooperation in hydrogen and artificial intelligence and to launch a working group on supply chains.',
      'Japanese newspapers called the joint statement "a welcome surprise."',
      'He will hold a summit with U.S. President Donald Trump at the White House on the 25th (local time).',
    ]) {
      expect(article.text).toContain(sentence);
    }
    expect(article.text.split('\n\n')).toHaveLength(5);
    expect(article.text.endsWith('on the 25th (local time).')).toBe(true);
  });

  it('has no title (the first line is a long caption) and no page metadata', () => {
    expect(article).toMatchObject({
      title: null,
      url: null,
      siteName: null,
      lang: null,
      publishedAt: null,
      source: 'fixtures/articles/summit-tokyo.txt',
    });
  });
});

describe('parsePlainText', () => {
  it('takes a short first line followed by a blank line as the title', () => {
    const storm = parsePlainText(fixture('storm-report.txt'), { source: 'storm-report.txt' });
    expect(storm.title).toBe('Typhoon Kalmaegi brings heavy rain to Okinawa, cancels flights');
    expect(storm.text.startsWith('Typhoon Kalmaegi brought torrential rain')).toBe(true);
    expect(storm.text).toContain('No deaths had been reported by late Tuesday.');
    expect(storm.text).not.toContain('Updated 9:10 PM');
    expect(storm.text).not.toContain('Kyodo');
  });

  it('does not take a sentence as the title', () => {
    const a = parsePlainText('The storm hit the coast on Tuesday.\n\nPower was cut to 40,000 homes.', {
      source: 'x',
    });
    expect(a.title).toBeNull();
    expect(a.text).toBe('The storm hit the coast on Tuesday.\n\nPower was cut to 40,000 homes.');
  });

  it('keeps curly quotes and dashes exactly as written', () => {
    const text = fixture('curly-quotes.txt');
    const a = parsePlainText(text, { source: 'curly-quotes.txt' });
    expect(a.title).toBe('Port workers’ union says it was “not consulted” on automation plan');
    expect(a.text).toContain('“Nobody picked up the phone — not the port authority, not the operator.”');
    expect(a.text).toContain('on Oct. 14 — two weeks before');
    expect(a.text).toBe(text.split('\n\n').slice(1).join('\n\n').trim());
  });

  it('reduces Markdown to plain text', () => {
    const md = [
      '# Ferry service *resumes* after strike',
      '',
      'The **harbour authority** said [ferries](https://example.com/ferries) would run again from _Monday_.',
      '',
      '## What changes',
      '',
      '* Fares stay the same',
      '* Night crossings return in `May`',
      '',
      '> “We are glad it is over,” said one passenger.',
      '',
      '![A ferry at the pier](https://example.com/ferry.jpg)',
      '',
      '---',
      '',
      'Tickets go on sale at snake_case_counter 12.',
    ].join('\n');
    const a = parsePlainText(md, { source: 'x.md', markdown: true });
    expect(a.title).toBe('Ferry service resumes after strike');
    expect(a.text).toBe(
      [
        'The harbour authority said ferries would run again from Monday.',
        'What changes',
        '- Fares stay the same\n- Night crossings return in May',
        '“We are glad it is over,” said one passenger.',
        'Tickets go on sale at snake_case_counter 12.',
      ].join('\n\n'),
    );
  });

  it('joins hard-wrapped lines into one paragraph', () => {
    const wrapped =
      'The regional government said on Monday that it would extend the\nsubsidy for electric buses until the end of next year, citing strong\ndemand from rural districts.';
    expect(parsePlainText(wrapped, { source: 'x' }).text).toBe(wrapped.replace(/\n/g, ' '));
  });
});

describe('assertReadable', () => {
  const article = (text: string): Article => ({
    text,
    title: null,
    source: 'notes.txt',
    url: null,
    siteName: null,
    lang: null,
    publishedAt: null,
  });
  const codeOf = (a: Article) => {
    try {
      assertReadable(a);
      return 'ok';
    } catch (err) {
      return err instanceof UserError ? err.code : 'other';
    }
  };

  it('accepts the fixtures', () => {
    for (const name of ['summit-tokyo.txt', 'storm-report.txt', 'curly-quotes.txt']) {
      expect(codeOf(parsePlainText(fixture(name), { source: name }))).toBe('ok');
    }
  });

  it('rejects empty and too-short articles with a one-line message', () => {
    expect(codeOf(article(''))).toBe('empty');
    expect(codeOf(article('  \n\n ...  '))).toBe('empty');
    expect(codeOf(article('Only a few words here.'))).toBe('too-short');
    try {
      assertReadable(article('Only a few words here.'));
    } catch (err) {
      expect((err as Error).message).toMatch(/: 5 words; a brief needs at least 40\.$/);
      expect((err as Error).message).not.toContain('\n');
    }
    expect(() => assertReadable(article('Hello.'))).toThrow(/: 1 word; a brief needs at least 40\.$/);
  });

  it('counts words in scripts written without spaces', () => {
    expect(countWords('東京で首脳会談が開かれ、両首脳は協力の強化で合意した。')).toBeGreaterThan(8);
    expect(countWords('Hello, world — twice.')).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extractive/names.ts';
import { findWhere, MAX_WHERE } from '../../src/extractive/where.ts';
import { findEntities } from '../../src/extractive/who.ts';

const places = (text: string) => {
  const a = analyse(text);
  return findWhere(a, findEntities(a)).map((w) => w.place);
};

describe('where', () => {
  it('finds "in <Place>", "at the <X> in <Y>" and joins "City, Region"', () => {
    const text =
      'The leaders met at the Merdeka Palace in Jakarta on Wednesday. She will open a plant in Penang, Malaysia, next year. He then left for Washington, D.C., on Friday.';
    expect(places(text)).toEqual(
      expect.arrayContaining(['Merdeka Palace', 'Jakarta', 'Penang, Malaysia', 'Washington, D.C.']),
    );
  });

  it('continues lists and reads "the town of X" and "X province"', () => {
    const text =
      'The fire broke out near the town of Varnavas. Residents of Marathon, Nea Makri and Dione were told to leave. The storm hit Cagayan province.';
    expect(places(text)).toEqual(
      expect.arrayContaining(['Varnavas', 'Marathon', 'Nea Makri', 'Dione', 'Cagayan']),
    );
  });

  it('counts the dateline only when the story names the place too', () => {
    const named = 'ATHENS, Aug 12 — A wildfire north of Athens forced evacuations on Monday.';
    const absent = 'MANILA, Philippines — More than 250,000 people fled their homes in Cagayan on Friday.';
    expect(places(named)).toEqual(['Athens']);
    expect(places(absent)).toEqual(['Cagayan']);
  });

  it('ignores people, modifiers ("in Catholic schools"), possessives and quotes', () => {
    const text =
      'Teachers in Catholic schools will vote. The court will apply it to Brandt\'s case, said campaigner Lena Brandt. "I grew up in Lagos," the striker said. Traffic stopped at Europe\'s busiest port.';
    expect(places(text)).toEqual([]);
  });

  it('ranks locative mentions first and caps the list', () => {
    const cities = ['Lyon', 'Porto', 'Bremen', 'Gdansk', 'Tallinn', 'Turin', 'Malmo'];
    const text = cities.map((c) => `Talks were held in ${c} on Monday.`).join(' ');
    expect(places(text)).toHaveLength(MAX_WHERE);
  });

  it('leaves out countries named only as parties, company homes and demonyms', () => {
    const text = [
      'Norway and Chile agreed on Tuesday to cut tariffs on salmon and copper at talks in Geneva.',
      'Chile will also remove export taxes on refined copper, officials said in Geneva.',
      'Shares of Fjordlax, based in Bergen, rose 4% as the deal opened the Nordic region to Chilean copper.',
    ].join(' ');
    const got = places(text);
    expect(got).toContain('Geneva');
    expect(got).not.toContain('Norway');
    expect(got).not.toContain('Chile');
    expect(got).not.toContain('Bergen');
    expect(got).not.toContain('Nordic');
    expect(places('Vietnamese state newspapers praised the talks held in Hanoi on Monday.')).toEqual([
      'Hanoi',
    ]);
  });

  it('keeps a country that is also named as a location, and lists after a preposition', () => {
    const text = [
      'Halden Motors is recalling 40,000 SUVs in the United States and Canada because of a faulty battery.',
      'Transport Canada said it was reviewing the recall.',
      'New Zealand will extend the same rules to imported cars, its transport minister said in Wellington.',
    ].join(' ');
    const got = places(text);
    expect(got).toEqual(expect.arrayContaining(['United States', 'Canada', 'Wellington']));
  });
});

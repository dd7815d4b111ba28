import { describe, expect, it } from 'vitest';
import { chooseZone, parseFollow } from '../../src/digest/follow.ts';

describe('parseFollow', () => {
  it.each([
    ['korea-japan', { topic: 'korea-japan', minutes: null, timeZone: null }],
    ['korea-japan at 7:30', { topic: 'korea-japan', minutes: 450, timeZone: null }],
    ['korea japan at 07:30 Asia/Seoul', { topic: 'korea japan', minutes: 450, timeZone: 'Asia/Seoul' }],
    ['"climate finance" 8am utc', { topic: 'climate finance', minutes: 480, timeZone: 'UTC' }],
    ['g7 summit Europe/Paris', { topic: 'g7 summit', minutes: null, timeZone: 'Europe/Paris' }],
    // A number alone is part of the topic, not a time: "g20" or "covid 19".
    ['covid 19', { topic: 'covid 19', minutes: null, timeZone: null }],
  ])('%j', (text, expected) => {
    expect(parseFollow(text)).toEqual(expected);
  });

  it('explains a bad time, an unknown zone and a missing topic', () => {
    expect(() => parseFollow('korea at 25:00')).toThrow(/not a time of day/);
    expect(() => parseFollow('korea at 8:00 Mars/Base')).toThrow(/not a time zone/);
    expect(() => parseFollow('at 8:00 UTC')).toThrow(/Say which topic/);
  });
});

describe('chooseZone', () => {
  it('prefers the given zone, then the creator’s, then UTC, and says which', () => {
    expect(chooseZone('Asia/Seoul', 'Europe/Paris')).toEqual({ timeZone: 'Asia/Seoul', zoneSource: 'given' });
    expect(chooseZone(null, 'Europe/Paris')).toEqual({ timeZone: 'Europe/Paris', zoneSource: 'creator' });
    expect(chooseZone(null, 'Nowhere/Land')).toEqual({ timeZone: 'UTC', zoneSource: 'utc' });
    expect(chooseZone(null, null)).toEqual({ timeZone: 'UTC', zoneSource: 'utc' });
  });
});

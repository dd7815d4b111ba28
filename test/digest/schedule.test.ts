import { describe, expect, it } from 'vitest';
import { dueDigest, localTime, nextDigestAt, scheduledInstant } from '../../src/digest/schedule.ts';
import { isTimeZone, parseClock } from '../../src/text/clock.ts';
import { DEFAULT_DIGEST_MINUTES } from '../../src/workspace/settings.ts';

const NY = 'America/New_York';

/** Every minute from `from` for `hours`, the instants at which a 08:00 digest is due and not yet done. */
function firings(from: string, hours: number, minutes: number, timeZone: string): string[] {
  const done = new Set<string>();
  const fired: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(from) + hours * 3_600_000; t += 60_000) {
    const due = dueDigest(new Date(t), { minutes, timeZone }, (d) => done.has(d));
    if (due) {
      done.add(due.date);
      fired.push(new Date(t).toISOString());
    }
  }
  return fired;
}

describe('digest schedule', () => {
  it('fires at 08:00 local time every day across the spring-forward change, once a day', () => {
    // New York moves from UTC−5 to UTC−4 on 2026-03-08.
    expect(firings('2026-03-06T05:00:00Z', 96, DEFAULT_DIGEST_MINUTES, NY)).toEqual([
      '2026-03-06T13:00:00.000Z',
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
    ]);
  });

  it('fires once at 01:30 on the fall-back day, although the clock shows 01:30 twice', () => {
    expect(firings('2026-10-31T04:00:00Z', 72, 90, NY)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('fires a time the spring-forward skips when the clock jumps past it', () => {
    expect(scheduledInstant('2026-03-08', 150, NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localTime(new Date('2026-03-08T07:00:00Z'), NY)).toEqual({ date: '2026-03-08', minutes: 180 });
  });

  it('uses the local date: 08:00 in Seoul is the previous evening in UTC', () => {
    expect(scheduledInstant('2026-05-02', 480, 'Asia/Seoul').toISOString()).toBe('2026-05-01T23:00:00.000Z');
    expect(firings('2026-05-01T20:00:00Z', 6, 480, 'Asia/Seoul')).toEqual(['2026-05-01T23:00:00.000Z']);
  });

  it('after downtime fires once, marked delayed, and never for the days it missed', () => {
    const done = new Set<string>();
    const schedule = { minutes: 480, timeZone: 'UTC' };
    // Down from Monday 07:00 to Wednesday 10:00: Monday's and Tuesday's digests are not sent late.
    const due = dueDigest(new Date('2026-06-03T10:00:00Z'), schedule, (d) => done.has(d));
    expect(due).toEqual({ date: '2026-06-03', scheduledAt: new Date('2026-06-03T08:00:00Z'), delayed: true });
    done.add('2026-06-03');
    expect(dueDigest(new Date('2026-06-03T10:01:00Z'), schedule, (d) => done.has(d))).toBeNull();
    expect(dueDigest(new Date('2026-06-03T08:05:00Z'), schedule, () => false)?.delayed).toBe(false);
  });

  it('gives the next digest time: later today, or tomorrow once today is done', () => {
    const schedule = { minutes: 480, timeZone: NY };
    expect(nextDigestAt(new Date('2026-03-07T12:00:00Z'), schedule, false).toISOString()).toBe(
      '2026-03-07T13:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-03-07T14:00:00Z'), schedule, true).toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
  });
});

describe('parseClock', () => {
  it.each([
    ['8:30', 510],
    ['08:30', 510],
    ['8', 480],
    ['8am', 480],
    ['12am', 0],
    ['12pm', 720],
    ['7:15pm', 1155],
    ['23:59', 1439],
  ])('%s → %i', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each(['24:00', '8:60', '13pm', 'noon', '', '8:5'])('refuses %j', (text) => {
    expect(parseClock(text)).toBeNull();
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { requestLimits, slidingWindow } from '../../src/limits/rate.ts';

describe('request limits', () => {
  it('allows a user N requests a minute, then says when to try again', () => {
    let t = 0;
    const limits = requestLimits({ userPerMinute: 3, channelPerMinute: 100 }, () => t);
    const who = { teamId: 'T1', channel: 'C1', user: 'U1' };
    for (let i = 0; i < 3; i++) {
      t += 1000;
      limits.check(who);
    }
    t = 20_000;
    expect(() => limits.check(who)).toThrow(
      'You have made 3 requests in the last minute; try again in 41 seconds.',
    );
    // Another user, or the same user id in another workspace, is counted apart.
    limits.check({ ...who, user: 'U2' });
    limits.check({ ...who, teamId: 'T2' });
    t = 61_001;
    limits.check(who);
  });

  it('limits a busy channel across its users', () => {
    const limits = requestLimits({ userPerMinute: 100, channelPerMinute: 2 }, () => 0);
    limits.check({ teamId: 'T1', channel: 'C1', user: 'U1' });
    limits.check({ teamId: 'T1', channel: 'C1', user: 'U2' });
    expect(() => limits.check({ teamId: 'T1', channel: 'C1', user: 'U3' })).toThrow(
      /This channel has made 2 requests/,
    );
    limits.check({ teamId: 'T1', channel: 'C2', user: 'U3' });
  });

  it('counts refused requests against nobody, and 0 means no limit', () => {
    let t = 0;
    const window = slidingWindow(1, 1000, () => t);
    expect(window.take('k')).toBeNull();
    t = 500;
    expect(window.take('k')).toBe(500);
    t = 1000;
    expect(window.take('k')).toBeNull();
    const open = slidingWindow(0, 1000, () => t);
    for (let i = 0; i < 100; i++) expect(open.take('k')).toBeNull();
  });
});

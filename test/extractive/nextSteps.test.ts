import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extractive/names.ts';
import { findNextSteps, MAX_NEXT_STEPS } from '../../src/extractive/nextSteps.ts';
import { findTimeSpans } from '../../src/extractive/when.ts';

const steps = (text: string, publishedAt: string | null) => {
  const a = analyse(text);
  return findNextSteps(a, publishedAt, findTimeSpans(a, publishedAt));
};

describe('nextSteps', () => {
  it('takes scheduling sentences and dates them in the future tense', () => {
    const text = [
      'The leaders met in Tokyo on the 23rd.',
      'President Lee will hold a summit with President Trump at the White House on the 25th (local time).',
      'The committee is scheduled to meet in September.',
      'The company plans to open a plant next year.',
    ].join(' ');
    expect(steps(text, '2025-08-24T09:00:00+09:00').map((s) => s.date)).toEqual([
      '2025-08-25',
      '2025-09',
      '2026',
    ]);
    expect(steps(text, null).map((s) => s.date)).toEqual([null, null, null]);
  });

  it('ignores forecasts, warnings, quoted plans and plain past events', () => {
    const text = [
      'Meteorologists expect the winds to ease by Wednesday.',
      'The bank forecast that inflation would fall to 2.5% by the middle of 2026.',
      'Authorities warned that the risk of new fires would remain very high until the end of the week.',
      '"We will hold talks next month," the minister said.',
      'The talks were held on Monday.',
    ].join(' ');
    expect(steps(text, '2025-03-10')).toEqual([]);
  });

  it('gives verbatim evidence and a statement without attribution; caps the list', () => {
    const text = Array.from(
      { length: 6 },
      (_, i) => `Minister ${'ABCDEF'[i]} will visit city number ${i + 1} in May, the office said.`,
    ).join(' ');
    const got = steps(text, '2025-03-10');
    expect(got).toHaveLength(MAX_NEXT_STEPS);
    for (const s of got) {
      expect(text.includes(s.evidence)).toBe(true);
      expect(s.statement).not.toMatch(/office said/);
      expect(s.date).toBe('2025-05');
    }
  });
});

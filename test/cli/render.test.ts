import { describe, expect, it } from 'vitest';
import type { BriefResult } from '../../src/brief/engine.ts';
import { renderBrief } from '../../src/cli/render.ts';
import { extractiveMeta } from '../store/helpers.ts';

const sentence = 'He will hold a summit with U.S. President Donald Trump at the White House on the 25th.';
const agreement = 'They also agreed to expand cooperation in hydrogen and artificial intelligence.';

function result(brief: Partial<BriefResult['brief']>): BriefResult {
  return {
    brief: {
      headline: 'Lee and Ishiba meet in Tokyo',
      summary: 'The leaders met.',
      who: [],
      where: [],
      when: [],
      agreements: [],
      nextSteps: [],
      ...brief,
    },
    sources: [],
    meta: extractiveMeta(),
  } as BriefResult;
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('renderBrief', () => {
  it('shows an item whose statement is its quote once', () => {
    const out = renderBrief(
      result({
        agreements: [{ statement: agreement, parties: ['Lee', 'Ishiba'], evidence: agreement }],
        nextSteps: [{ statement: sentence, date: '2025-08-25', evidence: sentence }],
      }),
    );
    expect(count(out, 'cooperation in hydrogen')).toBe(1);
    expect(count(out, 'hold a summit with')).toBe(1);
    expect(out).toContain(`“${sentence}” (2025-08-25)`);
    expect(out).toContain('[Lee, Ishiba]');
  });

  it('keeps a statement in other words above its quote', () => {
    const out = renderBrief(
      result({ nextSteps: [{ statement: 'Lee meets Trump', date: null, evidence: sentence }] }),
    );
    expect(out).toContain('• Lee meets Trump');
    expect(out).toContain(`“${sentence}”`);
  });
});

import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../src/views/blocks.ts';
import {
  aliasesMessage,
  olderStoriesText,
  otherStoriesLine,
  storyCoverageLine,
  suggestedWindowDays,
} from '../../src/views/stories.ts';

describe('story views', () => {
  it('names the other stories with their source counts and how to ask for each', () => {
    expect(
      otherStoriesLine([
        { id: 7, headline: 'South Korea edge Japan 2-1', sources: 2 },
        { id: 9, headline: 'Finance ministers warn', sources: 1 },
      ]),
    ).toBe(
      '2 more stories: South Korea edge Japan 2-1 (2 sources, `/brief story 7`); Finance ministers warn (1 source, `/brief story 9`)',
    );
    expect(otherStoriesLine([])).toBeNull();
  });

  it('defuses what an article headline could do in Slack', () => {
    const line = otherStoriesLine([
      { id: 1, headline: 'Alert <!channel> & <https://x.example|click>', sources: 1 },
    ]);
    expect(line).not.toContain('<!channel>');
    expect(line).not.toContain('<https://');
    expect(line).toContain('&amp;');
  });

  it('says how much of a story a brief read', () => {
    expect(storyCoverageLine(1, 1)).toBeNull();
    expect(storyCoverageLine(3, 3)).toBe('From all 3 articles on this story');
    expect(storyCoverageLine(3, 5)).toBe("From the 3 most informative of this story's 5 articles");
  });

  it('suggests a window that reaches the latest older story', () => {
    const now = new Date('2026-03-18T09:00:00Z');
    expect(suggestedWindowDays('2026-03-10T07:15:00Z', now)).toBe(10);
    expect(suggestedWindowDays('2020-01-01T00:00:00Z', now)).toBe(365);
    expect(olderStoriesText('chips', 7, { headline: 'Busan deal', lastAt: '2026-03-10T07:15:00Z' }, 10)).toBe(
      'No story about "chips" in the last 7 days. The latest is from 2026-03-10 ("Busan deal"): try `/brief chips 10d`.',
    );
  });

  it('lists aliases within the limits, escaped', () => {
    const msg = aliasesMessage(new Map([['korea', ['south korea', 'seoul <b>']]]));
    expect(msg.response_type).toBe('ephemeral');
    expect(JSON.stringify(msg.blocks)).toContain('*korea* → south korea, seoul &lt;b&gt;');
    expect(limitViolations(msg)).toEqual([]);
    expect(JSON.stringify(aliasesMessage(new Map()).blocks)).toContain('/brief alias korea =');
  });
});

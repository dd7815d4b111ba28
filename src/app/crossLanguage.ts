/*
 * `/brief <topic>` across languages (issue 19): a Korean and a Japanese report of one summit share
 * no words, so clustering keeps them apart and search returns them as two stories. Here the stories
 * a topic search found are grouped by event (stories/crossLanguage.ts: places, days, numbers, Latin
 * names and kinds of event must agree), and a group's reports are briefed together. A group ranks
 * as its best story would with all the group's matching outlets, the way a story's own outlets
 * count in topic search (stories/topic.ts rankStories).
 */
import type { Article } from '../ingest/article.ts';
import type { Story, StoryMatch } from '../store/stories.ts';
import {
  type LanguageStory,
  languageOf,
  languageStory,
  sameEventAcrossLanguages,
} from '../stories/crossLanguage.ts';
import { articlesForBrief, MIN_TOKENS_PER_ARTICLE } from '../stories/select.ts';

/** Stories a topic search returns to be grouped: the best, the ones named, and a few more. */
export const JOIN_CANDIDATES = 8;

export interface EventGroup {
  /** The best-ranked story of the group, then its reports in other languages, best first. */
  stories: StoryMatch[];
  score: number;
}

/** The found stories (best first, with their articles) as events, best first. */
export function groupByEvent(found: readonly StoryMatch[]): EventGroup[] {
  const groups: { stories: StoryMatch[]; lead: LanguageStory }[] = [];
  for (const story of found) {
    const signature = languageStory(story.articles, story);
    // Only a group's first story is compared: a join is never a chain of weaker likenesses. The
    // lead carries the group's languages, so a second report in a language already there is not
    // joined (it is the same language's own story, which clustering kept apart).
    const group =
      story.articles.length > 0
        ? groups.find((g) => g.stories[0]?.articles.length && sameEventAcrossLanguages(g.lead, signature))
        : undefined;
    if (group) {
      group.stories.push(story);
      for (const l of signature.languages) group.lead.languages.add(l);
    } else groups.push({ stories: [story], lead: signature });
  }
  return groups
    .map((g) => ({ stories: g.stories, score: groupScore(g.stories) }))
    .sort((a, b) => b.score - a.score);
}

function groupScore(stories: readonly StoryMatch[]): number {
  const [lead] = stories as [StoryMatch];
  if (stories.length === 1) return lead.score;
  const matches = stories.reduce((n, s) => n + s.matches, 0);
  return (lead.score * (1 + 0.25 * Math.log(matches))) / (1 + 0.25 * Math.log(Math.max(lead.matches, 1)));
}

/**
 * The articles a joined brief reads: every story's own most informative ones, each story getting
 * a fair share of `maxArticles` (at least one), so each language is read.
 */
export function articlesAcrossStories<A extends Article>(
  stories: readonly (Omit<Story, 'articles'> & { articles: A[] })[],
  opts: { maxArticles: number; maxTokens?: number | null },
): A[] {
  if (stories.length === 1) return articlesForBrief((stories[0] as { articles: A[] }).articles, opts);
  const byTokens = opts.maxTokens
    ? Math.floor(opts.maxTokens / MIN_TOKENS_PER_ARTICLE)
    : Number.POSITIVE_INFINITY;
  const limit = Math.max(stories.length, Math.min(opts.maxArticles, byTokens));
  const out: A[] = [];
  stories.forEach((story, i) => {
    // An even share of what is left; what a story cannot use (short articles) goes to the next.
    const share = Math.max(1, Math.floor((limit - out.length) / (stories.length - i)));
    out.push(...articlesForBrief(story.articles, { maxArticles: share, maxTokens: null }));
  });
  return out;
}

/** The languages of a story's articles ("ko"), in order of first appearance. */
export function storyLanguages(story: Pick<Story, 'articles'>): string[] {
  return [...new Set(story.articles.map(languageOf))];
}

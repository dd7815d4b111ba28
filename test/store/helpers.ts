import type { BriefResult } from '../../src/brief/engine.ts';
import type { Article } from '../../src/ingest/article.ts';
import type { Db } from '../../src/store/db.ts';

/** Empties every table and restarts ids, so tests sharing one database start alike. */
export async function truncateAll(db: Db): Promise<void> {
  await db.exec(
    'TRUNCATE articles, briefs, brief_articles, thread_turns, slack_events RESTART IDENTITY CASCADE',
  );
}

export function article(overrides: Partial<Article> = {}): Article {
  return {
    text: 'Leaders met on Tuesday to discuss trade.',
    title: null,
    source: 'test',
    url: null,
    siteName: null,
    lang: 'en',
    publishedAt: null,
    ...overrides,
  };
}

export function result(headline: string): BriefResult {
  return {
    brief: { headline } as unknown as BriefResult['brief'],
    sources: [],
    meta: {
      engine: 'extractive',
      model: null,
      promptVersion: null,
      usage: null,
      attempts: 0,
      truncated: false,
      dropped: [],
      adjustments: [],
      fallbackReason: null,
    },
  };
}

import type { BriefResult } from '../../src/brief/engine.ts';
import type { Article } from '../../src/ingest/article.ts';

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

/** The meta of an extractive brief that dropped and adjusted nothing. */
export function extractiveMeta(): BriefResult['meta'] {
  return {
    engine: 'extractive',
    model: null,
    promptVersion: null,
    usage: null,
    attempts: 0,
    truncated: false,
    dropped: [],
    adjustments: [],
    fallbackReason: null,
  };
}

export function result(headline: string): BriefResult {
  return {
    brief: { headline } as unknown as BriefResult['brief'],
    sources: [],
    meta: extractiveMeta(),
  };
}

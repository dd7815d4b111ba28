import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BriefResult, briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { looksLikeInstruction } from '../../src/brief/injection.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { ITEM_FIELDS } from '../../src/brief/schema.ts';
import { quoteFinder } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import type { Article } from '../../src/ingest/article.ts';
import {
  type ChatBody,
  COMPLETIONS,
  client,
  LLM_HOST,
  recorded,
  settings,
  silentLogger,
} from '../helpers/llm.ts';
import { assertInert, CASES, injectionArticle, postedMessages } from './helpers.ts';

/*
 * fixtures/injection/*.txt are news articles carrying attacks; fixtures/llm/injection-*.json are
 * replies of a model that obeyed them. Each goes through the real pipeline (ingest → verify →
 * Slack blocks) and the posted messages must carry none of the attack.
 */

function engine(): EngineDeps {
  return {
    engine: 'llm',
    fallback: 'none',
    extractive: extractiveBrief,
    logger: silentLogger,
    llm: { client: client({ maxRetries: 0 }), settings: settings(), prompt: loadPrompt('brief') },
  };
}

afterEach(() => nock.cleanAll());

describe.each(CASES)('injection: $name', (c) => {
  let article: Article;
  let result: BriefResult;
  let sent: ChatBody | undefined;

  beforeAll(async () => {
    article = await injectionArticle(c.name);
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => {
        sent = body as ChatBody;
        return true;
      })
      .reply(200, recorded(`injection-${c.name}`));
    result = await briefArticles([article], engine());
  });

  it('posts nothing of the attack: no mention, no foreign link, no markup, no injected words', () => {
    const posted = postedMessages(result);
    assertInert(posted, { sources: [article.url], requester: 'U0001', forbidden: c.forbidden });
    const all = JSON.stringify(posted.map((m) => m.blocks));
    for (const k of c.kept) expect(all).toContain(k);
  });

  it('sent the model the article as data: outside the system message, no invisible characters', () => {
    const [system, user] = sent?.messages ?? [];
    expect(system?.role).toBe('system');
    const firstLine = article.text.split('\n')[0] ?? '';
    expect(system?.content).not.toContain(firstLine);
    expect(user?.content).toContain(firstLine);
    expect(user?.content).not.toMatch(/[\u200B\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]/u);
  });

  it('keeps only items whose quote is in the article and is not the injection', () => {
    const find = quoteFinder([article]);
    for (const field of ITEM_FIELDS) {
      for (const item of result.brief[field]) {
        expect(find(item.evidence), item.evidence).toBe(0);
        expect(looksLikeInstruction(item.evidence), item.evidence).toBe(false);
      }
    }
    expect(result.meta.dropped.length + result.meta.adjustments.length).toBeGreaterThan(0);
  });

  it('replaces a pushed headline with the article’s title', () => {
    if (!c.headlineReplaced) return;
    expect(result.brief.headline).toBe(article.title);
    const header = postedMessages(result)[0]?.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(article.title);
    // …and says so under the brief.
    expect(JSON.stringify(postedMessages(result)[0]?.blocks)).toMatch(
      /unsupported headline.* replaced from the article/,
    );
  });
});

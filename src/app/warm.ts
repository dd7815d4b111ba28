import { randomBytes } from 'node:crypto';
import type OpenAI from 'openai';
import { briefArticles } from '../brief/engine.ts';
import type { Brief, BriefDraft } from '../brief/schema.ts';
import { articlesForBrief } from '../stories/select.ts';
import { OTHER_STORIES } from '../stories/topic.ts';
import { briefMessage } from '../views/brief.ts';
import type { AppDeps } from './handlers.ts';

/*
 * Right after a start, the first request of each kind paid for what nothing had used yet: the
 * embedded PostgreSQL's catalog and plan caches for each table and query, V8's first compile of the
 * parsers, the verifier and the message builders. The first `/brief` commands after a deploy
 * then acked slowly (bench/load.ts --cold). So before the app takes requests (and /readyz can say
 * ready) it walks the read path of a `/brief <topic>` once: the workspace settings, the topic search,
 * the brief cache and the usage meter, then an extractive brief of the newest story, verified and
 * rendered; with an LLM configured, also an LLM brief whose reply is that extractive brief, answered
 * in-process by `offlineReplies` (the request is built, the reply parsed, validated and verified).
 * Read-only: nothing is stored, nothing is posted, and nothing leaves the process.
 */

/** A fetch for a warm-up LLM client: answers every chat completion with `reply()`, locally. */
export function offlineReplies(reply: () => Brief | null): typeof fetch {
  return async () =>
    new Response(
      JSON.stringify({
        id: 'warm-up',
        object: 'chat.completion',
        created: 0,
        model: 'warm-up',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: JSON.stringify(asDraft(reply())), refusal: null },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
}

/**
 * A delivered brief as the model writes one (summary as [sentence, quote] pairs). The extractive
 * summary is the article's own sentences, so each is its own quote.
 */
function asDraft(brief: Brief | null): BriefDraft | null {
  if (!brief) return null;
  const { summary, summaryEvidence: _evidence, ...rest } = brief;
  return { ...rest, summary: summary ? [[summary, summary]] : [] };
}

export interface WarmResult {
  ms: number;
  /** False when the store has no story yet (the brief, verifier and views were not exercised). */
  briefed: boolean;
}

export interface WarmOptions {
  /** An LLM client whose fetch is `offlineReplies(…)`, fed the extractive brief (see main.ts). */
  offlineLlm?: { client: OpenAI; feed: (brief: Brief) => void };
  now?: Date;
}

export async function warmUp(deps: AppDeps, opts: WarmOptions = {}): Promise<WarmResult> {
  const now = opts.now ?? new Date();
  const started = performance.now();
  const { store } = deps;
  const windowDays = deps.topicWindowDays;
  await store.settings.get('');
  await store.usage.tokensOn('', now);
  await deps.engine.cache?.get(randomBytes(16).toString('hex'));
  const [latest] = await store.stories.list(null, { teamId: null, now, windowDays, limit: 1 });
  // A word of the newest headline finds that story again through the topic search's own query.
  const word = latest?.headline.split(/\s+/).find((w) => /^\p{L}{4,}$/u.test(w));
  const [best] = word
    ? await store.stories.search(word, {
        teamId: null,
        now,
        windowDays,
        limit: 1 + OTHER_STORIES,
        withArticles: 1,
      })
    : [];
  const story = best ?? latest;
  if (!story || story.articles.length === 0) return { ms: performance.now() - started, briefed: false };
  await store.stories.byId(story.id);
  const articles = articlesForBrief(story.articles, {
    maxArticles: deps.articlesPerBrief,
    maxTokens: deps.engine.llm?.settings.maxArticleTokens ?? null,
  });
  const result = await briefArticles(articles, { ...deps.engine, engine: 'extractive', cache: undefined });
  briefMessage(result, { query: word ?? story.headline, showFollowButton: true });
  const { llm } = deps.engine;
  if (llm && opts.offlineLlm) {
    opts.offlineLlm.feed(result.brief);
    const offline = { ...llm, client: opts.offlineLlm.client };
    const written = await briefArticles(articles, {
      ...deps.engine,
      engine: 'llm',
      fallback: 'none',
      llm: offline,
      cache: undefined,
    });
    briefMessage(written, { query: word ?? story.headline, showFollowButton: true });
  }
  return { ms: performance.now() - started, briefed: true };
}

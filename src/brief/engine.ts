import type OpenAI from 'openai';
import { UserError } from '../errors.ts';
import type { Article } from '../ingest/article.ts';
import { assertReadable } from '../ingest/text.ts';
import type { Logger } from '../log.ts';
import { scriptLanguage } from '../text/cjk.ts';
import { type BriefCache, briefCacheKey, claimOrWait, releaseClaim, singleFlight } from './cache.ts';
import { generateBrief, type LlmSettings, type Usage } from './generate.ts';
import { type BriefLanguage, translatedFrom } from './language.ts';
import type { Prompt } from './prompt.ts';
import type { Adjustment, Brief, DroppedItem, RejectedClaim } from './schema.ts';
import { briefStreamer, type StreamPiece } from './stream.ts';
import { verifyBrief } from './verify.ts';

export type EngineName = 'llm' | 'extractive';

export interface Source {
  url: string | null;
  title: string | null;
  siteName: string | null;
  publishedAt: string | null;
  /** The article's language (BCP 47, "ko"), from the page or read off its script; absent in briefs stored before it. */
  lang?: string | null;
}

/** The --json contract: { brief, sources, meta }. */
export interface BriefResult {
  brief: Brief;
  sources: Source[];
  meta: {
    engine: EngineName;
    model: string | null;
    promptVersion: string | null;
    usage: Usage | null;
    attempts: number;
    truncated: boolean;
    dropped: DroppedItem[];
    adjustments: Adjustment[];
    /**
     * Model-written sentences (summary, headline, roles) removed by the claim check, with reasons;
     * its length is the count. Optional only for results cached before issue 17.
     */
    rejectedClaims?: RejectedClaim[];
    /** Why the extractive engine answered instead of the LLM, when it did. */
    fallbackReason: string | null;
    /**
     * True when the brief came from the cache (no LLM call for this request). The engine always
     * sets it; optional only so results stored before the cache existed still type-check.
     */
    cached?: boolean;
    /**
     * Set when the brief is written in another language than its articles (issue 19): the
     * language, and which checks its translated sentences went through (the footer says it).
     */
    briefLanguage?: BriefLanguage;
    languageChecks?: string | null;
  };
}

export interface EngineDeps {
  /** null when no LLM is configured. */
  llm: { client: OpenAI; settings: LlmSettings; prompt: Prompt } | null;
  /** auto: the LLM when configured, else extractive. */
  engine: 'auto' | EngineName;
  /** What to do when the LLM call fails. */
  fallback: 'extractive' | 'none';
  extractive: (article: Article) => Brief;
  logger: Logger;
  /**
   * Verified LLM briefs by story, prompt version and model: a hit costs no LLM call, and identical
   * requests in flight together make one. Extractive briefs are not cached: they are local and cheap.
   */
  cache?: BriefCache;
  /** false: never stream the model's reply (LLM_STREAM=false); absent: stream when asked to. */
  stream?: boolean;
  /** The language LLM briefs are written in (the workspace's setting); absent: English. */
  briefLanguage?: BriefLanguage;
}

/** What a caller may ask of one brief beyond the brief itself. */
export interface BriefOptions {
  /**
   * Called with each verified piece as the model writes it, when the brief comes from a fresh
   * LLM reply (not the offline engine, not the cache). The result is the same either way.
   */
  onPiece?: (piece: StreamPiece) => void;
}

export const NO_LLM_NOTE =
  'No LLM is configured, so this brief is extractive (sentences taken from the article). Set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, for written briefs.';

/**
 * Articles on one story in (most relevant first), verified brief out. Nothing reaches the LLM
 * unless every article is readable. The extractive engine works from the first article.
 */
export async function briefArticles(
  articles: readonly Article[],
  deps: EngineDeps,
  options: BriefOptions = {},
): Promise<BriefResult> {
  const [article] = articles;
  if (!article) throw new UserError('no-articles', 'there are no articles to brief');
  for (const a of articles) assertReadable(a);
  const useLlm = deps.engine === 'llm' || (deps.engine === 'auto' && deps.llm !== null);
  if (!useLlm || !deps.llm) {
    return finish(articles, extractiveDraft(articles, deps.extractive), deps, {
      engine: 'extractive',
      fallbackReason: deps.engine === 'auto' ? NO_LLM_NOTE : null,
    });
  }
  try {
    return await llmBrief(articles, deps.llm, deps, deps.stream === false ? {} : options);
  } catch (err) {
    if (deps.fallback !== 'extractive' || !(err instanceof UserError)) throw err;
    deps.logger.warn(
      { code: err.code, source: article.source },
      'LLM failed; answering with the extractive engine',
    );
    // Never cached: the next request tries the LLM again.
    return finish(articles, extractiveDraft(articles, deps.extractive), deps, {
      engine: 'extractive',
      fallbackReason: `The LLM failed (${err.message}), so this brief is extractive.`,
    });
  }
}

/**
 * Offline, the brief is the first article's own sentences. Reports of one event in several
 * languages (a topic brief joining them, issue 19) are each read: the first article of each
 * language, their items side by side, so the brief shows what each language's press says.
 */
function extractiveDraft(articles: readonly Article[], extractive: EngineDeps['extractive']): Brief {
  const firstOfLanguage = new Map<string, Article>();
  for (const a of articles) {
    const language = scriptLanguage(a.text) ?? a.lang?.toLowerCase().split(/[-_]/)[0] ?? 'en';
    if (!firstOfLanguage.has(language)) firstOfLanguage.set(language, a);
  }
  const [first, ...rest] = [...firstOfLanguage.values()].map(extractive) as [Brief, ...Brief[]];
  if (rest.length === 0) return first;
  const all = [first, ...rest];
  return {
    ...first,
    who: interleave(all.map((b) => b.who)),
    where: interleave(all.map((b) => b.where)),
    when: interleave(all.map((b) => b.when)),
    agreements: interleave(all.map((b) => b.agreements)),
    nextSteps: interleave(all.map((b) => b.nextSteps)),
  };
}

/** [a1, b1, a2, b2, …]: each list's best items first. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const l of lists) if (i < l.length) out.push(l[i] as T);
  }
  return out;
}

type LlmDeps = NonNullable<EngineDeps['llm']>;

/** How often a replica waiting on another's claim looks for the brief. */
const CLAIM_POLL_MS = 250;

/**
 * Long enough for a normal generation (a reply and a repair turn, each within the timeout); a
 * claim that runs out early costs a second call at worst, and a crashed replica's claim lapses.
 */
function claimTtlMs(settings: LlmDeps['settings']): number {
  return 2 * settings.timeoutMs + 5_000;
}

/** The LLM's verified brief, through the cache when there is one. Throws what the LLM call throws. */
async function llmBrief(
  articles: readonly Article[],
  llm: LlmDeps,
  deps: EngineDeps,
  options: BriefOptions,
): Promise<BriefResult> {
  const { cache, logger } = deps;
  if (!cache) return generateVerified(articles, llm, deps, options);
  const key = briefCacheKey(articles, {
    engine: 'llm',
    model: llm.settings.model,
    promptVersion: llm.prompt.version,
    maxArticleTokens: llm.settings.maxArticleTokens,
    language: deps.briefLanguage ?? 'en',
  });
  const log = { key: key.slice(0, 16), model: llm.settings.model, promptVersion: llm.prompt.version };
  // The cache is an optimisation: when the database fails, brief anyway and say so in the log.
  const read = () =>
    cache.get(key).catch((err: unknown) => {
      logger.warn({ ...log, err }, 'brief cache read failed; briefing without it');
      return null;
    });
  const onClaimError = (err: unknown) => logger.warn({ ...log, err }, 'brief cache claim failed');
  const cached = (hit: BriefResult): BriefResult => {
    logger.info(log, 'brief cache hit');
    return { ...hit, meta: { ...hit.meta, cached: true } };
  };
  const flight = singleFlight(cache, key, async () => {
    const hit = await read();
    if (hit) return cached(hit);
    const claimed = await claimOrWait(cache, key, {
      ttlMs: claimTtlMs(llm.settings),
      pollMs: CLAIM_POLL_MS,
      read,
      onError: onClaimError,
    });
    if ('hit' in claimed) return cached(claimed.hit);
    try {
      // Only the caller that makes the LLM call sees the stream; one that joins it waits whole.
      const fresh = await generateVerified(articles, llm, deps, options);
      await cache.put(key, fresh).catch((err: unknown) => {
        logger.warn({ ...log, err }, 'brief cache write failed');
      });
      return fresh;
    } finally {
      // After the write, so a replica waiting on the claim finds the brief when the claim goes.
      await releaseClaim(cache, key, claimed.token, onClaimError);
    }
  });
  if (flight.joined) logger.info(log, 'joined an identical brief in flight');
  const shared = await flight.promise;
  // Everyone who joined resumes on the same reply; one per turn of the event loop, so the acks of
  // requests arriving meanwhile are answered between them rather than after them all.
  if (flight.joined) await nextTurn();
  // Each caller gets its own copy, with sources in its own order (the key ignores order).
  return { ...structuredClone(shared), sources: articles.map(sourceOf) };
}

let turns: Promise<void> = Promise.resolve();

/** Resolves one event-loop turn (I/O included) after the previous caller's turn. */
function nextTurn(): Promise<void> {
  turns = turns.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return turns;
}

async function generateVerified(
  articles: readonly Article[],
  llm: LlmDeps,
  deps: EngineDeps,
  options: BriefOptions = {},
): Promise<BriefResult> {
  const { client, settings, prompt } = llm;
  const onPiece = options.onPiece;
  const streamer = onPiece
    ? briefStreamer(
        articles,
        (piece) => {
          // Showing is best effort: a failing viewer never costs the brief.
          try {
            onPiece(piece);
          } catch (err) {
            deps.logger.warn({ err }, 'a streamed piece could not be shown');
          }
        },
        deps.briefLanguage,
      )
    : null;
  const generated = await generateBrief(
    articles,
    { client, settings, prompt, logger: deps.logger, language: deps.briefLanguage },
    streamer
      ? {
          onSnapshot: (text) => {
            try {
              streamer.feed(text);
            } catch (err) {
              deps.logger.warn({ err }, 'could not read the streamed reply so far');
            }
          },
        }
      : undefined,
  );
  return finish(articles, generated.brief, deps, {
    engine: 'llm',
    model: settings.model,
    promptVersion: prompt.version,
    usage: generated.usage,
    attempts: generated.attempts,
    truncated: generated.truncated,
  });
}

function finish(
  articles: readonly Article[],
  draft: Brief,
  deps: EngineDeps,
  meta: Partial<BriefResult['meta']> & { engine: EngineName },
): BriefResult {
  // Only the LLM writes in another language; the extractive engine's words are the article's own.
  const language = meta.engine === 'llm' ? deps.briefLanguage : undefined;
  const verified = verifyBrief(draft, articles, { language });
  if (verified.dropped.length > 0) {
    deps.logger.info(
      {
        sources: articles.map((a) => a.source),
        dropped: verified.dropped.map((d) => `${d.field}:${d.reason}`),
      },
      'verification dropped items',
    );
  }
  for (const r of verified.rejectedClaims) {
    deps.logger.info(
      {
        sources: articles.map((a) => a.source),
        field: r.field,
        reason: r.reason,
        detail: r.detail,
        text: r.text,
      },
      'claim check rejected a model-written sentence',
    );
  }
  return {
    brief: verified.brief,
    sources: articles.map(sourceOf),
    meta: {
      model: null,
      promptVersion: null,
      usage: null,
      attempts: 0,
      truncated: false,
      fallbackReason: null,
      cached: false,
      ...meta,
      dropped: verified.dropped,
      adjustments: verified.adjustments,
      rejectedClaims: verified.rejectedClaims,
      ...(language && language !== 'en'
        ? { briefLanguage: language, languageChecks: translatedFrom(language, articles.map(sourceOf)) }
        : {}),
    },
  };
}

/** A file's name (`summit-tokyo.txt`) names a source without a title; a URL or stdin does not. */
function fileName(source: string): string | null {
  if (!source || source === '-' || /^[a-z][\w+.-]*:/i.test(source)) return null;
  return source.split(/[\\/]/).pop() || null;
}

export function sourceOf(article: Article): Source {
  return {
    url: article.url,
    title: article.title ?? fileName(article.source),
    siteName: article.siteName,
    publishedAt: article.publishedAt,
    lang: article.lang || scriptLanguage(article.text),
  };
}

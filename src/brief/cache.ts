import { createHash } from 'node:crypto';
import type { Article } from '../ingest/article.ts';
import { contentHash } from '../text/hash.ts';
import type { BriefResult } from './engine.ts';

/**
 * Where verified LLM briefs are kept between requests (store.briefCache in the app). The engine
 * decides what goes in and when; an implementation only stores and returns results by key.
 */
export interface BriefCache {
  get(key: string): Promise<BriefResult | null>;
  /** Same key again replaces the result (two replicas racing both write; one row remains). */
  put(key: string, result: BriefResult): Promise<void>;
  /**
   * Optional, for replicas sharing one database: the right to make `key` for `ttlMs`. A token when
   * this caller now holds it (no claim, or only an expired one), null while another claim is live.
   */
  claim?(key: string, ttlMs: number): Promise<string | null>;
  /** Gives up a claim; a no-op when the token no longer holds it (it expired and was taken). */
  release?(key: string, token: string): Promise<void>;
}

/** Bump when BriefResult's shape or verification changes, so older cached briefs are never served. */
export const CACHE_FORMAT = 1;

export interface CacheKeyParts {
  engine: 'llm';
  model: string;
  promptVersion: string;
  /** The budget decides how much of each article the model reads. */
  maxArticleTokens: number;
  /** The language the brief is written in (issue 19): a Korean and an English brief differ. */
  language?: string;
}

/**
 * sha256 of what the brief is made from. The articles count as a set (sorted fingerprints): a story
 * is the same story whichever article a search or a channel ranks first, so every channel shares one
 * brief. Each budget slice is equal, so order changes nothing the model is cut to, and the caller's
 * own order is restored in `sources`. A fingerprint is the content hash the store dedupes articles by
 * plus the metadata the prompt shows: the publication date anchors date checks in verification.
 */
export function briefCacheKey(articles: readonly Article[], parts: CacheKeyParts): string {
  const fingerprints = articles
    .map((a) => sha256(JSON.stringify([contentHash(a.text), a.title, a.siteName, a.publishedAt])))
    .sort();
  return sha256(
    JSON.stringify({
      format: CACHE_FORMAT,
      engine: parts.engine,
      model: parts.model,
      promptVersion: parts.promptVersion,
      maxArticleTokens: parts.maxArticleTokens,
      language: parts.language ?? 'en',
      articles: fingerprints,
    }),
  );
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/*
 * Single flight: identical requests in flight at once share one promise, so they make one LLM call
 * and all get its result, or all get its error (errors are never cached). The map is per cache
 * object, i.e. per store, so it lives as long as the process's store does.
 *
 * Across replicas on one PostgreSQL (several processes), `claimOrWait` adds a claim row: the first
 * replica claims the key, the others poll for its result. The claim expires (a crashed replica
 * holds nobody up for longer than its ttl); a replica that outlives its claim, or a database that
 * fails, costs at most a second LLM call, and the key is the table's primary key, so that second
 * write is an upsert: one row remains. Nothing holds a transaction open across the LLM call.
 */
const flights = new WeakMap<BriefCache, Map<string, Promise<BriefResult>>>();

export function singleFlight(
  cache: BriefCache,
  key: string,
  run: () => Promise<BriefResult>,
): { promise: Promise<BriefResult>; joined: boolean } {
  let inFlight = flights.get(cache);
  if (!inFlight) {
    inFlight = new Map();
    flights.set(cache, inFlight);
  }
  const existing = inFlight.get(key);
  if (existing) return { promise: existing, joined: true };
  const map = inFlight;
  // Removed as soon as it settles, before any waiter resumes: a failure is retried by the next request.
  const promise = run().finally(() => map.delete(key));
  map.set(key, promise);
  return { promise, joined: false };
}

export type Claimed = { hit: BriefResult } | { token: string | null };

export interface ClaimOptions {
  ttlMs: number;
  pollMs: number;
  /** The cache read, errors already turned into a miss. */
  read: () => Promise<BriefResult | null>;
  /** A claim or release that failed: briefing goes on without it. */
  onError: (err: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * After a miss: takes the claim on `key` (→ token) or waits for whoever holds it to store the brief
 * (→ hit). Waiting ends at the latest after two ttls; then, or when claiming fails, the caller makes
 * the brief itself without a claim (token null).
 */
export async function claimOrWait(cache: BriefCache, key: string, opts: ClaimOptions): Promise<Claimed> {
  if (!cache.claim) return { token: null };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const giveUpAt = Date.now() + 2 * opts.ttlMs;
  for (;;) {
    let token: string | null;
    try {
      token = await cache.claim(key, opts.ttlMs);
    } catch (err) {
      opts.onError(err);
      return { token: null };
    }
    if (token !== null) {
      // The holder may have stored the brief and let go between our miss and our claim.
      const hit = await opts.read();
      if (!hit) return { token };
      await releaseClaim(cache, key, token, opts.onError);
      return { hit };
    }
    if (Date.now() >= giveUpAt) return { token: null };
    await sleep(opts.pollMs);
    const hit = await opts.read();
    if (hit) return { hit };
  }
}

export async function releaseClaim(
  cache: BriefCache,
  key: string,
  token: string | null,
  onError: (err: unknown) => void,
): Promise<void> {
  if (token === null || !cache.release) return;
  await cache.release(key, token).catch(onError);
}

/**
 * The feed corpus (fixtures/feeds/corpus): each `<name>.xml|.json` with `<name>.expected.json`,
 * written by hand: the URL it is fetched from, its Content-Type, and the items a reader shows
 * (link, title, date). Scored by bench/feeds.ts and test/feeds/corpus.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedFeed, parseFeedBytes } from '../src/ingest/feeds.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/feeds/corpus/', import.meta.url));

export interface ExpectedFeed {
  about: string;
  url: string;
  contentType: string | null;
  format: string;
  title: string;
  items: { link: string; title: string | null; date: string | null }[];
}

export interface FeedScore {
  name: string;
  /** Parsed without an exception, as the expected format. */
  parsed: boolean;
  error: string | null;
  titleOk: boolean;
  items: number;
  /** Expected items found with the same link and title. */
  matched: number;
  /** Items the parser gave that are not expected (a wrong link, or one a reader would not show). */
  extra: number;
  dated: number;
  /** Expected dates found exactly (to the second, in UTC). */
  datesFound: number;
  misses: string[];
  ms: number;
}

export function corpusNames(dir = CORPUS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.slice(0, -'.expected.json'.length))
    .sort();
}

export function loadCase(name: string, dir = CORPUS_DIR): { bytes: Uint8Array; expected: ExpectedFeed } {
  const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as ExpectedFeed;
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && !f.endsWith('.expected.json'));
  if (!file) throw new Error(`no feed file for ${name}`);
  return { bytes: readFileSync(join(dir, file)), expected };
}

export function scoreCase(name: string, dir = CORPUS_DIR): FeedScore {
  const { bytes, expected } = loadCase(name, dir);
  const score: FeedScore = {
    name,
    parsed: false,
    error: null,
    titleOk: false,
    items: expected.items.length,
    matched: 0,
    extra: 0,
    dated: expected.items.filter((i) => i.date).length,
    datesFound: 0,
    misses: [],
    ms: 0,
  };
  const t0 = performance.now();
  let feed: ParsedFeed;
  try {
    feed = parseFeedBytes(bytes, { contentType: expected.contentType, url: expected.url });
  } catch (err) {
    score.error = err instanceof Error ? err.message : String(err);
    score.ms = performance.now() - t0;
    return score;
  }
  score.ms = performance.now() - t0;
  score.parsed = feed.format === expected.format;
  if (!score.parsed) score.misses.push(`format ${feed.format}, expected ${expected.format}`);
  score.titleOk = feed.title === expected.title;
  if (!score.titleOk) score.misses.push(`feed title ${JSON.stringify(feed.title)}`);
  const byLink = new Map(feed.items.map((i) => [i.url, i]));
  for (const want of expected.items) {
    const got = byLink.get(want.link);
    if (!got) {
      score.misses.push(`missing ${want.link}`);
      continue;
    }
    if (got.title === want.title) score.matched++;
    else score.misses.push(`title ${JSON.stringify(got.title)} ≠ ${JSON.stringify(want.title)}`);
    if (want.date && got.publishedAt === want.date) score.datesFound++;
    else if (got.publishedAt !== want.date) {
      score.misses.push(`date of ${want.link}: ${got.publishedAt} ≠ ${want.date}`);
    }
  }
  const wanted = new Set(expected.items.map((i) => i.link));
  for (const item of feed.items) {
    if (!wanted.has(item.url)) {
      score.extra++;
      score.misses.push(`unexpected ${item.url}`);
    }
  }
  return score;
}

export function scoreCorpus(dir = CORPUS_DIR): FeedScore[] {
  return corpusNames(dir).map((name) => scoreCase(name, dir));
}

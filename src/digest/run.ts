import { randomUUID } from 'node:crypto';
import type { BriefResult, Source } from '../brief/engine.ts';
import type { Logger } from '../log.ts';
import type { StoredArticle } from '../store/articles.ts';
import type { BriefStore } from '../store/briefs.ts';
import type { DigestChannel, DigestItem, DigestRecord, DigestStore } from '../store/digests.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { briefMessage, continuationMessage } from '../views/brief.ts';
import { type DigestStoryView, digestMessage, summaryFollowsMessage } from '../views/digest.ts';
import { DELAYED_AFTER_MS, dueDigest, localTime, scheduledInstant } from './schedule.ts';

/*
 * Exactly one digest per (channel, local date), by claim-then-post:
 *  1. claim: insert the (channel, date) row; the unique key lets one worker win a race.
 *  2. post the message carrying a marker (Slack message metadata with the digest id).
 *  3. record the post (status posted, ts, stories carried).
 * A crash between 2 and 3 leaves a claimed row; after its lease, the next run takes it over and
 * looks in the channel for the marker: found → recorded, not posted again; not found → posted.
 * A crash before 2 is the same case with no marker: posted once. Recording before posting could
 * not tell "posted, then crashed" from "crashed before posting", and would lose that digest.
 */

/** The marker a digest message carries, so a rescuer can tell it was posted. */
export interface DigestMarker {
  digestId: number;
  date: string;
}

export const DIGEST_EVENT_TYPE = 'newsbrief_digest';

/** The Slack side of digests: posting, and looking for an earlier post by its marker. */
export interface DigestPoster {
  post(
    target: { teamId: string; channel: string },
    message: SlackMessage,
    opts?: { threadTs?: string; marker?: DigestMarker },
  ): Promise<string>;
  /** The ts of a message in the channel carrying this marker, posted after `since`; null if none. */
  findMarker(
    target: { teamId: string; channel: string },
    marker: DigestMarker,
    since: Date,
  ): Promise<string | null>;
}

/** A story a topic matched, as the digest sees it. */
export interface DigestStory {
  /** Stable across runs (the story id). */
  key: string;
  /** Changes when the story gains an article. */
  contentKey: string;
  /** Best first; the first is the lead article. */
  articles: StoredArticle[];
}

export interface DigestDeps {
  digests: DigestStore;
  briefs: Pick<BriefStore, 'save'>;
  articlesById: (ids: number[]) => Promise<StoredArticle[]>;
  /** The topic's stories in the channel's workspace, best first. */
  findStories: (topic: string, teamId: string, now: Date) => Promise<DigestStory[]>;
  /** The cached brief engine: a story already briefed today costs no LLM call. */
  /** `channel`: whose brief language (its own, else the workspace's) the brief is written in. */
  brief: (articles: StoredArticle[], teamId: string, channel?: string) => Promise<BriefResult>;
  poster: DigestPoster;
  logger: Logger;
  now: () => Date;
  storiesPerTopic: number;
  /** The workspace's "post a nothing-new line" setting; absent: the channel's own skipEmpty decides. */
  postNothingNew?: (teamId: string) => Promise<boolean>;
  /** A claim older than this is taken to belong to a worker that died. */
  leaseMs: number;
  /** Channels handled at once (each channel's own posts stay in order). */
  concurrency: number;
}

export type DigestOutcome = 'posted' | 'skipped' | 'not-due' | 'taken' | 'recovered' | 'failed' | 'retry';

export interface DigestRunResult {
  teamId: string;
  channel: string;
  date: string | null;
  outcome: DigestOutcome;
  stories: number;
  error?: string;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;

/** Slack errors after which posting to the channel cannot work until someone acts. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'token_revoked',
  'missing_scope',
  'restricted_action',
]);

/**
 * Runs the digests that are due now (or, with `date`, that date's digest even if not due — for
 * `newsbrief digest run`). Never throws for one channel's failure: each gets an outcome.
 */
export async function runDueDigests(
  deps: DigestDeps,
  opts: { teamId?: string; channel?: string; date?: string } = {},
): Promise<DigestRunResult[]> {
  const channels = (await deps.digests.channels(opts.teamId)).filter(
    (c) => !opts.channel || c.channel === opts.channel,
  );
  const results: DigestRunResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < channels.length) {
      const ch = channels[next++] as DigestChannel;
      results.push(await runChannel(ch, deps, opts.date));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
  return results;
}

async function runChannel(
  ch: DigestChannel,
  deps: DigestDeps,
  forcedDate?: string,
): Promise<DigestRunResult> {
  const base = { teamId: ch.teamId, channel: ch.channel };
  const now = deps.now();
  let date: string;
  let delayed = false;
  if (forcedDate) {
    date = forcedDate;
  } else {
    const yesterday = localTime(new Date(now.getTime() - 86_400_000), ch.timeZone).date;
    const staleBefore = new Date(now.getTime() - deps.leaseMs);
    const done = await deps.digests.datesDone(ch.teamId, ch.channel, yesterday, staleBefore);
    const due = dueDigest(now, ch, (d) => done.has(d));
    if (!due) return { ...base, date: null, outcome: 'not-due', stories: 0 };
    date = due.date;
    delayed = due.delayed;
  }
  const claim = await deps.digests.claim({
    ...base,
    date,
    token: randomUUID(),
    now,
    leaseMs: deps.leaseMs,
    delayed,
  });
  if (claim.kind === 'taken') return { ...base, date, outcome: 'taken', stories: 0 };
  const log = deps.logger.child({ digest: claim.digest.id, channel: ch.channel, team: ch.teamId, date });
  try {
    const content = await compose(ch, deps, now);
    if (claim.kind === 'recovered') {
      const since = new Date(scheduledInstant(date, ch.minutes, ch.timeZone).getTime() - 86_400_000);
      const ts = await deps.poster.findMarker(base, { digestId: claim.digest.id, date }, since);
      if (ts) {
        // Posted before the crash: record it, do not post again.
        await deps.digests.markPosted(claim.digest.id, claim.token, { ts, now, items: content.items });
        log.info({ ts }, 'digest was already posted before a restart; recorded it');
        return { ...base, date, outcome: 'recovered', stories: content.items.length };
      }
    }
    const quiet = content.items.length === 0;
    if (quiet && (ch.skipEmpty || (deps.postNothingNew && !(await deps.postNothingNew(ch.teamId))))) {
      await deps.digests.markSkipped(claim.digest.id, claim.token, { now });
      return { ...base, date, outcome: 'skipped', stories: 0 };
    }
    // Late by the clock at posting time: a claim retried or taken over after a crash is late too.
    const late = now.getTime() - scheduledInstant(date, ch.minutes, ch.timeZone).getTime() > DELAYED_AFTER_MS;
    const view = { date, minutes: ch.minutes, timeZone: ch.timeZone, delayed: late, topics: content.topics };
    const ts = await deps.poster.post(base, digestMessage(view), {
      marker: { digestId: claim.digest.id, date },
    });
    const recorded = await deps.digests.markPosted(claim.digest.id, claim.token, {
      ts,
      now: deps.now(),
      items: content.items,
    });
    if (!recorded) log.warn({ ts }, 'digest claim was taken over while posting');
    await postThread(ch, ts, content, deps, log);
    log.info({ ts, stories: content.items.length, delayed: late }, 'digest posted');
    return { ...base, date, outcome: 'posted', stories: content.items.length };
  } catch (err) {
    const code = slackError(err);
    const message = err instanceof Error ? err.message : String(err);
    if (code && PERMANENT.has(code)) {
      await deps.digests.markFailed(claim.digest.id, claim.token, code);
      log.warn({ err: code }, 'digest cannot be posted in this channel');
      return { ...base, date, outcome: 'failed', stories: 0, error: code };
    }
    await deps.digests.release(claim.digest.id, claim.token, message);
    log.error({ err }, 'digest failed; it will be retried');
    return { ...base, date, outcome: 'retry', stories: 0, error: message };
  }
}

interface Composed {
  topics: { topic: string; stories: DigestStoryView[] }[];
  items: DigestItem[];
  /** Per story key: the brief (null when unsummarised) and its articles, for the thread. */
  full: { topic: string; key: string; result: BriefResult | null; articles: StoredArticle[] }[];
}

/** The new or changed stories per topic, briefed (through the shared cache). */
async function compose(ch: DigestChannel, deps: DigestDeps, now: Date): Promise<Composed> {
  const seen = await deps.digests.postedStories(ch.teamId, ch.channel);
  const taken = new Set<string>();
  const out: Composed = { topics: [], items: [], full: [] };
  for (const topic of ch.topics) {
    const stories = (await deps.findStories(topic, ch.teamId, now))
      .filter((s) => !taken.has(s.key) && seen.get(s.key)?.contentKey !== s.contentKey)
      .slice(0, ch.maxStories ?? deps.storiesPerTopic);
    const views: DigestStoryView[] = [];
    for (const story of stories) {
      taken.add(story.key);
      const result = await briefOrNull(story.articles, deps, {
        teamId: ch.teamId,
        channel: ch.channel,
        topic,
        story: story.key,
      });
      views.push(storyView(story, result, seen.has(story.key)));
      out.items.push({
        topic,
        storyKey: story.key,
        contentKey: story.contentKey,
        // An offline (extractive) brief is a summary too: nothing to follow up on.
        summarised: result !== null,
        articleIds: story.articles.map((a) => a.id),
      });
      out.full.push({ topic, key: story.key, result, articles: story.articles });
    }
    out.topics.push({ topic, stories: views });
  }
  return out;
}

async function briefOrNull(
  articles: StoredArticle[],
  deps: DigestDeps,
  context: { teamId: string } & Record<string, string>,
): Promise<BriefResult | null> {
  try {
    return await deps.brief(articles, context.teamId, context.channel);
  } catch (err) {
    deps.logger.warn(
      { err, ...context },
      'story could not be summarised; the digest carries its headline and lead',
    );
    return null;
  }
}

function storyView(story: DigestStory, result: BriefResult | null, updated: boolean): DigestStoryView {
  const lead = story.articles[0];
  return {
    result,
    title: lead?.title ?? firstSentence(lead?.text ?? '') ?? 'Untitled story',
    lead: firstSentence(lead?.text ?? '') ?? '',
    sources: result?.sources ?? story.articles.map(sourceOf),
    updated,
  };
}

function sourceOf(a: StoredArticle): Source {
  return { url: a.url, title: a.title, siteName: a.siteName, publishedAt: a.publishedAt };
}

function firstSentence(text: string): string | null {
  const para = text.trim().split(/\n\s*\n/)[0] ?? '';
  const m = /^(.{20,400}?[.!?。])(\s|$)/su.exec(para);
  return (m?.[1] ?? para.slice(0, 300)).trim() || null;
}

/**
 * The full brief of each story in the digest's thread, and the thread stored as a brief over all
 * the digest's articles, so follow-up questions there are answered from them.
 */
async function postThread(
  ch: DigestChannel,
  ts: string,
  content: Composed,
  deps: DigestDeps,
  log: Logger,
): Promise<void> {
  const target = { teamId: ch.teamId, channel: ch.channel };
  try {
    for (const story of content.full) {
      if (!story.result) continue;
      const { overflow, ...main } = briefMessage(story.result, { query: story.topic });
      await deps.poster.post(target, main, { threadTs: ts });
      if (overflow) {
        const { overflow: _rest, ...more } = continuationMessage(overflow);
        await deps.poster.post(target, more, { threadTs: ts });
      }
    }
    const first = content.full.find((s) => s.result)?.result;
    const articleIds = [...new Set(content.full.flatMap((s) => s.articles.map((a) => a.id)))];
    if (first && articleIds.length > 0) {
      await deps.briefs.save({
        teamId: ch.teamId || null,
        channel: ch.channel,
        threadTs: ts,
        query: `digest: ${ch.topics.join(', ')}`,
        result: first,
        articleIds,
      });
    }
  } catch (err) {
    // The digest itself is posted and recorded; a thread reply lost here is logged, not retried.
    log.error({ err }, 'digest thread could not be completed');
  }
}

/**
 * Summaries for stories a digest carried unsummarised, posted in its thread once the LLM answers
 * again. Runs with the digest tick; a story still failing waits for the next one.
 */
export async function summarisePending(deps: DigestDeps): Promise<number> {
  let posted = 0;
  for (const { digest, items } of await deps.digests.pendingSummaries()) {
    if (!digest.postedTs) continue;
    let left = items.length;
    for (const item of items) {
      const articles = await deps.articlesById(item.articleIds);
      const result =
        articles.length > 0
          ? await briefOrNull(articles, deps, {
              teamId: digest.teamId,
              channel: digest.channel,
              digest: String(digest.id),
            })
          : null;
      if (!result && articles.length > 0) continue;
      left--;
      if (result) {
        await postSummary(digest, item, result, deps);
        posted++;
      }
      await deps.digests.markSummarised(digest.id, item.storyKey, left === 0);
    }
  }
  return posted;
}

async function postSummary(digest: DigestRecord, item: DigestItem, result: BriefResult, deps: DigestDeps) {
  const target = { teamId: digest.teamId, channel: digest.channel };
  const threadTs = digest.postedTs as string;
  await deps.poster.post(target, summaryFollowsMessage(item.topic), { threadTs });
  const { overflow: _overflow, ...main } = briefMessage(result, { query: item.topic });
  await deps.poster.post(target, main, { threadTs });
}

/** The `error` code of a Slack Web API failure (`data.error`), if that is what `err` is. */
function slackError(err: unknown): string | null {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  if (data && typeof data.error === 'string') return data.error;
  const reason = (err as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
}

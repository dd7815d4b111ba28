import { randomBytes } from 'node:crypto';
import type OpenAI from 'openai';
import { type AnsweredQuestion, answerQuestion, type Turn } from '../answer/answer.ts';
import { extractiveAnswer } from '../answer/extractive.ts';
import { type BriefOptions, type BriefResult, briefArticles, type EngineDeps } from '../brief/engine.ts';
import type { Prompt } from '../brief/prompt.ts';
import { parseFollow } from '../digest/follow.ts';
import type { DigestRunResult } from '../digest/run.ts';
import { UserError } from '../errors.ts';
import type { Article } from '../ingest/article.ts';
import type { PollDeps } from '../jobs/poll.ts';
import type { RequestLimits } from '../limits/rate.ts';
import { withLlmScope } from '../llm/meter.ts';
import type { LlmSettings } from '../llm/structured.ts';
import type { Logger } from '../log.ts';
import { settingsHooks } from '../store/settings.ts';
import type { Store, StoredBrief, Story } from '../store/store.ts';
import { closestStories, OTHER_STORIES, onlyCommonWords, parseTopic } from '../stories/topic.ts';
import { scriptLanguage } from '../text/cjk.ts';
import { type BriefMessageOptions, briefMessage, continuationMessage } from '../views/brief.ts';
import { answerClosingBlocks, answerStreamRenderer, streamRenderer } from '../views/briefStream.ts';
import {
  answerMessage,
  didYouMeanMessage,
  errorMessage,
  helpMessage,
  lookingMessage,
  noticeMessage,
  sourcesMessage,
  workingMessage,
} from '../views/common.ts';
import { withFeedback } from '../views/feedback.ts';
import { feedAddedMessage, feedListMessage, feedRemovedMessage, feedsHelpMessage } from '../views/feeds.ts';
import {
  aliasesMessage,
  aliasSavedMessage,
  joinedStoriesLine,
  noMatchMessage,
  olderStoriesText,
  otherStoriesLine,
  storyCoverageLine,
  suggestedWindowDays,
} from '../views/stories.ts';
import {
  answerLanguageRule,
  type BriefLanguage,
  engineFor,
  resolveTopicAlias,
  type WorkspaceSettings,
  withModel,
} from '../workspace/settings.ts';
import { channelSettings } from './channelSettings.ts';
import type { BriefCommand, FeedsCommand } from './command.ts';
import { articlesAcrossStories, groupByEvent, JOIN_CANDIDATES, storyLanguages } from './crossLanguage.ts';
import { addFeed, removeFeed } from './feeds.ts';
import { type FollowDeps, type FollowReply, type FollowWho, follow, following, unfollow } from './follows.ts';
import { CannotPostError, type LiveMessage, type Surface } from './surface.ts';

export interface AppDeps {
  store: Store;
  engine: EngineDeps;
  /** null when no LLM is configured: follow-ups are then answered with quoted sentences. */
  answerLlm: { client: OpenAI; settings: LlmSettings; prompt: Prompt } | null;
  /** Fetches and extracts one article from a URL. */
  loadUrl: (url: string) => Promise<Article>;
  /** Fetches a feed URL (feed media types, conditional-GET headers). */
  fetchFeed: PollDeps['fetchFeed'];
  logger: Logger;
  /** At most this many of a story's articles go into one brief (most informative first). */
  articlesPerBrief: number;
  /** `/brief <topic>` looks at stories this recent unless the command names a window (`30d`). */
  topicWindowDays: number;
  /** The clock for topic windows (tests). */
  now?: () => Date;
  /** How many earlier turns of a thread go to the model with a follow-up. */
  historyTurns: number;
  /** Per-user and per-channel request limits on what can reach the LLM (none when absent). */
  limits?: RequestLimits;
  /**
   * One channel's digest now (App Home "Post now"), set by the Slack adapter once it can post;
   * absent in the console, where there is nothing to post to.
   */
  runDigestNow?: (teamId: string, channel: string) => Promise<DigestRunResult>;
}

/** Commands that may cost an LLM call: limited per user and channel, metered per workspace. */
const COSTLY: ReadonlySet<BriefCommand['kind']> = new Set(['topic', 'story', 'url', 'ask']);

/**
 * Whether this work would call the LLM. The per-minute limits guard LLM spend only: an offline
 * brief or a quoted-sentence answer costs a few milliseconds of our own time, so nobody waits for it.
 */
function callsLlm(kind: 'brief' | 'answer', deps: AppDeps): boolean {
  if (kind === 'answer') return deps.answerLlm !== null;
  return deps.engine.llm !== null && deps.engine.engine !== 'extractive';
}

export interface Requester {
  channel: string;
  user: string;
  teamId: string | null;
}

/** The immediate reply to `/brief …`, sent with Slack's ack before any slow work starts. */
export function acknowledgement(command: BriefCommand) {
  switch (command.kind) {
    case 'help':
      return helpMessage();
    case 'invalid':
      return errorMessage(command.message, null);
    case 'didYouMean':
      return didYouMeanMessage(command.suggestion, command.topic);
    case 'topic':
      return workingMessage(command.topic);
    case 'url':
      return workingMessage(command.url);
    case 'story':
      return workingMessage(`story ${command.id}`);
    case 'ask':
      return noticeMessage(`:hourglass_flowing_sand: Looking for the answer in the latest brief's articles…`);
    case 'feeds':
      return command.action === 'help'
        ? feedsHelpMessage()
        : command.action === 'add'
          ? noticeMessage(':hourglass_flowing_sand: Checking the feed…')
          : null;
    default:
      return null; // more / sources / aliases answer at once from the store
  }
}

/** Runs a `/brief` command after the ack. Never throws: every failure becomes a message with an id. */
export async function handleCommand(
  command: BriefCommand,
  who: Requester,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  try {
    if (COSTLY.has(command.kind)) {
      const purpose = command.kind === 'ask' ? 'answer' : 'brief';
      if (callsLlm(purpose, deps)) deps.limits?.check(who);
      return await withLlmScope({ teamId: who.teamId ?? '', purpose }, () =>
        runCommand(command, who, surface, deps),
      );
    }
    return await runCommand(command, who, surface, deps);
  } catch (err) {
    await reportFailure(err, { command: command.kind, channel: who.channel, user: who.user }, surface, deps, {
      ephemeral: true,
    });
  }
}

async function runCommand(
  command: BriefCommand,
  who: Requester,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  switch (command.kind) {
    case 'help':
    case 'invalid':
    case 'didYouMean':
      return; // answered by the ack
    case 'topic':
      return await briefTopic(command.topic, command.windowDays, who, surface, deps);
    case 'story':
      return await briefStoryById(command.id, who, surface, deps);
    case 'alias':
      await deps.store.stories.setAliases(who.teamId, command.term, command.aliases);
      return await surface.ephemeral(aliasSavedMessage(command.term, command.aliases));
    case 'aliases':
      return await surface.ephemeral(aliasesMessage(await deps.store.stories.aliases(who.teamId)));
    case 'url':
      return await briefUrl(command.url, who, surface, deps);
    case 'ask':
      return await askLatest(command.question, who, surface, deps);
    case 'more':
      return await showMore(who, surface, deps);
    case 'sources':
      return await showSources(who, surface, deps);
    case 'settings':
      // A channel's digest settings mean something only where digests are posted (see manageFollows).
      if (!deps.runDigestNow) {
        throw new UserError(
          'no-digests',
          'Digest settings belong to a Slack channel: in Slack, `/brief settings` sets its digest time, zone and stories per topic.',
        );
      }
      return await channelSettings(command.args, who, surface, deps);
    case 'follow':
    case 'unfollow':
    case 'following':
      return await manageFollows(command, who, surface, deps);
    case 'feeds':
      return await manageFeeds(command, who, surface, deps);
  }
}

async function manageFollows(
  command: Extract<BriefCommand, { kind: 'follow' | 'unfollow' | 'following' }>,
  who: Requester,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  // Only the Slack app posts digests: the console would confirm a digest that never comes.
  if (!deps.runDigestNow) {
    throw new UserError(
      'no-digests',
      'Daily digests are posted in Slack: follow topics from a Slack channel.',
    );
  }
  switch (command.kind) {
    case 'follow':
      return await replyToFollow(
        await follow(parseFollow(command.args), member(who), followDeps(deps, surface)),
        surface,
      );
    case 'unfollow':
      return await replyToFollow(
        await unfollow(command.topic, member(who), followDeps(deps, surface)),
        surface,
      );
    case 'following':
      return await replyToFollow(await following(member(who), followDeps(deps, surface)), surface);
  }
}

/** Follows belong to a workspace; the console (no workspace) keeps its own under ''. */
function member(who: Requester): FollowWho {
  return { teamId: who.teamId ?? '', channel: who.channel, user: who.user };
}

/** What following needs from the app and, through the surface, from Slack. */
export function followDeps(deps: AppDeps, surface: Pick<Surface, 'channelZone' | 'isMember'>): FollowDeps {
  const hooks = settingsHooks(deps.store.settings);
  return {
    digests: deps.store.digests,
    channelZone: async () => (surface.channelZone ? await surface.channelZone() : null),
    isMember: async (_team, _channel, user) => (surface.isMember ? await surface.isMember(user) : true),
    runNow: (teamId, channel) => {
      if (!deps.runDigestNow)
        throw new UserError('no-digests', 'Digests are posted by the Slack app; start it to post one now.');
      return deps.runDigestNow(teamId, channel);
    },
    now: () => deps.now?.() ?? new Date(),
    workspaceDefaults: hooks.workspaceDefaults,
  };
}

async function replyToFollow(reply: FollowReply, surface: Surface): Promise<void> {
  if (reply.inChannel) await surface.post(reply.inChannel);
  if (reply.ephemeral) await surface.ephemeral(reply.ephemeral);
}

/**
 * The best-matching story in the window, briefed from its most informative articles; the message
 * names the next few matching stories so they can be asked for. An empty window with older matches
 * says so and suggests a window that reaches them.
 */
async function briefTopic(
  typed: string,
  windowDays: number | undefined,
  who: Requester,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  // A workspace's topic shortcuts (`kj` → korea-japan, from its settings); the console has none.
  const settings = who.teamId ? await deps.store.settings.get(who.teamId) : null;
  const topic = settings ? resolveTopicAlias(settings, typed) : typed;
  const now = deps.now?.() ?? new Date();
  const days = windowDays ?? deps.topicWindowDays;
  const search = { teamId: who.teamId, now };
  await say(surface, 'Searching stories…', deps);
  const searching = { ...search, windowDays: days, limit: Math.max(1 + OTHER_STORIES, JOIN_CANDIDATES) };
  // Reports of one event in different languages are joined by their articles (issue 19), so every
  // candidate's articles are read only when the found headlines are in more than one script; the
  // common case reads the best story's articles alone, as before the join.
  let found = await deps.store.stories.search(topic, { ...searching, withArticles: 1 });
  if (new Set(found.map((s) => scriptLanguage(s.headline))).size > 1) {
    found = await deps.store.stories.search(topic, { ...searching, withArticles: JOIN_CANDIDATES });
  }
  const [group, ...otherGroups] = groupByEvent(found);
  const [best, ...joined] = group?.stories ?? [];
  if (!best) {
    const [latest] = await deps.store.stories.search(topic, { ...search, windowDays: null, limit: 1 });
    if (latest) {
      throw new UserError(
        'no-recent-story',
        olderStoriesText(topic, days, latest, suggestedWindowDays(latest.lastAt, now)),
      );
    }
    // Something else is in the window: name the stories closest to what was typed.
    const recent = await deps.store.stories.list(null, {
      ...search,
      windowDays: days,
      limit: 50,
      withArticles: 0,
    });
    if (recent.length > 0) {
      const closest = closestStories(topic, recent).map((s) => ({
        id: s.id,
        headline: s.headline,
        sources: s.articleCount,
      }));
      return await surface.ephemeral(noMatchMessage(topic, onlyCommonWords(parseTopic(topic)), closest));
    }
    throw new UserError(
      'no-articles',
      `I have no articles about "${topic}" yet. Brief a link with \`/brief https://…\`, or add articles with \`newsbrief ingest <file|url>\`.`,
    );
  }
  const others = otherGroups.slice(0, OTHER_STORIES).map((g) => g.stories[0] as Story);
  const notes = [
    joinedStoriesLine(
      joined.map((s) => ({
        id: s.id,
        headline: s.headline,
        sources: s.articleCount,
        languages: storyLanguages(s),
      })),
    ),
    otherStoriesLine(others.map((s) => ({ id: s.id, headline: s.headline, sources: s.articleCount }))),
  ];
  await briefStory(best, topic, who, surface, deps, notes, true, settings, joined);
}

async function briefStoryById(id: number, who: Requester, surface: Surface, deps: AppDeps): Promise<void> {
  const story = await deps.store.stories.byId(id);
  if (!story || story.articles.length === 0) {
    throw new UserError('no-story', `There is no story ${id}. Find stories with \`/brief <topic>\`.`);
  }
  await briefStory(story, story.headline, who, surface, deps, []);
}

async function briefStory(
  story: Story,
  query: string,
  who: Requester,
  surface: Surface,
  deps: AppDeps,
  // Lines about the joined and the other matching stories.
  notes: readonly (string | null)[],
  followable = false,
  // The workspace's settings when the caller has read them already (one query fewer per brief).
  known?: WorkspaceSettings | null,
  // Reports of the same event in other languages, briefed together with the story's own.
  joined: readonly Story[] = [],
): Promise<void> {
  const stories = [story, ...joined];
  const articles = articlesAcrossStories(stories, {
    maxArticles: deps.articlesPerBrief,
    maxTokens: deps.engine.llm?.settings.maxArticleTokens ?? null,
  });
  const total = stories.reduce((n, s) => n + s.articles.length, 0);
  const settings =
    known !== undefined ? known : who.teamId ? await deps.store.settings.get(who.teamId) : null;
  // The workspace's model and brief language, or the channel's own language (issue 19).
  const engine = engineFor(deps.engine, settings, await channelLanguage(who, deps));
  const { result, live } = await briefLive(articles, engine, surface, deps);
  await publish(
    result,
    query,
    articles.map((a) => a.id),
    who,
    surface,
    deps,
    {
      storyNotes: [storyCoverageLine(articles.length, total), ...notes],
      // A topic can be followed; a story id or a URL cannot; and only where digests are posted (Slack).
      showFollowButton: followable && deps.runDigestNow !== undefined,
    },
    live,
  );
}

/** The channel's own brief language, set with `/brief settings language` (only where it has a digest). */
async function channelLanguage(who: Requester, deps: AppDeps): Promise<BriefLanguage | null> {
  // Only the LLM writes in another language: no query without one.
  if (!who.teamId || !deps.engine.llm) return null;
  return (await deps.store.digests.channel(who.teamId, who.channel))?.briefLanguage ?? null;
}

async function briefUrl(url: string, who: Requester, surface: Surface, deps: AppDeps): Promise<void> {
  await say(surface, 'Reading the article…', deps);
  const { article } = await deps.store.articles.add(await deps.loadUrl(url));
  await deps.store.stories.assign(article);
  const settings = who.teamId ? await deps.store.settings.get(who.teamId) : null;
  const engine = engineFor(deps.engine, settings, await channelLanguage(who, deps));
  const { result, live } = await briefLive([article], engine, surface, deps);
  await publish(result, url, [article.id], who, surface, deps, {}, live);
}

/** Says what is happening: the assistant thread's status where there is one (best effort). */
async function say(surface: Surface, text: string, deps: AppDeps): Promise<void> {
  if (!surface.status) return;
  await surface.status(text).catch((err: unknown) => {
    deps.logger.debug({ err }, 'could not set the status');
  });
}

/**
 * The brief, streamed into a live message where the surface has one: each verified piece is
 * appended as the model writes it. The result is the brief `briefArticles` makes without a stream.
 */
async function briefLive(
  articles: Parameters<typeof briefArticles>[0],
  engine: EngineDeps,
  surface: Surface,
  deps: AppDeps,
): Promise<{ result: BriefResult; live: LiveMessage | null }> {
  await say(
    surface,
    `Reading ${articles.length === 1 ? 'the article' : `${articles.length} articles`}…`,
    deps,
  );
  let live: LiveMessage | null = null;
  const options: BriefOptions = {};
  if (surface.stream) {
    const render = streamRenderer();
    const open = surface.stream.bind(surface);
    let checking = false;
    options.onPiece = (piece) => {
      if (!checking) {
        checking = true;
        void say(surface, 'Checking quotes…', deps);
      }
      live ??= open();
      const text = render(piece);
      if (text) live.append(text);
    };
  }
  let result: BriefResult;
  try {
    result = await briefArticles(articles, engine, options);
  } catch (err) {
    // A failed brief leaves no half-streamed message behind (the failure is reported as usual).
    await (live as LiveMessage | null)?.discard();
    throw err;
  }
  // The streamed reply failed validation and a repair turn wrote the brief: what was shown came
  // from the first reply, so it goes, and the repaired brief is posted whole.
  if (live && result.meta.attempts > 1) {
    await (live as LiveMessage).discard();
    live = null;
  }
  return { result, live };
}

/** Posts a brief in the channel, stores it by its thread, and puts any overflow in the thread. */
async function publish(
  result: BriefResult,
  query: string,
  articleIds: number[],
  who: Requester,
  surface: Surface,
  deps: AppDeps,
  options: Pick<BriefMessageOptions, 'storyNotes' | 'showFollowButton'> = {},
  live: LiveMessage | null = null,
): Promise<void> {
  const message = withFeedback(briefMessage(result, { ...options, query, requestedBy: who.user }), 'brief');
  let ts: string;
  try {
    // The stream ends with the very message a post would carry; a failed stream posts it whole.
    ts = (live ? await live.finish(message) : null) ?? (await surface.post(message));
  } catch (err) {
    if (!(err instanceof CannotPostError) || !surface.respondInChannel) throw err;
    deps.logger.info(
      { channel: who.channel, reason: err.reason },
      'cannot post in channel; answering via response_url',
    );
    await surface.respondInChannel(message);
    await surface.ephemeral(
      noticeMessage(
        'I am not a member of this channel, so the brief came through the command and cannot take follow-ups. Invite me with `/invite @newsbrief` to get threads.',
      ),
    );
    return;
  }
  // In a one-thread conversation (assistant thread, DM) the thread is the brief's key.
  const thread = surface.thread ?? ts;
  await deps.store.briefs.save({
    teamId: who.teamId,
    channel: who.channel,
    threadTs: thread,
    query,
    result,
    articleIds,
  });
  if (surface.setTitle) {
    await surface.setTitle(result.brief.headline || query).catch((err: unknown) => {
      deps.logger.debug({ err }, 'could not set the thread title');
    });
  }
  // What did not fit goes in the thread, in as many replies as it takes.
  for (let rest = message.overflow; rest; ) {
    const next = continuationMessage(rest);
    await surface.post(next, { threadTs: thread });
    rest = next.overflow;
  }
}

async function latestBrief(who: Requester, deps: AppDeps): Promise<StoredBrief> {
  const brief = await deps.store.briefs.latestInChannel(who.channel, who.teamId);
  if (!brief) {
    throw new UserError(
      'no-brief',
      'There is no brief in this channel yet. Start one with `/brief <topic>` or `/brief <url>`.',
    );
  }
  return brief;
}

async function askLatest(question: string, who: Requester, surface: Surface, deps: AppDeps): Promise<void> {
  const brief = await latestBrief(who, deps);
  await answerInThread(brief, question, surface, deps);
  await surface.ephemeral(
    noticeMessage(`I answered in the thread of the latest brief ("${brief.result.brief.headline}").`),
  );
}

/**
 * `/brief more`: what did not fit in the latest brief's message, from where it stopped, in as many
 * replies as it takes (each says so when another follows); or that there is nothing more.
 */
async function showMore(who: Requester, surface: Surface, deps: AppDeps): Promise<void> {
  const brief = await latestBrief(who, deps);
  // The same cut as when it was posted: its message is rebuilt from the stored result.
  const posted = briefMessage(brief.result, { query: brief.query, requestedBy: who.user });
  if (!posted.overflow) {
    const headline = brief.result.brief.headline.replace(/\s+/g, ' ').trim();
    return await surface.ephemeral(
      noticeMessage(
        `There is no more: the latest brief ("${headline}") fit in one message. \`/brief sources\` lists its articles.`,
      ),
    );
  }
  for (let rest: BriefResult | null = posted.overflow; rest; ) {
    const next = continuationMessage(rest);
    await surface.ephemeral(next);
    rest = next.overflow;
  }
}

async function showSources(who: Requester, surface: Surface, deps: AppDeps): Promise<void> {
  const brief = await latestBrief(who, deps);
  await surface.ephemeral(sourcesMessage(brief.result.sources));
}

/** `/brief feeds …`: the workspace's own feeds (team null outside Slack: the CLI's global ones). */
async function manageFeeds(command: FeedsCommand, who: Requester, surface: Surface, deps: AppDeps) {
  switch (command.action) {
    case 'help':
      return; // answered by the ack
    case 'list':
      return surface.ephemeral(feedListMessage(await deps.store.feeds.list(who.teamId), new Date()));
    case 'add': {
      const added = await addFeed({ url: command.url, teamId: who.teamId }, deps);
      deps.logger.info(
        { teamId: who.teamId, user: who.user, feedId: added.feed.id, created: added.created },
        'feed added',
      );
      return surface.ephemeral(feedAddedMessage(added));
    }
    case 'remove': {
      const removed = await removeFeed(command.target, who.teamId, deps);
      if (removed)
        deps.logger.info({ teamId: who.teamId, user: who.user, feedId: removed.id }, 'feed removed');
      return surface.ephemeral(feedRemovedMessage(removed, command.target));
    }
  }
}

export interface ThreadMessage {
  channel: string;
  threadTs: string;
  /** The message's own ts: with the channel, the key that makes a retried event a no-op. */
  ts: string;
  /** As typed, already unescaped from Slack's `&amp; &lt; &gt;`. */
  text: string;
  user: string;
  /** The workspace the reply came from; set, only that workspace's briefs are found. */
  teamId?: string | null;
}

/**
 * A reply in a thread. Returns false when the thread is not one of our briefs (nothing is posted).
 * Slack retries slow events and may deliver a mention and a message for the same post: both are
 * keyed by the message itself, so each question is answered once.
 */
export async function handleThreadMessage(
  msg: ThreadMessage,
  surface: Surface,
  deps: AppDeps,
): Promise<boolean> {
  const brief = await deps.store.briefs.byThread(msg.channel, msg.threadTs, msg.teamId);
  if (!brief) return false;
  if (!(await deps.store.events.firstSeen(`message:${msg.channel}:${msg.ts}`))) return true;
  const question = msg.text.trim();
  if (!question) return true;
  try {
    if (callsLlm('answer', deps))
      deps.limits?.check({ teamId: brief.teamId, channel: msg.channel, user: msg.user });
    await withLlmScope({ teamId: brief.teamId ?? '', purpose: 'answer' }, () =>
      answerInThread(brief, question, surface, deps),
    );
  } catch (err) {
    await reportFailure(
      err,
      { channel: msg.channel, threadTs: msg.threadTs, user: msg.user },
      surface,
      deps,
      {
        threadTs: msg.threadTs,
      },
    );
  }
  return true;
}

async function answerInThread(
  brief: StoredBrief,
  question: string,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  // The assistant thread shows a status; a channel thread a placeholder (one post, replaced by the
  // answer, or removed once the answer starts to stream in below it).
  const n = brief.articles.length;
  const placeholder = surface.status
    ? null
    : await surface.post(lookingMessage(), { threadTs: brief.threadTs });
  let placeholderGone: Promise<void> | null = null;
  let live: LiveMessage | null = null;
  const render = answerStreamRenderer();
  // Each answer sentence is shown as soon as it and its quotes passed the checks.
  const onSentence =
    surface.stream && deps.engine.stream !== false && deps.answerLlm
      ? (sentence: string) => {
          if (!live) {
            live = surface.stream?.({ threadTs: brief.threadTs }) ?? null;
            if (placeholder) placeholderGone = surface.remove(placeholder).catch(() => {});
          }
          const text = render(sentence);
          if (text) live?.append(text);
        }
      : undefined;
  try {
    await say(surface, `Reading ${n === 1 ? 'the article' : `${n} articles`}, checking quotes…`, deps);
    const history = await deps.store.briefs.turns(brief.id, deps.historyTurns);
    const { answer, fromStream } = await answerFromArticles(question, brief, history, deps, onSentence);
    const streamed = live as LiveMessage | null;
    live = null; // from here on, the stream is finished or discarded below, not in the catch
    // What was shown came from a reply that did not make the answer (a repair turn, or the model
    // failed and quoted sentences answer): it goes, and the answer is posted whole.
    if (streamed && !fromStream) await streamed.discard();
    const reply = withFeedback(answerMessage(answer, brief.result.sources), 'answer');
    // The stream ends with the very message a post would carry; a failed stream posts it whole.
    const ts = streamed && fromStream ? await streamed.finish(reply, answerClosingBlocks(reply)) : null;
    if (!ts) {
      if (placeholder && !placeholderGone) await surface.update(placeholder, reply);
      else await surface.post(reply, { threadTs: brief.threadTs });
    }
    await deps.store.briefs.addTurn(brief.id, { role: 'user', text: question });
    await deps.store.briefs.addTurn(brief.id, { role: 'assistant', text: answer.answer });
  } catch (err) {
    await (live as LiveMessage | null)?.discard();
    if (placeholder && !placeholderGone) await surface.remove(placeholder).catch(() => {});
    throw err;
  }
}

/**
 * The LLM when there is one; quoted sentences when there is none, or when it fails and fallback
 * allows. `fromStream`: the answer is the streamed first reply's (what `onSentence` was shown).
 */
async function answerFromArticles(
  question: string,
  brief: StoredBrief,
  history: readonly Turn[],
  deps: AppDeps,
  onSentence?: (sentence: string) => void,
): Promise<{ answer: AnsweredQuestion; fromStream: boolean }> {
  if (!deps.answerLlm) return { answer: extractiveAnswer(question, brief.articles), fromStream: false };
  // The model and answer language the brief's workspace chose, if any.
  const settings = brief.teamId ? await deps.store.settings.get(brief.teamId) : null;
  try {
    const answer = await answerQuestion(
      {
        question,
        articles: brief.articles,
        history,
        languageRule: settings ? answerLanguageRule(settings) : null,
      },
      { ...withModel(deps.answerLlm, settings?.llmModel ?? null), logger: deps.logger },
      onSentence,
    );
    return { answer, fromStream: onSentence !== undefined && answer.attempts === 1 };
  } catch (err) {
    if (deps.engine.fallback !== 'extractive' || !(err instanceof UserError)) throw err;
    deps.logger.warn({ code: err.code }, 'LLM failed on a follow-up; answering with quoted sentences');
    return { answer: extractiveAnswer(question, brief.articles), fromStream: false };
  }
}

/** One short message for the person, one structured log line with the same id for us. */
async function reportFailure(
  err: unknown,
  context: Record<string, unknown>,
  surface: Surface,
  deps: AppDeps,
  where: { ephemeral: true } | { threadTs: string },
): Promise<void> {
  const errorId = randomBytes(4).toString('hex');
  const known = err instanceof UserError;
  const text = known ? err.message : 'Something went wrong on our side. Please try again in a minute.';
  if (known) deps.logger.warn({ ...context, errorId, code: err.code, msg: err.message }, 'request failed');
  else deps.logger.error({ ...context, errorId, err }, 'request failed unexpectedly');
  const message = errorMessage(text, errorId);
  try {
    if ('threadTs' in where) await surface.post(message, { threadTs: where.threadTs });
    else await surface.ephemeral(message);
  } catch (postErr) {
    deps.logger.error({ ...context, errorId, err: postErr }, 'could not deliver the error message');
  }
}

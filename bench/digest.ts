/**
 * Digest benchmark: N channels (default 1,000), each following 5 of 10 topics, get their daily
 * digest from the real runner — store, story search, cached brief engine, Slack poster — against
 * a fake OpenAI-compatible server and a fake Slack Web API, both on 127.0.0.1.
 *
 *   npm run bench:digest [-- --channels 1000 --llm-ms 1500 --concurrency 250]
 *
 * Reports the time to post every digest, LLM calls (target: one per distinct story) and Slack calls.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import OpenAI from 'openai';
import pino from 'pino';
import { loadPrompt } from '../src/brief/prompt.ts';
import { tuneForServing } from '../src/cli/process.ts';
import { runDueDigests } from '../src/digest/run.ts';
import { digestDeps } from '../src/digest/service.ts';
import { extractiveBrief } from '../src/extractive/index.ts';
import { slackDigestPoster } from '../src/slack/digest.ts';
import { type Db, openPglite } from '../src/store/db.ts';
import { createStore } from '../src/store/store.ts';
import { fakeLlm, fakeSlack } from './fakes.ts';
import { benchStories, TOPICS } from './synthetic.ts';

const NOW = new Date('2026-06-02T08:00:00Z');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      channels: { type: 'string', default: '1000' },
      'llm-ms': { type: 'string', default: '1500' },
      concurrency: { type: 'string', default: '250' },
      'gap-ms': { type: 'string', default: '1100' },
    },
  });
  const channels = Number(values.channels);
  const llmMs = Number(values['llm-ms']);
  const concurrency = Number(values.concurrency);

  const llm = await fakeLlm(llmMs);
  const slack = await fakeSlack();
  const logger = pino({ level: 'silent' });
  tuneForServing(); // the serving app's setting (`newsbrief start`)
  const db = await openPglite(null);
  const store = createStore(db);
  try {
    for (const article of benchStories(NOW)) {
      const { article: stored } = await store.articles.add(article);
      await store.stories.assign(stored);
    }
    const storyCount = await countStories(db);
    for (let i = 0; i < channels; i++) {
      for (let k = 0; k < 5; k++) {
        await store.digests.follow({
          teamId: 'T1',
          channel: `C${String(i).padStart(6, '0')}`,
          topic: TOPICS[(i + k * 2) % TOPICS.length] as string,
          user: 'U1',
          schedule: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'given' },
          defaults: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'utc' },
        });
      }
    }
    const client = new webApi.WebClient('xoxb-bench', {
      slackApiUrl: `${slack.url}/api/`,
      logLevel: webApi.LogLevel.ERROR,
    });
    const deps = digestDeps({
      store,
      engine: {
        engine: 'auto',
        fallback: 'extractive',
        extractive: extractiveBrief,
        logger,
        llm: {
          client: new OpenAI({
            apiKey: 'sk-bench',
            baseURL: `${llm.url}/v1`,
            maxRetries: 0,
            timeout: 30_000,
          }),
          settings: {
            model: 'bench-model',
            responseFormat: 'json_schema',
            maxArticleTokens: 6000,
            maxOutputTokens: 2000,
            baseURL: `${llm.url}/v1`,
            timeoutMs: 30_000,
          },
          prompt: loadPrompt('brief'),
        },
        cache: store.briefCache,
      },
      poster: slackDigestPoster({ clientFor: () => client, channelGapMs: Number(values['gap-ms']) }),
      logger,
      storiesPerTopic: 3,
      articlesPerBrief: 3,
      concurrency,
      now: () => NOW,
    });

    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const results = await runDueDigests(deps);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const posted = results.filter((r) => r.outcome === 'posted').length;
    const distinct = new Set(await storiesPosted(store)).size;

    console.log(
      `\nDigest benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
    );
    console.log(
      `${channels} channels × 5 topics (of ${TOPICS.length}); ${storyCount} stories in the store; fake LLM answers after ${llmMs} ms; posts to one channel ≥ ${values['gap-ms']} ms apart; ${concurrency} channels at a time.\n`,
    );
    console.log('| measure | value | target |');
    console.log('|---|---|---|');
    console.log(`| digests posted | ${posted} / ${channels} | all |`);
    console.log(`| time to post all digests | ${seconds.toFixed(1)} s | |`);
    console.log(
      `| LLM calls | ${llm.calls} | ${distinct} (distinct stories posted)${llm.calls > distinct ? ' — miss' : ''} |`,
    );
    console.log(`| Slack calls (chat.postMessage) | ${slack.calls} | |`);
    console.log(`| CPU (user + system) | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s | |`);
    console.log(`| peak RSS | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB | |`);
    return posted === channels ? 0 : 1;
  } finally {
    await store.close();
    await llm.close();
    await slack.close();
  }
}

/** The stories carried by the digests (their distinct count is what a perfect cache would pay). */
async function storiesPosted(store: ReturnType<typeof createStore>): Promise<string[]> {
  const keys: string[] = [];
  for (const ch of await store.digests.channels('T1')) {
    for (const key of (await store.digests.postedStories('T1', ch.channel)).keys()) keys.push(key);
  }
  return keys;
}

async function countStories(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM stories');
  return Number(rows[0]?.n ?? 0);
}

process.exitCode = await main();

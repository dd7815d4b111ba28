/**
 * Streamed, verified briefs: how soon a reader sees the first verified item, and whether the
 * complete brief comes any later than without streaming.
 *
 *   npm run bench:stream [-- --tps 50 --runs 3]
 *
 * A local OpenAI-compatible server sends a recorded brief reply (fixtures/llm, two invented
 * items among eleven) at `--tps` tokens per second (4 characters a token), as server-sent events
 * when asked to stream, or whole after the same generation time when not. The brief engine
 * (`briefArticles`, the same call the Slack handlers make) runs against it over the summit
 * article, once streaming (pieces timed as `onPiece` hands them on) and once not.
 *
 * Measured per run:
 *   headline        request → verified headline shown
 *   first item      request → first verified item shown
 *   lag p50/max     for each item shown, its last token sent → shown (target: ≤ 1.5 s)
 *   streamed        request → complete verified brief, streaming
 *   whole           request → complete verified brief, not streaming
 *   extra           streamed − whole (target: ≤ 200 ms)
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import pino from 'pino';
import { briefArticles, type EngineDeps } from '../src/brief/engine.ts';
import { readPartialObject } from '../src/brief/partialJson.ts';
import { loadPrompt } from '../src/brief/prompt.ts';
import { ITEM_FIELDS } from '../src/brief/schema.ts';
import { extractiveBrief } from '../src/extractive/index.ts';
import type { Article } from '../src/ingest/article.ts';
import { body, listen } from './fakes.ts';

const { values } = parseArgs({
  options: { tps: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' } },
});
const tps = Number(values.tps);
const runs = Number(values.runs);
const CHARS_PER_TOKEN = 4;

const root = new URL('../', import.meta.url);
const completion = JSON.parse(
  readFileSync(new URL('fixtures/llm/korea-japan-lying.completion.json', root), 'utf8'),
) as { choices: { message: { content: string } }[]; usage: Record<string, number> };
const content = completion.choices[0]?.message.content ?? '';
const article: Article = {
  text: readFileSync(new URL('fixtures/articles/summit-tokyo.txt', root), 'utf8'),
  title: 'Lee and Ishiba meet in Tokyo',
  source: 'fixtures/articles/summit-tokyo.txt',
  url: null,
  siteName: null,
  lang: 'en',
  publishedAt: '2025-08-24T09:00:00+09:00',
};

/** Send times of each character offset's chunk, for the streaming run in progress. */
let sentAt: number[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Milliseconds a token; the warm-up run goes faster. */
let tokenMs = 1000 / tps;

const server = createServer(async (req, res) => {
  const request = JSON.parse(await body(req)) as { stream?: boolean };
  const base = { id: 'bench', object: 'chat.completion.chunk', created: 1, model: 'bench' };
  if (!request.stream) {
    await sleep(Math.ceil(content.length / CHARS_PER_TOKEN) * tokenMs);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  const start = performance.now();
  for (let i = 0, n = 0; i < content.length; i += CHARS_PER_TOKEN, n++) {
    // Paced against the clock, so timer slop does not add up over hundreds of tokens.
    const due = start + (n + 1) * tokenMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const piece = content.slice(i, i + CHARS_PER_TOKEN);
    const now = performance.now();
    for (let k = i; k < i + piece.length; k++) sentAt[k] = now;
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  send({ ...base, choices: [], usage: completion.usage });
  res.end('data: [DONE]\n\n');
});

/** Offset of the last character of each item in the reply, in the order items complete. */
function itemEnds(): { field: string; index: number; end: number }[] {
  const ends: { field: string; index: number; end: number }[] = [];
  const counts: Record<string, number> = {};
  for (let n = 1; n <= content.length; n++) {
    const partial = readPartialObject(content.slice(0, n));
    for (const field of ITEM_FIELDS) {
      const have = Array.isArray(partial.value[field]) ? (partial.value[field] as unknown[]).length : 0;
      while ((counts[field] ?? 0) < have) {
        ends.push({ field, index: counts[field] ?? 0, end: n - 1 });
        counts[field] = (counts[field] ?? 0) + 1;
      }
    }
  }
  return ends;
}

function engine(url: string, stream: boolean): EngineDeps {
  return {
    llm: {
      client: new OpenAI({ apiKey: 'bench', baseURL: `${url}/v1`, maxRetries: 0, timeout: 120_000 }),
      settings: {
        model: 'bench',
        responseFormat: 'json_schema',
        maxArticleTokens: 6000,
        maxOutputTokens: 2000,
        baseURL: `${url}/v1`,
        timeoutMs: 120_000,
      },
      prompt: loadPrompt('brief'),
    },
    engine: 'llm',
    fallback: 'none',
    stream,
    extractive: extractiveBrief,
    logger: pino({ level: 'silent' }),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => x.toFixed(0);

async function main() {
  const url = await listen(server);
  const ends = itemEnds();
  const rows: string[] = [];
  const lagsAll: number[] = [];
  const extras: number[] = [];
  // A fast run first, unmeasured: module loading and JIT would otherwise land in run 1.
  tokenMs = 1;
  await briefArticles([article], engine(url, true), { onPiece: () => {} });
  await briefArticles([article], engine(url, false));
  tokenMs = 1000 / tps;
  for (let run = 1; run <= runs; run++) {
    sentAt = [];
    const shown: { field: string; at: number }[] = [];
    let headlineAt = Number.NaN;
    let seen: Record<string, number> = {};
    const t0 = performance.now();
    const streamed = await briefArticles([article], engine(url, true), {
      onPiece: (p) => {
        if (p.kind === 'item') shown.push({ field: p.field, at: performance.now() });
        else if (p.kind === 'headline') headlineAt = performance.now();
      },
    });
    const tStreamed = performance.now() - t0;

    // Which reply item each shown one was: the kept items of each field, in order.
    seen = {};
    const lags: number[] = [];
    const dropped = new Set(streamed.meta.dropped.map((d) => `${d.field}:${d.index}`));
    for (const s of shown) {
      const candidates = ends.filter((e) => e.field === s.field && !dropped.has(`${e.field}:${e.index}`));
      const e = candidates[seen[s.field] ?? 0];
      seen[s.field] = (seen[s.field] ?? 0) + 1;
      if (e) lags.push(s.at - (sentAt[e.end] ?? s.at));
    }
    lagsAll.push(...lags);

    const t1 = performance.now();
    await briefArticles([article], engine(url, false));
    const tWhole = performance.now() - t1;
    extras.push(tStreamed - tWhole);
    const first = (shown[0]?.at ?? Number.NaN) - t0;
    rows.push(
      `| ${run} | ${shown.length} | ${streamed.meta.dropped.length} | ${ms(headlineAt - t0)} | ${ms(first)} | ${ms(pct(lags, 50))} | ${ms(Math.max(...lags))} | ${ms(tStreamed)} | ${ms(tWhole)} | ${ms(tStreamed - tWhole)} |`,
    );
  }
  server.closeAllConnections();
  server.close();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `Streamed briefs: ${content.length} characters of reply at ${tps} tokens/s (${CHARS_PER_TOKEN} characters a token), ${runs} run(s); load average ${load}\n`,
  );
  console.log(
    '| run | items shown | dropped | headline ms | first item ms | lag p50 ms | lag max ms | streamed ms | whole ms | extra ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  const lagMax = Math.max(...lagsAll);
  const extraMax = Math.max(...extras);
  console.log(
    `\nTargets: item shown within 1.5 s of its last token: max ${ms(lagMax)} ms ${lagMax <= 1500 ? 'ok' : '**miss**'}; complete brief ≤ whole + 200 ms: max extra ${ms(extraMax)} ms ${extraMax <= 200 ? 'ok' : '**miss**'}.`,
  );
}

await main();

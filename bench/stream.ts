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
 *
 * Then the same for a follow-up answer (`answerQuestion`, the recorded lying answer: two of its
 * four sentences dropped): first verified sentence shown, lag of each shown sentence after its last
 * token, and the complete answer streamed against not streamed.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import pino from 'pino';
import { type AnswerReply, answerChecker, answerQuestion } from '../src/answer/answer.ts';
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
type Completion = { choices: { message: { content: string } }[]; usage: Record<string, number> };
const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/llm/${name}.completion.json`, root), 'utf8')) as Completion;
const briefCompletion = recorded('korea-japan-lying');
const answerCompletion = recorded('korea-japan-answer-lying');
const contentOf = (c: Completion) => c.choices[0]?.message.content ?? '';
const content = contentOf(briefCompletion);
const answerContent = contentOf(answerCompletion);
const QUESTION = 'what did they agree on?';
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
  const raw = await body(req);
  const request = JSON.parse(raw) as { stream?: boolean };
  // The answer's request names its schema "answer"; everything else is a brief.
  const completion = raw.includes('"name":"answer"') ? answerCompletion : briefCompletion;
  const content = contentOf(completion);
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

/** Offset of the last character of each answer sentence, in order. */
function sentenceEnds(): number[] {
  const ends: number[] = [];
  for (let n = 1; n <= answerContent.length; n++) {
    const partial = readPartialObject(answerContent.slice(0, n));
    const have = Array.isArray(partial.value.sentences) ? partial.value.sentences.length : 0;
    while (ends.length < have) ends.push(n - 1);
  }
  return ends;
}

function llmDeps(url: string, prompt: 'brief' | 'answer') {
  return {
    client: new OpenAI({ apiKey: 'bench', baseURL: `${url}/v1`, maxRetries: 0, timeout: 120_000 }),
    settings: {
      model: 'bench',
      responseFormat: 'json_schema' as const,
      maxArticleTokens: 6000,
      maxOutputTokens: 2000,
      baseURL: `${url}/v1`,
      timeoutMs: 120_000,
    },
    prompt: loadPrompt(prompt),
    logger: pino({ level: 'silent' }),
  };
}

/**
 * One follow-up answer streamed and one not, over the summit article (the lying reply: two of four
 * sentences dropped). Which reply sentence each shown one was: the sentences the answer kept.
 */
async function answerRun(
  url: string,
  ends: number[],
  run: number,
): Promise<{ row: string; lags: number[]; extra: number }> {
  const input = { question: QUESTION, articles: [article], history: [] };
  sentAt = [];
  const shownAt: number[] = [];
  const t0 = performance.now();
  const streamed = await answerQuestion(input, llmDeps(url, 'answer'), () => shownAt.push(performance.now()));
  const tStreamed = performance.now() - t0;
  const check = answerChecker(QUESTION, [article]);
  const keptEnds = (JSON.parse(answerContent) as AnswerReply).sentences
    .map((sentence, i) => ({ kept: check(sentence).text !== null, end: ends[i] ?? 0 }))
    .filter((x) => x.kept)
    .map((x) => x.end);
  const lags = shownAt.map((at, i) => at - (sentAt[keptEnds[i] ?? 0] ?? at));
  const t1 = performance.now();
  await answerQuestion(input, llmDeps(url, 'answer'));
  const tWhole = performance.now() - t1;
  const dropped = streamed.rejectedSentences?.length ?? 0;
  return {
    row: `| ${run} | ${shownAt.length} | ${dropped} | ${ms((shownAt[0] ?? Number.NaN) - t0)} | ${ms(pct(lags, 50))} | ${ms(Math.max(...lags))} | ${ms(tStreamed)} | ${ms(tWhole)} | ${ms(tStreamed - tWhole)} |`,
    lags,
    extra: tStreamed - tWhole,
  };
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
  // Follow-up answers, sentence by sentence.
  const answerEnds = sentenceEnds();
  const answerRows: string[] = [];
  const answerLags: number[] = [];
  const answerExtras: number[] = [];
  tokenMs = 1;
  await answerRun(url, answerEnds, 0);
  tokenMs = 1000 / tps;
  for (let run = 1; run <= runs; run++) {
    const r = await answerRun(url, answerEnds, run);
    answerRows.push(r.row);
    answerLags.push(...r.lags);
    answerExtras.push(r.extra);
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
  console.log(
    `\nStreamed follow-up answers: ${answerContent.length} characters of reply (four sentences, two of them unsupported) at ${tps} tokens/s\n`,
  );
  console.log(
    '| run | sentences shown | dropped | first sentence ms | lag p50 ms | lag max ms | streamed ms | whole ms | extra ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of answerRows) console.log(r);
  const answerLagMax = Math.max(...answerLags);
  const answerExtraMax = Math.max(...answerExtras);
  console.log(
    `\nSame targets for answers: sentence shown within 1.5 s of its last token: max ${ms(answerLagMax)} ms ${answerLagMax <= 1500 ? 'ok' : '**miss**'}; complete answer ≤ whole + 200 ms: max extra ${ms(answerExtraMax)} ms ${answerExtraMax <= 200 ? 'ok' : '**miss**'}.`,
  );
}

await main();

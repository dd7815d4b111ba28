/**
 * Tokens per brief for the bundled fixture articles: the prompt the app really sends (captured
 * from the OpenAI client, system text and JSON schema included), its article text, and the rest —
 * the overhead a brief costs beyond the news it reads.
 *
 *   npm run bench:tokens
 *
 * No LLM is reachable here, so the prompt figures are estimates (src/brief/budget.ts, ~3.5
 * characters a token, erring high) plus 4 tokens per message of chat framing; completion tokens
 * come from the recorded completions in fixtures/llm (real usage figures of gpt-4.1-mini).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import pino from 'pino';
import { estimateTokens } from '../src/brief/budget.ts';
import { generateBrief } from '../src/brief/generate.ts';
import { loadPrompt } from '../src/brief/prompt.ts';
import { loadArticle } from '../src/ingest/load.ts';

const TARGET_OVERHEAD = 700;
const TARGET_COMPLETION = 600;
const root = fileURLToPath(new URL('../', import.meta.url));

export interface TokenRow {
  article: string;
  prompt: number;
  article_: number;
  overhead: number;
}

interface Captured {
  messages: { content: string }[];
  response_format?: unknown;
}

/** Sends one brief request per fixture article to a fetch that keeps the request and fails it. */
export async function promptTokens(): Promise<TokenRow[]> {
  const dir = join(root, 'fixtures/articles');
  const names = (await readdir(dir)).filter((n) => /\.(txt|html)$/.test(n)).sort();
  const rows: TokenRow[] = [];
  for (const name of names) {
    let article: Awaited<ReturnType<typeof loadArticle>>;
    try {
      article = await loadArticle(join(dir, name), {
        fetchPage: () => Promise.reject(new Error('offline')),
      });
    } catch {
      continue; // not an article (the fixtures include a few on purpose)
    }
    let captured: Captured | null = null;
    const client = new OpenAI({
      apiKey: 'sk-offline',
      baseURL: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
      fetch: async (_url, init) => {
        captured = JSON.parse(String(init?.body)) as Captured;
        throw new Error('captured');
      },
    });
    let articleTokens = 0;
    await generateBrief([article], {
      client,
      settings: {
        model: 'gpt-4.1-mini',
        responseFormat: 'json_schema',
        maxArticleTokens: 6000,
        maxOutputTokens: 2000,
        baseURL: 'http://127.0.0.1:9/v1',
        timeoutMs: 1000,
      },
      prompt: loadPrompt('brief'),
      logger: pino({ level: 'silent' }),
    })
      .then((g) => {
        articleTokens = g.articleTokens;
      })
      .catch(() => {});
    const request = captured as Captured | null;
    if (!request) continue;
    // The article's share, estimated as the app records it (generateBrief notes the same figure).
    const user = request.messages.at(-1)?.content ?? '';
    articleTokens ||= estimateTokens(article.text);
    const prompt =
      request.messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0) +
      estimateTokens(JSON.stringify(request.response_format ?? ''));
    rows.push({
      article: name,
      prompt,
      article_: Math.min(articleTokens, estimateTokens(user)),
      overhead: 0,
    });
  }
  for (const r of rows) r.overhead = r.prompt - r.article_;
  return rows;
}

/** Completion tokens of the recorded brief completions (real-looking usage, not estimates). */
export async function recordedCompletions(): Promise<{ file: string; prompt: number; completion: number }[]> {
  const dir = join(root, 'fixtures/llm');
  const out: { file: string; prompt: number; completion: number }[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (!/^port-deal\.completion\.json$|^e2e-port-deal-answer/.test(file)) continue;
    const body = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    };
    out.push({
      file,
      prompt: body.usage?.prompt_tokens ?? 0,
      completion: body.usage?.completion_tokens ?? 0,
    });
  }
  return out;
}

export async function tokensTable(): Promise<string> {
  const rows = await promptTokens();
  const recorded = await recordedCompletions();
  const lines = [
    'Tokens per brief of the fixture articles (prompt figures estimated: no LLM here; see bench/tokens.ts)',
    '',
    '| article | prompt (est.) | article text (est.) | overhead beyond the article | target |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.article} | ${r.prompt} | ${r.article_} | ${r.overhead}${r.overhead > TARGET_OVERHEAD ? ' **miss**' : ''} | ≤ ${TARGET_OVERHEAD} |`,
    );
  }
  lines.push(
    '',
    '| recorded completion (fixtures/llm) | prompt tokens | overhead (prompt − est. article) | completion tokens | target (overhead / completion) |',
    '|---|---|---|---|---|',
  );
  const portDeal = rows.find((r) => r.article === 'port-deal.txt');
  for (const r of recorded) {
    const overhead = r.file.startsWith('port-deal') && portDeal ? r.prompt - portDeal.article_ : null;
    lines.push(
      `| ${r.file} | ${r.prompt} | ${overhead ?? '–'} | ${r.completion}${r.completion > TARGET_COMPLETION ? ' **miss**' : ''} | ≤ ${TARGET_OVERHEAD} / ≤ ${TARGET_COMPLETION} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await tokensTable());

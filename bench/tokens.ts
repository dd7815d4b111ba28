/**
 * Tokens per brief for the bundled fixture articles: the prompt the app really sends (captured
 * from the OpenAI client, system text and JSON schema included), its article text, and the rest —
 * the overhead a brief costs beyond the news it reads.
 *
 *   npm run bench:tokens
 *
 * No LLM is reachable here, so the request is counted with o200k_base (the encoding of gpt-4o and
 * gpt-4.1) from gpt-tokenizer: each message's content plus OpenAI's cookbook framing figure (3
 * tokens a message, 3 priming the reply), plus the response_format's JSON schema serialized
 * compactly. OpenAI does not document how a schema is counted; its compact JSON is our stand-in,
 * likely an upper bound. The article's share is the tokens of its text as it appears in the user
 * message (title, outlet and date lines are framing). Completion tokens come from the recorded
 * completions in fixtures/llm (real usage figures of gpt-4.1-mini). The app's own budget guard
 * (src/brief/budget.ts) keeps its fast chars/3.5 estimate; the tokenizer is only for this bench.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import pino from 'pino';
import { generateBrief } from '../src/brief/generate.ts';
import type { BriefLanguage } from '../src/brief/language.ts';
import { loadPrompt } from '../src/brief/prompt.ts';
import { loadArticle } from '../src/ingest/load.ts';

const TARGET_OVERHEAD = 700;
const TARGET_COMPLETION = 600;
/** OpenAI cookbook ("How to count tokens with tiktoken"): per message, and once for the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMING = 3;
const root = fileURLToPath(new URL('../', import.meta.url));

export interface TokenRow {
  article: string;
  prompt: number;
  article_: number;
  overhead: number;
  /** The overhead's parts: system prompt, JSON schema, user message beyond the article, chat framing. */
  system: number;
  schema: number;
  userFraming: number;
  chatFraming: number;
}

interface Captured {
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: unknown };
}

/** The article texts inside a user message, between its random markers, after the metadata lines. */
export function articleTexts(user: string): string[] {
  const nonce = /<<<ARTICLE ([0-9a-f]+)>>>/.exec(user)?.[1];
  if (!nonce) return [];
  const texts: string[] = [];
  for (const block of user.split(`<<<ARTICLE ${nonce}>>>\n`).slice(1)) {
    const body = block.slice(0, block.indexOf(`\n<<<END ARTICLE ${nonce}>>>`));
    // Metadata lines, a blank line, then the text.
    texts.push(body.slice(body.indexOf('\n\n') + 2));
  }
  return texts;
}

/** Sends one brief request per fixture article to a fetch that keeps the request and fails it. */
export async function promptTokens(language?: BriefLanguage): Promise<TokenRow[]> {
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
      language,
    }).catch(() => {});
    const request = captured as Captured | null;
    if (!request) continue;
    const content = (role: string) =>
      request.messages.filter((m) => m.role === role).reduce((n, m) => n + countTokens(m.content), 0);
    const user = request.messages.filter((m) => m.role === 'user').map((m) => m.content);
    const articleTokens = user.flatMap(articleTexts).reduce((n, t) => n + countTokens(t), 0);
    const system = content('system');
    const schema = request.response_format?.json_schema
      ? countTokens(JSON.stringify(request.response_format.json_schema))
      : 0;
    const chatFraming = request.messages.length * TOKENS_PER_MESSAGE + TOKENS_REPLY_PRIMING;
    const prompt = system + content('user') + schema + chatFraming;
    rows.push({
      article: name,
      prompt,
      article_: articleTokens,
      overhead: prompt - articleTokens,
      system,
      schema,
      userFraming: content('user') - articleTokens,
      chatFraming,
    });
  }
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
    'Tokens per brief of the fixture articles, counted with o200k_base (gpt-4o/gpt-4.1) on the captured request: ' +
      'message contents + 3 a message + 3 for the reply (OpenAI cookbook) + the JSON schema. OpenAI does not ' +
      'document how response_format schemas are counted: the compact JSON of the schema is our stand-in, ' +
      'likely an upper bound (see bench/tokens.ts)',
    '',
    '| article | prompt | article text | overhead beyond the article | target |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.article} | ${r.prompt} | ${r.article_} | ${r.overhead}${r.overhead > TARGET_OVERHEAD ? ' **miss**' : ''} | ≤ ${TARGET_OVERHEAD} |`,
    );
  }
  lines.push(
    '',
    '| overhead, by part | system prompt | JSON schema | user message beyond the article text | chat framing |',
    '|---|---|---|---|---|',
  );
  for (const r of rows) {
    lines.push(`| ${r.article} | ${r.system} | ${r.schema} | ${r.userFraming} | ${r.chatFraming} |`);
  }
  // The workspace's brief language (issue 19) changes only the user message's first line.
  lines.push('', '| brief language | largest overhead beyond the article | target |', '|---|---|---|');
  for (const language of ['en', 'ko', 'ja'] as const) {
    const worst = Math.max(
      ...(language === 'en' ? rows : await promptTokens(language)).map((r) => r.overhead),
    );
    lines.push(
      `| ${language} | ${worst}${worst > TARGET_OVERHEAD ? ' **miss**' : ''} | ≤ ${TARGET_OVERHEAD} |`,
    );
  }
  lines.push(
    '',
    '| recorded completion (fixtures/llm) | prompt tokens | overhead (prompt − article text) | completion tokens | target (overhead / completion) |',
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

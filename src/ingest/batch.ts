import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { Article } from './article.ts';
import { decodeBytes } from './decode.ts';
import { extractHtml } from './extract.ts';

export interface BatchOptions {
  /** Called after each page with its extraction time (decoding and extraction, not file reading). */
  onPage?: (id: string, article: Article | null, ms: number, error?: unknown) => void;
}

const PAGE_RE = /^(.+)\.html?(\.gz)?$/i;

/**
 * Extracts every page in DIR/html (`<id>.html`, `<id>.htm` or gzip-compressed `<id>.html.gz`) and returns
 * `{ "<id>": { articleBody } }`, the format of the article-extraction benchmark. A page that cannot be
 * read gets an empty body rather than stopping the batch.
 */
export async function extractBatch(
  dir: string,
  options: BatchOptions = {},
): Promise<Record<string, { articleBody: string }>> {
  const htmlDir = join(dir, 'html');
  const names = (await readdir(htmlDir)).filter((n) => PAGE_RE.test(n)).sort();
  const out: Record<string, { articleBody: string }> = {};
  for (const name of names) {
    const [, id = name, gz] = PAGE_RE.exec(name) ?? [];
    const path = join(htmlDir, name);
    const raw = await readFile(path);
    const bytes = gz ? gunzipSync(raw) : raw;
    const start = performance.now();
    try {
      const { text } = decodeBytes(bytes);
      const article = extractHtml(text, { source: path });
      const ms = performance.now() - start;
      out[id] = { articleBody: article.text };
      options.onPage?.(id, article, ms);
    } catch (error) {
      out[id] = { articleBody: '' };
      options.onPage?.(id, null, performance.now() - start, error);
    }
  }
  return out;
}

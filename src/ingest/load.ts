import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors.ts';
import type { Article } from './article.ts';
import { decodeBytes } from './decode.ts';
import type { FetchedPage } from './fetch.ts';
import { parsePlainText } from './text.ts';

/** What loading needs from the outside world; the CLI passes real ones, tests pass fakes. */
export interface LoadDeps {
  fetchPage: (url: string) => Promise<FetchedPage>;
  readFile?: (path: string) => Promise<Uint8Array>;
  readStdin?: () => Promise<Uint8Array>;
}

type Kind = 'html' | 'text' | 'markdown';

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Loads one article from a URL, a file (.html, .htm, .txt, .md, optionally .gz) or "-" (stdin). */
export async function loadArticle(input: string, deps: LoadDeps): Promise<Article> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1];
  if (scheme && !isUrl(input)) {
    throw new UserError(
      'unsupported-url',
      `cannot read ${input}: ${scheme.toLowerCase()}: URLs are not supported; give an http(s) URL or a file path`,
    );
  }
  if (isUrl(input)) {
    const page = await deps.fetchPage(input);
    const { text } = decodeBytes(page.bytes, { contentType: page.contentType });
    return await toArticle(text, kindFromContentType(page.contentType) ?? sniff(text), input, page.url);
  }
  if (input === '-') {
    const bytes = await (deps.readStdin ?? readStdin)();
    const { text } = decodeBytes(bytes, {});
    return await toArticle(text, sniff(text), '-', null);
  }
  let bytes: Uint8Array;
  try {
    bytes = await (deps.readFile ?? readFile)(input);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file; check the path (a URL starts with https://)'
        : code === 'EISDIR'
          ? 'it is a folder; give one file in it'
          : String(code ?? err);
    throw new UserError('unreadable-file', `cannot read ${input}: ${why}`, { cause: err });
  }
  let name = input.toLowerCase();
  if (name.endsWith('.gz')) {
    bytes = gunzip(bytes, input);
    name = name.slice(0, -3);
  }
  const { text } = decodeBytes(bytes, {});
  return await toArticle(text, kindFromExtension(extname(name)) ?? sniff(text), input, null);
}

async function toArticle(text: string, kind: Kind, source: string, url: string | null): Promise<Article> {
  // The HTML extractor (a DOM and Readability) loads only for HTML: a text file's brief skips it.
  if (kind === 'html')
    return (await import('./extract.ts')).extractHtml(text, { source, url, refuseIndexPages: true });
  return { ...parsePlainText(text, { source, markdown: kind === 'markdown' }), url };
}

function kindFromExtension(ext: string): Kind | undefined {
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.txt' || ext === '.text') return 'text';
  return undefined;
}

function kindFromContentType(contentType: string | null): Kind | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (media === 'text/html' || media === 'application/xhtml+xml') return 'html';
  if (media === 'text/markdown') return 'markdown';
  if (media === 'text/plain') return 'text';
  return undefined;
}

function sniff(text: string): Kind {
  return /^\s*(<!doctype html|<html|<head|<body|<article|<meta|<!--)/i.test(text) ? 'html' : 'text';
}

function gunzip(bytes: Uint8Array, name: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new UserError('bad-gzip', `${name} is not a valid gzip file`, { cause: err });
  }
}

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) {
    throw new UserError(
      'usage',
      'reading the article from stdin, but nothing was piped in (try: cat article.txt | newsbrief brief -)',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

import { UserError } from '../errors.ts';
import { type Article, MIN_ARTICLE_WORDS } from './article.ts';
import { cleanText } from './clean.ts';
import { stripInvisible } from './invisible.ts';

/** A first line at most this long (with no final period, followed by a blank line) is a title. */
const MAX_TITLE_CHARS = 120;

/**
 * Reads a plain-text (or Markdown) article: paragraphs are kept, a short first line or a `# Title`
 * becomes the title, Markdown syntax is reduced to its text, and page residue is cleaned away.
 */
export function parsePlainText(text: string, opts: { source: string; markdown?: boolean }): Article {
  let body = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const taken = takeTitle(body, opts.markdown === true);
  const title = taken.title === null ? null : stripInvisible(taken.title) || null;
  const rest = taken.rest;
  body = opts.markdown || looksLikeMarkdown(rest) ? stripMarkdown(rest) : rest;
  body = unwrapHardBreaks(body);
  return {
    text: cleanText(body),
    title,
    source: opts.source,
    url: null,
    siteName: null,
    lang: null,
    publishedAt: null,
  };
}

/** Throws a UserError when an article has no text, or too little to brief. */
export function assertReadable(article: Article): void {
  const words = countWords(article.text, MIN_ARTICLE_WORDS);
  const where = article.source && article.source !== '-' ? ` (${article.source})` : '';
  if (words === 0) throw new UserError('empty', `The article has no readable text${where}.`);
  if (words < MIN_ARTICLE_WORDS) {
    throw new UserError(
      'too-short',
      `The article is too short to brief${where}: ${words === 1 ? '1 word' : `${words} words`}; a brief needs at least ${MIN_ARTICLE_WORDS}.`,
    );
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Words as a reader counts them, also for scripts written without spaces (Japanese, Chinese, Thai).
 * `atMost`: stop there — segmenting is slow, and a threshold check needs no more (briefs, under load).
 */
export function countWords(text: string, atMost = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (const seg of segmenter.segment(text)) if (seg.isWordLike && ++n >= atMost) break;
  return n;
}

function takeTitle(text: string, markdown: boolean): { title: string | null; rest: string } {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const first = (lines[i] ?? '').trim();
  const next = lines[i + 1]?.trim() ?? '';
  const rest = () => lines.slice(i + 1).join('\n');
  // "# Title" (ATX) or "Title" underlined with "===" (setext).
  const atx = /^#\s+(.+?)\s*#*$/.exec(first);
  if (atx?.[1]) return { title: inlineMarkdown(atx[1]).trim(), rest: rest() };
  if ((markdown || looksLikeMarkdown(text)) && first && /^=+$/.test(next)) {
    return { title: inlineMarkdown(first), rest: lines.slice(i + 2).join('\n') };
  }
  const followedByBlank = next === '' && i + 1 < lines.length;
  if (
    first &&
    followedByBlank &&
    first.length < MAX_TITLE_CHARS &&
    !/[.。．:;,，、]$/.test(first) &&
    /\p{L}/u.test(first) &&
    lines.slice(i + 1).some((l) => l.trim() !== '')
  ) {
    const title = markdown ? inlineMarkdown(first) : first;
    return { title: title.trim() || null, rest: rest() };
  }
  return { title: null, rest: text };
}

function looksLikeMarkdown(text: string): boolean {
  return /^#{1,6}\s|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^\s*```/m.test(text);
}

/** Markdown → plain text: headings, emphasis, links, images, code marks, quotes and rules. */
export function stripMarkdown(md: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const raw of md.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(raw);
      continue;
    }
    let line = raw;
    if (/^\s*\[[^\]]+\]:\s+\S+/.test(line)) continue; // reference definition
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('');
      continue;
    }
    if (/^\s*(=+|-+)\s*$/.test(line) && out.length && out[out.length - 1]?.trim()) continue; // setext underline
    line = line.replace(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/, '$1');
    line = line.replace(/^\s*(>\s?)+/, '');
    line = line.replace(/^(\s*)[*+]\s+/, '$1- ');
    out.push(inlineMarkdown(line));
  }
  return out.join('\n');
}

function inlineMarkdown(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // [text](url)
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1') // autolinks
    .replace(/<\/?[a-z][^>]*>/gi, '') // inline HTML tags
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2') // bold
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}])/gu, '$1$2') // *em*
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}])/gu, '$1$2') // _em_
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1') // strikethrough
    .replace(/`([^`\n]+)`/g, '$1'); // code
}

/**
 * Joins lines of a hard-wrapped paragraph (every line but the last between 40 and 100 characters, no
 * list markers) so that sentences are not cut in the middle.
 */
function unwrapHardBreaks(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((para) => {
      const lines = para.split('\n');
      if (lines.length < 2) return para;
      const wrapped = lines
        .slice(0, -1)
        .every((l) => l.length >= 40 && l.length <= 100 && !/^\s*([-*+•]|\d+[.)])\s/.test(l));
      return wrapped && !/^\s*([-*+•]|\d+[.)])\s/.test(lines[lines.length - 1] ?? '')
        ? lines.map((l) => l.trim()).join(' ')
        : para;
    })
    .join('\n\n');
}

import { type DomNode, isElement, TEXT_NODE } from './dom.ts';

/** Elements that end a paragraph: the text before and after them is separated by a blank line. */
const PARAGRAPH = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'ul',
]);
/** Elements that start a new line but not a new paragraph. */
const LINE = new Set(['li', 'dt', 'dd', 'tr', 'br', 'tbody', 'thead', 'tfoot', 'option']);
/** Table cells: kept on one line, separated by a space. */
const CELL = new Set(['td', 'th']);
/** Never text: scripts, styles, embedded objects, form controls. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'textarea',
  'button',
  'input',
  'head',
  'title',
  'meta',
  'link',
]);

const PARA_BREAK = '\u0000P';
const LINE_BREAK = '\u0000L';

/**
 * Plain text of a DOM subtree as a reader sees it: a blank line between paragraphs (p, div, headings,
 * blockquote, figure, lists, tables…), a line break at br, li and table rows, whitespace collapsed.
 */
export function domToText(root: DomNode): string {
  const out: string[] = [];
  walk(root, out, false);
  return normalise(out);
}

function walk(node: DomNode, out: string[], pre: boolean): void {
  if (node.nodeType === TEXT_NODE) {
    const t = node.textContent ?? '';
    if (t) out.push(pre ? t.replace(/\r\n?/g, '\n').replace(/\n/g, LINE_BREAK) : t.replace(/\s+/g, ' '));
    return;
  }
  if (!isElement(node) && node.nodeType !== 9 && node.nodeType !== 11) return;
  const tag = isElement(node) ? node.localName : '';
  if (SKIP.has(tag)) return;
  if (tag === 'br') {
    out.push(LINE_BREAK);
    return;
  }
  const para = PARAGRAPH.has(tag);
  const line = LINE.has(tag);
  if (para) out.push(PARA_BREAK);
  else if (line) out.push(LINE_BREAK);
  else if (CELL.has(tag)) out.push(' ');
  const kids = node.childNodes;
  const inPre = pre || tag === 'pre';
  for (let i = 0; i < kids.length; i++) walk(kids[i] as DomNode, out, inPre);
  if (para) out.push(PARA_BREAK);
  else if (line) out.push(LINE_BREAK);
  else if (CELL.has(tag)) out.push(' ');
}

function normalise(parts: string[]): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  let current = '';
  const endLine = () => {
    const l = current.replace(/[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();
    if (l) lines.push(l);
    current = '';
  };
  const endPara = () => {
    endLine();
    if (lines.length) paragraphs.push(lines.join('\n'));
    lines = [];
  };
  for (const p of parts) {
    if (p === PARA_BREAK) endPara();
    else if (p === LINE_BREAK) endLine();
    else if (p.includes(LINE_BREAK)) {
      const pieces = p.split(LINE_BREAK);
      pieces.forEach((piece, i) => {
        if (i > 0) endLine();
        current += piece;
      });
    } else current += p;
  }
  endPara();
  return paragraphs.join('\n\n');
}

import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';

/*
 * A forgiving XML tree for feeds. htmlparser2 in XML mode never rejects a document: text before the
 * declaration, a bare `&` in a URL, an undeclared `&nbsp;` or a missing end tag leave the rest
 * readable, as they do in browsers and feed readers. Entities are decoded here, once, with the HTML
 * table (a superset of XML's five), and only in their `&name;` form, so `?a=1&copy=2` stays a URL.
 */

export interface XmlElement {
  kind: 'element';
  /** The name as written, e.g. "dc:date". */
  name: string;
  /** The local name, lower-cased ("date"): feeds in the wild do not agree on case. */
  local: string;
  /** The namespace URI (declared, or the usual one for a well-known prefix left undeclared). */
  ns: string | null;
  /** Attribute values, entities decoded; names as written. */
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
  /** False when the document ended before this element's end tag (a cut-off or broken feed). */
  closed: boolean;
}

export interface XmlText {
  kind: 'text';
  /** As written: entities not yet decoded (CDATA content is literal). */
  raw: string;
  cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss1: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  media: 'http://search.yahoo.com/mrss/',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

/** Prefixes feeds often use without declaring them; readers resolve them by convention. */
const CONVENTIONAL: Record<string, string> = {
  atom: NS.atom,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  feedburner: NS.feedburner,
  itunes: NS.itunes,
  media: NS.media,
  rdf: NS.rdf,
};

/** Elements nested deeper than this are left out: no feed needs them, and the walks recurse. */
export const MAX_XML_DEPTH = 256;

/** The top-level elements of a document (usually one), built without ever throwing on bad markup. */
export function parseXml(text: string): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: { el: XmlElement; scope: Map<string, string> }[] = [];
  let cdata = false;
  let tooDeep = 0;
  const append = (node: XmlNode) => stack.at(-1)?.el.children.push(node);
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (stack.length >= MAX_XML_DEPTH) {
          tooDeep++;
          return;
        }
        const parent = stack.at(-1);
        const scope = new Map(parent?.scope);
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(attribs)) {
          const value = decodeHTMLStrict(v);
          attrs[k] = value;
          if (k === 'xmlns') scope.set('', value.trim());
          else if (k.startsWith('xmlns:')) scope.set(k.slice(6), value.trim());
        }
        const colon = name.indexOf(':');
        const prefix = colon > 0 ? name.slice(0, colon) : '';
        const ns = scope.get(prefix) || CONVENTIONAL[prefix.toLowerCase()] || null;
        const el: XmlElement = {
          kind: 'element',
          name,
          local: name.slice(colon + 1).toLowerCase(),
          ns,
          attrs,
          children: [],
          parent: parent?.el ?? null,
          closed: false,
        };
        if (parent) parent.el.children.push(el);
        else roots.push(el);
        stack.push({ el, scope });
      },
      onclosetag(_name, isImplied) {
        if (tooDeep > 0) {
          tooDeep--;
          return;
        }
        const top = stack.pop();
        // htmlparser2 calls a self-closed tag "implied" too; it has no children to lose.
        if (top) top.el.closed = !isImplied || top.el.children.length === 0;
      },
      ontext(raw) {
        if (stack.length > 0 && tooDeep === 0) append({ kind: 'text', raw, cdata });
      },
      oncdatastart() {
        cdata = true;
      },
      oncdataend() {
        cdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(text);
  parser.end();
  return roots;
}

/** Decodes `&name;`, `&#n;` and `&#xh;` references with the HTML table; a bare `&` stays. */
export function decodeEntities(raw: string): string {
  return raw.includes('&') ? decodeHTMLStrict(raw) : raw;
}

/** The element's text: its own and its descendants', entities decoded, CDATA kept as written. */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const child of el.children) {
    if (child.kind === 'text') out += child.cdata ? child.raw : decodeEntities(child.raw);
    else out += textOf(child);
  }
  return out;
}

/**
 * The element's content as HTML. Usually the feed escaped (or CDATA-wrapped) the HTML, so the text
 * is the HTML; some feeds put bare markup inside instead, which is kept as markup.
 */
export function htmlOf(el: XmlElement): string {
  if (!el.children.some((c) => c.kind === 'element')) return textOf(el);
  return el.children.map(serialize).join('');
}

function serialize(node: XmlNode): string {
  if (node.kind === 'text') return node.raw;
  const attrs = Object.entries(node.attrs)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${node.local}${attrs}>${node.children.map(serialize).join('')}</${node.local}>`;
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** Direct children with this local name in one of the namespaces (null: no namespace). */
export function children(el: XmlElement, local: string, ns: readonly (string | null)[]): XmlElement[] {
  return childElements(el).filter((c) => c.local === local && ns.includes(c.ns));
}

export function child(el: XmlElement, local: string, ns: readonly (string | null)[]): XmlElement | null {
  return children(el, local, ns)[0] ?? null;
}

/** Every descendant with this local name in one of the namespaces, in document order. */
export function descendants(el: XmlElement, local: string, ns: readonly (string | null)[]): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of childElements(e)) {
      if (c.local === local && ns.includes(c.ns)) found.push(c);
      walk(c);
    }
  };
  walk(el);
  return found;
}

/** An attribute by its local name, whatever its prefix or case (`rdf:about`, `isPermaLink`). */
export function attr(el: XmlElement, local: string): string | null {
  const wanted = local.toLowerCase();
  for (const [k, v] of Object.entries(el.attrs)) {
    const name = k.slice(k.indexOf(':') + 1).toLowerCase();
    if (name === wanted && !k.startsWith('xmlns')) return v;
  }
  return null;
}

/** The xml:base values from the root down to this element (outermost first). */
export function xmlBases(el: XmlElement): string[] {
  const bases: string[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) {
    const base = e.attrs['xml:base'];
    if (base?.trim()) bases.unshift(base.trim());
  }
  return bases;
}

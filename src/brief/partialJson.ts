/*
 * A JSON prefix read as far as it goes, keeping only what is finished: strings, numbers and
 * literals that have ended, array elements that have closed, and objects pruned the same way.
 * A streamed model reply is a prefix of its final JSON, so whatever this returns is already
 * exactly what the final reply will hold at that place (values never change once complete).
 *
 * Written here rather than taken from a library: the SDK's partial parser (and partial-json)
 * return half-written strings and objects without saying which parts are finished, and
 * "finished" is precisely what decides whether an item may be verified and shown.
 */

export interface PartialObject {
  /** The object's complete members, in order (partial arrays and objects pruned recursively). */
  value: Record<string, unknown>;
  /** Keys whose values are complete, in the order they arrived. */
  completeKeys: string[];
  /** Whether the closing brace has arrived. */
  complete: boolean;
}

interface Parsed {
  value: unknown;
  complete: boolean;
  /** false when nothing of the value is usable yet (a half string or number). */
  usable: boolean;
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }
  get end() {
    return this.i >= this.s.length;
  }
  peek() {
    return this.s[this.i];
  }
}

const INCOMPLETE: Parsed = { value: undefined, complete: false, usable: false };

function parseString(r: Reader): Parsed {
  // r.peek() === '"'
  let j = r.i + 1;
  while (j < r.s.length) {
    const c = r.s[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '"') {
      const raw = r.s.slice(r.i, j + 1);
      r.i = j + 1;
      return { value: JSON.parse(raw), complete: true, usable: true };
    }
    j++;
  }
  r.i = r.s.length;
  return INCOMPLETE;
}

const ATOM_RE = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/;

function parseAtom(r: Reader): Parsed {
  const m = ATOM_RE.exec(r.s.slice(r.i));
  if (!m) {
    r.i = r.s.length;
    return INCOMPLETE;
  }
  const after = r.i + m[0].length;
  // "12" at the very end may yet be "123"; "tru" is not a match at all.
  if (after >= r.s.length) {
    r.i = r.s.length;
    return INCOMPLETE;
  }
  r.i = after;
  return { value: JSON.parse(m[0]), complete: true, usable: true };
}

function parseArray(r: Reader): Parsed {
  r.i++; // [
  const out: unknown[] = [];
  for (;;) {
    r.ws();
    if (r.end) return { value: out, complete: false, usable: true };
    if (r.peek() === ']') {
      r.i++;
      return { value: out, complete: true, usable: true };
    }
    if (r.peek() === ',') {
      r.i++;
      continue;
    }
    const item = parseValue(r);
    if (!item.complete) return { value: out, complete: false, usable: true };
    out.push(item.value);
  }
}

function parseObjectInto(r: Reader, target: PartialObject): Parsed {
  r.i++; // {
  for (;;) {
    r.ws();
    if (r.end) return { value: target.value, complete: false, usable: true };
    const c = r.peek();
    if (c === '}') {
      r.i++;
      target.complete = true;
      return { value: target.value, complete: true, usable: true };
    }
    if (c === ',') {
      r.i++;
      continue;
    }
    if (c !== '"') {
      r.i = r.s.length;
      return { value: target.value, complete: false, usable: true };
    }
    const key = parseString(r);
    if (!key.complete) return { value: target.value, complete: false, usable: true };
    r.ws();
    if (r.end || r.peek() !== ':') return { value: target.value, complete: false, usable: true };
    r.i++;
    r.ws();
    if (r.end) return { value: target.value, complete: false, usable: true };
    const v = parseValue(r);
    if (v.usable) target.value[key.value as string] = v.value;
    if (!v.complete) return { value: target.value, complete: false, usable: true };
    target.completeKeys.push(key.value as string);
  }
}

function parseValue(r: Reader): Parsed {
  r.ws();
  if (r.end) return INCOMPLETE;
  const c = r.peek();
  if (c === '"') return parseString(r);
  if (c === '[') return parseArray(r);
  if (c === '{') return parseObjectInto(r, { value: {}, completeKeys: [], complete: false });
  return parseAtom(r);
}

/**
 * The top-level object of a JSON prefix (a Markdown fence before it is skipped, as some servers
 * add one in JSON mode). Empty until the opening brace has arrived.
 */
export function readPartialObject(prefix: string): PartialObject {
  const target: PartialObject = { value: {}, completeKeys: [], complete: false };
  const start = prefix.indexOf('{');
  if (start === -1) return target;
  const r = new Reader(prefix);
  r.i = start;
  parseObjectInto(r, target);
  return target;
}

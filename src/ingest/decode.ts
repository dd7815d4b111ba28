import { UserError } from '../errors.ts';

/** How many leading bytes are searched for a `<meta charset>` declaration. */
const META_SNIFF_BYTES = 4096;
/** How many leading bytes are examined to tell text from binary data. */
const BINARY_SNIFF_BYTES = 8192;

export interface Decoded {
  text: string;
  /** The WHATWG name of the encoding actually used, e.g. "utf-8", "euc-kr", "windows-1252". */
  charset: string;
}

/**
 * Turns fetched or read bytes into text. Order of authority: a byte-order mark, then the charset
 * parameter of the Content-Type header, then a `<meta charset>` / `<meta http-equiv>` declaration
 * near the start of the document, then UTF-8.
 *
 * Throws `UserError('binary-input')` for data that is clearly not text (images, PDFs, archives) and
 * `UserError('unknown-encoding')` when the declared charset is unknown and the bytes are not UTF-8.
 */
export function decodeBytes(bytes: Uint8Array, opts: { contentType?: string | null } = {}): Decoded {
  const bom = sniffBom(bytes);
  if (bom) return { text: decodeWith(bom.charset, bytes.subarray(bom.length), false), charset: bom.charset };

  const headerLabel = charsetFromContentType(opts.contentType);
  const headerCharset = headerLabel ? resolveLabel(headerLabel) : null;
  // UTF-16 without a BOM legitimately contains NUL bytes; everything else with NULs is binary.
  if (!headerCharset?.startsWith('utf-16')) assertNotBinary(bytes);

  let declared = headerCharset;
  let declaredLabel = headerLabel;
  if (!declaredLabel) {
    declaredLabel = sniffMetaCharset(bytes);
    declared = declaredLabel ? resolveLabel(declaredLabel) : null;
    // A document that can be read as ASCII cannot be UTF-16; the HTML standard reads it as UTF-8.
    if (declared?.startsWith('utf-16')) declared = 'utf-8';
  }

  if (declaredLabel && !declared) {
    // An unknown label: harmless when the bytes are valid UTF-8 (plain ASCII included).
    const utf8 = tryDecode('utf-8', bytes);
    if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
    throw new UserError(
      'unknown-encoding',
      `The document declares an unknown character encoding "${declaredLabel}" and is not valid UTF-8.`,
    );
  }

  if (declared && declared !== 'utf-8') {
    // Servers often label UTF-8 pages as Latin-1; valid multi-byte UTF-8 is almost never an accident.
    if (declared === 'windows-1252' && hasNonAscii(bytes)) {
      const utf8 = tryDecode('utf-8', bytes);
      if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
    }
    const text = tryDecode(declared, bytes);
    if (text !== null) return { text, charset: declared };
    // The declaration is wrong or the bytes are damaged: prefer UTF-8 if it fits, else keep the
    // declared encoding with replacement characters for the broken sequences.
    const utf8 = tryDecode('utf-8', bytes);
    if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
    return { text: decodeWith(declared, bytes, false), charset: declared };
  }

  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
  const lenient = decodeWith('utf-8', bytes, false);
  if (declared === 'utf-8' || replacementShare(lenient) < 0.01) return { text: lenient, charset: 'utf-8' };
  // Undeclared and mostly not UTF-8: the web's historical default.
  return { text: decodeWith('windows-1252', bytes, false), charset: 'windows-1252' };
}

/** The charset parameter of a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2]?.trim() || null;
}

/** The canonical WHATWG encoding name for a label, or null when the label is unknown. */
export function resolveLabel(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function sniffBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  return null;
}

function sniffMetaCharset(bytes: Uint8Array): string | null {
  // latin1 maps every byte to one code unit, so ASCII markup survives whatever the real encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SNIFF_BYTES)).toString(
    'latin1',
  );
  const metaRe = /<meta\b[^>]*>/gi;
  for (let m = metaRe.exec(head); m; m = metaRe.exec(head)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(tag);
    if (direct?.[1]) return direct[1];
  }
  // <?xml version="1.0" encoding="..."?> for XHTML served as text.
  const xml = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return xml?.[1] ?? null;
}

function assertNotBinary(bytes: Uint8Array): void {
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  if (n === 0) return;
  const kind = magicKind(bytes);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) {
      throw new UserError('binary-input', binaryMessage(kind));
    }
    // Tab, LF, FF, CR and ESC (ISO-2022 escapes) occur in text; other C0 controls rarely do.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  if (kind || control / n > 0.05) throw new UserError('binary-input', binaryMessage(kind));
}

function magicKind(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'a PDF file';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'a GIF image';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive (or Office document)';
  if (starts(0x1f, 0x8b)) return 'gzip-compressed data';
  return null;
}

function binaryMessage(kind: string | null): string {
  return `This looks like ${kind ?? 'binary data'}, not an article: give an HTML page or a text file.`;
}

function tryDecode(charset: string, bytes: Uint8Array): string | null {
  try {
    return decodeWith(charset, bytes, true);
  } catch {
    return null;
  }
}

/** Bytes 0x80–0x9F in windows-1252 (the Encoding Standard's index; five bytes stay C1 controls). */
const WINDOWS_1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

function decodeWith(charset: string, bytes: Uint8Array, fatal: boolean): string {
  if (charset === 'windows-1252') {
    // Node ≥ 20.18.3 decodes windows-1252 (and latin1, ascii, which mean it on the web) as ISO-8859-1,
    // so “curly quotes”, dashes and € came out as C1 controls (nodejs/node#60888). Mapped here.
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] as string);
  }
  return new TextDecoder(charset, { fatal, ignoreBOM: true }).decode(bytes);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

function replacementShare(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) n++;
  return n / text.length;
}

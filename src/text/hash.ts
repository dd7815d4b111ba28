import { createHash } from 'node:crypto';

/** sha256 (hex) of the text after Unicode NFKC and whitespace collapsing. */
export function contentHash(text: string): string {
  const normalised = text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

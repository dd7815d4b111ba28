/*
 * Invisible Unicode, removed from article text at ingest (before storage, so the model, quote
 * verification and readers all see the same text) and again when a prompt is built (articles
 * stored before this existed). Such characters are invisible to an editor reading the page but
 * readable by a model: tag characters spell hidden ASCII ("ASCII smuggling"), bidi overrides make
 * the displayed order differ from the logical one, zero-width spaces hide or split words.
 *
 * Removed everywhere:
 *   - zero-width space U+200B, word joiner U+2060, invisible operators U+2061–2064, BOM U+FEFF
 *     (anywhere: a BOM is only meaningful as the first byte of a file, which decoding already ate),
 *     Mongolian vowel separator U+180E, interlinear annotation U+FFF9–FFFB;
 *   - bidi controls: LRM/RLM U+200E/200F and ALM U+061C (display hints only; Slack runs its own
 *     bidi algorithm), embeddings/overrides U+202A–202E, isolates U+2066–2069;
 *   - tag characters U+E0000–E007F (their one legitimate use, subdivision flags such as
 *     England's, is lost: the flag shows as a plain black flag);
 *   - soft hyphen U+00AD: a line-break hint only, and it splits words for the model and matcher;
 *   - C0/C1 control characters other than tab and newlines.
 * Kept where they are needed:
 *   - ZWNJ U+200C and ZWJ U+200D are spelling in Persian, Urdu, Kurdish and the Indic scripts
 *     (می‌خواهم, conjunct forms) and glue emoji sequences (👩‍💻): kept between two letters/marks
 *     outside ASCII or between two emoji, dropped elsewhere (e.g. "ig\u200Dnore").
 *   - variation selectors (U+FE00–FE0F, U+E0100–E01EF) choose an emoji or CJK glyph form: one is
 *     kept after its base character; a run of two or more is never text and can smuggle bytes, so
 *     runs are dropped whole.
 */

// C0/C1 controls but tab, LF, CR. A string, since biome rejects control characters in regex literals.
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const ALWAYS = new RegExp(
  `[${CONTROLS}\\u00AD\\u061C\\u180E\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\uFFF9-\\uFFFB\\u{E0000}-\\u{E007F}]`,
  'gu',
);

const VS = '[\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]';
const VS_RUN = new RegExp(`${VS}{2,}`, 'gu');

/** A letter or mark outside ASCII, or an emoji (with an optional selector or skin tone before a ZWJ). */
const JOINABLE = String.raw`(?:(?![\x00-\x7F])[\p{L}\p{M}\p{N}]|\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]?)`;
const JOINER = /[\u200C\u200D]+/gu;
const JOINABLE_BEFORE = new RegExp(`${JOINABLE}$`, 'u');
const JOINABLE_AFTER = new RegExp(`^${JOINABLE}`, 'u');

/** `text` without the invisible characters listed above. Idempotent. */
export function stripInvisible(text: string): string {
  const out = text.replace(ALWAYS, '').replace(VS_RUN, '');
  if (!/[\u200C\u200D]/.test(out)) return out;
  return out.replace(JOINER, (run, offset: number, whole: string) => {
    const before = JOINABLE_BEFORE.test(whole.slice(Math.max(0, offset - 6), offset));
    const after = JOINABLE_AFTER.test(whole.slice(offset + run.length, offset + run.length + 6));
    // One joiner between joinable characters is spelling; a run of them never is.
    return before && after ? (run[0] as string) : '';
  });
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectPath } from '../paths.ts';
import type { Article } from './article.ts';
import { parsePlainText } from './text.ts';

/*
 * The sample articles a fresh console starts with (fixtures/samples): realistic stories with a
 * title, an outlet and a publication time relative to the moment they are loaded, so that
 * `/brief korea-japan` finds the summit story within the default window whatever the day.
 * Dates written in the text are placeholders filled in from the publication date, so "on the 25th"
 * stays two days after a story published on the 23rd.
 */

export const SAMPLES_DIR = projectPath('fixtures', 'samples');

interface SampleEntry {
  file: string;
  outlet: string;
  /** Path of the sample's address under SAMPLE_HOST: the key that keeps a second seed from duplicating it. */
  slug: string;
  hoursAgo: number;
}

/** A reserved name (RFC 2606): the address can never lead to someone's real page. */
const SAMPLE_HOST = 'https://samples.newsbrief.invalid/';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DAY_MS = 86_400_000;

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * Fills `{{day:N}}`, `{{date:N}}` and `{{month:N}}` from `published` (UTC): N days (months) later.
 * `{{day:N}}` reads "the 25th" within the publication month and "September 1" outside it, as a
 * reporter would write it.
 */
export function fillDates(text: string, published: Date): string {
  return text.replace(/\{\{(day|date|month):([+-]?\d+)\}\}/g, (_m, kind: string, offset: string) => {
    const n = Number(offset);
    if (kind === 'month') {
      return MONTHS[(((published.getUTCMonth() + n) % 12) + 12) % 12] as string;
    }
    const d = new Date(published.getTime() + n * DAY_MS);
    const monthDay = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    if (kind === 'date') return monthDay;
    const sameMonth =
      d.getUTCMonth() === published.getUTCMonth() && d.getUTCFullYear() === published.getUTCFullYear();
    return sameMonth ? `the ${ordinal(d.getUTCDate())}` : monthDay;
  });
}

/** The samples as articles published relative to `now`, each with its title, outlet and address. */
export async function loadSamples(now: Date = new Date(), dir = SAMPLES_DIR): Promise<Article[]> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { samples: SampleEntry[] };
  const articles: Article[] = [];
  for (const entry of index.samples) {
    const published = new Date(now.getTime() - entry.hoursAgo * 3_600_000);
    published.setUTCSeconds(0, 0);
    const raw = await readFile(join(dir, entry.file), 'utf8');
    const article = parsePlainText(fillDates(raw, published), { source: entry.file });
    articles.push({
      ...article,
      title: article.title ?? entry.file,
      siteName: entry.outlet,
      url: new URL(entry.slug, SAMPLE_HOST).toString(),
      lang: 'en',
      publishedAt: published.toISOString(),
    });
  }
  return articles;
}

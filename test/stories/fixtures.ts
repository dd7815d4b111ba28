import { readdirSync, readFileSync } from 'node:fs';
import type { Article } from '../../src/ingest/article.ts';

const ENGLISH = new URL('../../fixtures/stories/', import.meta.url);
/** Korean and Japanese reports of six stories (fixtures/stories-cjk/README.md). */
export const CJK_STORIES = new URL('../../fixtures/stories-cjk/', import.meta.url);

export interface StoryFixture {
  name: string;
  /** Ground truth: fixtures with the same value are one story. */
  story: string;
  /**
   * Ground truth across languages: the event it reports (the `event` header, else its story).
   * One story label may cover two events, e.g. Japan's and Korea's rate decisions of one week.
   */
  event: string;
  article: Article;
  at: number;
}

/**
 * fixtures/stories/*.txt: `key: value` header lines, `---`, then the text. With `latestAt`, every
 * date moves by the same amount so that the newest fixture is at that time (for tests on the real
 * clock).
 */
export function storyFixtures(opts: { latestAt?: Date; dir?: URL } = {}): StoryFixture[] {
  const fixtures = readFixtures(opts.dir ?? ENGLISH);
  if (!opts.latestAt) return fixtures;
  const shift = opts.latestAt.getTime() - Math.max(...fixtures.map((f) => f.at));
  return fixtures.map((f) => {
    const at = f.at + shift;
    return { ...f, at, article: { ...f.article, publishedAt: new Date(at).toISOString() } };
  });
}

function readFixtures(dir: URL): StoryFixture[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((file) => {
      const raw = readFileSync(new URL(file, dir), 'utf8');
      const [head = '', ...body] = raw.split(/^---$/m);
      const meta = Object.fromEntries(
        head
          .trim()
          .split('\n')
          .map((line) => {
            const i = line.indexOf(':');
            return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
          }),
      );
      const published = meta.published ?? '';
      return {
        name: file.replace(/\.txt$/, ''),
        story: meta.story ?? '',
        event: meta.event ?? meta.story ?? '',
        at: Date.parse(published),
        article: {
          text: body.join('---').trim(),
          title: meta.title ?? null,
          source: meta.url ?? file,
          url: meta.url ?? null,
          siteName: meta.site ?? null,
          lang: meta.lang ?? 'en',
          publishedAt: published || null,
        },
      };
    });
}

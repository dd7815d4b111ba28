import { readdirSync, readFileSync } from 'node:fs';
import type { Article } from '../../src/ingest/article.ts';

const DIR = new URL('../../fixtures/stories/', import.meta.url);

export interface StoryFixture {
  name: string;
  /** Ground truth: fixtures with the same value are one story. */
  story: string;
  article: Article;
  at: number;
}

/** fixtures/stories/*.txt: `key: value` header lines, `---`, then the text. */
export function storyFixtures(): StoryFixture[] {
  return readdirSync(DIR)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((file) => {
      const raw = readFileSync(new URL(file, DIR), 'utf8');
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
        at: Date.parse(published),
        article: {
          text: body.join('---').trim(),
          title: meta.title ?? null,
          source: meta.url ?? file,
          url: meta.url ?? null,
          siteName: meta.site ?? null,
          lang: 'en',
          publishedAt: published || null,
        },
      };
    });
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { extractHtml } from '../../src/ingest/extract.ts';
import { loadArticle } from '../../src/ingest/load.ts';

const noFetch = { fetchPage: async () => Promise.reject(new Error('no network in tests')) };
const sectionFront = readFileSync('fixtures/pages/section-front.html', 'utf8');

const sentence =
  'The council voted on Tuesday evening to turn two of the avenue’s four car lanes into bus lanes after a year of public hearings.';

describe('a section front, index or search-results page', () => {
  it('is refused with a clear message naming a few of its articles', async () => {
    const refused = await loadArticle('fixtures/pages/section-front.html', noFetch).catch((e) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect(refused.code).toBe('index-page');
    expect(refused.message).toContain('is a section front or list of articles (5 headlines');
    expect(refused.message).toContain(
      '“Lee and Ishiba agree to expand cooperation at Tokyo summit” https://ledger.example/world/2026/11/30/lee-ishiba-tokyo-summit',
    );
    expect(refused.message).toContain('2 more on the page');
  });

  it('is still extracted as it comes where nobody asked for a brief (batch extraction, feeds)', () => {
    expect(extractHtml(sectionFront, { source: 'x.html' }).text).toContain('Storm Mira');
  });

  it('never catches an article: one that says so, or one with a box of related headlines', async () => {
    const summit = await loadArticle('fixtures/articles/summit-tokyo.html', noFetch);
    expect(summit.title).toContain('Lee and Ishiba');
    const related = Array.from(
      { length: 6 },
      (_, i) => `<li><a href="/city/story-${i}">Another long headline about the city number ${i}</a></li>`,
    ).join('');
    const article = `<html><head><title>Bus lanes</title></head><body><main><h1>Council votes for bus lanes</h1>
      <div class="body">${sentence}<br><br>${sentence} ${sentence}<br><br>${sentence}</div>
      <aside><ul>${related}</ul></aside><section class="more"><ul>${related.replace(/story-/g, 'more-')}</ul></section>
      </main></body></html>`;
    expect(extractHtml(article, { source: 'a.html', refuseIndexPages: true }).text).toContain('bus lanes');
  });
});

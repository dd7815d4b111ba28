import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBatch } from '../../src/ingest/batch.ts';

const page = (sentence: string) =>
  `<html><head><title>T</title></head><body><nav><a href="/">Home</a></nav><article><h1>Headline</h1>${[
    1, 2, 3, 4, 5, 6,
  ]
    .map((n) => `<p>${sentence} Officials gave update number ${n} at a briefing in the afternoon.</p>`)
    .join('')}</article></body></html>`;

describe('extractBatch', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsbrief-batch-'));
    await mkdir(join(dir, 'html'));
    await writeFile(
      join(dir, 'html', 'plain.html'),
      page('The ferry service resumed on Monday after a two-week strike by crews.'),
    );
    await writeFile(
      join(dir, 'html', 'packed.html.gz'),
      gzipSync(page('Council members voted to extend the night bus trial until the end of the year.')),
    );
    await writeFile(join(dir, 'html', 'broken.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    await writeFile(join(dir, 'html', 'notes.txt'), 'not a page');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('extracts every page by id, plain or gzip, and never stops on a bad file', async () => {
    const seen: string[] = [];
    const out = await extractBatch(dir, {
      onPage: (id, _article, _ms, error) => seen.push(`${id}:${error ? 'error' : 'ok'}`),
    });
    expect(Object.keys(out).sort()).toEqual(['broken', 'packed', 'plain']);
    expect(out.plain?.articleBody).toContain('The ferry service resumed on Monday');
    expect(out.plain?.articleBody).not.toContain('Home');
    expect(out.plain?.articleBody).not.toContain('Headline');
    expect(out.packed?.articleBody).toContain('night bus trial');
    expect(out.broken).toEqual({ articleBody: '' });
    expect(seen.sort()).toEqual(['broken:error', 'packed:ok', 'plain:ok']);
  });
});

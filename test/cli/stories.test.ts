import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BriefResult, Source } from '../../src/brief/engine.ts';
import { openStore } from '../../src/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { storyFixtures } from '../stories/fixtures.ts';

/*
 * The store commands on an embedded store in a temporary DATA_DIR, filled with fixtures/stories
 * dated so the latest is an hour ago (the first Busan talks are then eight days old).
 */

let dataDir: string;

const run = (argv: string[]) => runCli(argv, { LOG_LEVEL: 'silent', DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nb-stories-'));
  const store = await openStore({ dataDir });
  try {
    for (const f of storyFixtures({ latestAt: new Date(Date.now() - 3_600_000) })) {
      const { article } = await store.articles.add(f.article);
      await store.stories.assign(article);
    }
  } finally {
    await store.close();
  }
});

describe('newsbrief stories', () => {
  it('lists the stories with their article counts and outlets', async () => {
    const { code, stdout } = await run(['stories', '--days', '30']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^7 stories in the last 30 days:/);
    expect(stdout).toMatch(
      /#\d+ {2}Seoul and Tokyo agree to ease export curbs on chip materials\n {5}3 articles, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\n {5}- The Harbor Ledger: /,
    );
    expect(stdout).toContain('- Eastern Wire: Cho Woo-jin strikes late as Korea beat Japan <https://');
  });

  it('lists the stories matching a topic in the window', async () => {
    const { stdout } = await run(['stories', 'korea', 'japan', 'export']);
    expect(stdout).toContain('1 story matching "korea japan export" in the last 7 days:');
    expect(stdout).toContain('Korea and Japan trade officials meet again on export controls');
  });
});

describe('newsbrief brief <topic>', () => {
  it('briefs the best story from the store, listing every article of the story in --json', async () => {
    const { code, stdout, stderr } = await run(['brief', 'photoresist', '--days', '30', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as BriefResult & { story: { headline: string; sources: Source[] } };
    expect(result.meta.engine).toBe('extractive');
    expect(result.sources).toHaveLength(3);
    expect(result.story.headline).toBe('Seoul and Tokyo agree to ease export curbs on chip materials');
    expect(result.story.sources.map((s) => s.siteName).sort()).toEqual([
      'Eastern Wire',
      'Pacific Daily Brief',
      'The Harbor Ledger',
    ]);
  });

  it('says when only older stories match, and which --days reaches them', async () => {
    const { code, stderr } = await run(['brief', 'photoresist']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no story about "photoresist" in the last 7 days; .*: try --days (9|10)\n$/);
  });

  it('takes a topic of several words, and says when nothing matches', async () => {
    const { code, stderr } = await run(['brief', 'volcano', 'iceland']);
    expect(code).toBe(1);
    expect(stderr).toContain('no articles about "volcano iceland" in the store');
  });
});

describe('newsbrief ingest', () => {
  it('puts ingested articles in stories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-ingest-'));
    const [a, b] = storyFixtures().filter((f) => f.story === 'football-friendly');
    if (!a || !b) throw new Error('fixtures');
    writeFileSync(join(dir, 'a.txt'), `Late winner in Seoul\n\n${a.article.text}`);
    writeFileSync(join(dir, 'b.txt'), `Korea come from behind\n\n${b.article.text}`);
    const previous = dataDir;
    dataDir = mkdtempSync(join(tmpdir(), 'nb-stories-'));
    try {
      expect((await run(['ingest', join(dir, 'a.txt'), join(dir, 'b.txt')])).code).toBe(0);
      const { stdout } = await run(['stories']);
      expect(stdout).toContain('1 story in the last 7 days:');
      expect(stdout).toContain('2 articles');
    } finally {
      dataDir = previous;
    }
  });
});

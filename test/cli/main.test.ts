import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefResult } from '../../src/brief/engine.ts';
import { runCli } from '../helpers/cli.ts';
import { COMPLETIONS, LLM_BASE, LLM_HOST, recorded } from '../helpers/llm.ts';

const LLM_ENV = {
  OPENAI_API_KEY: 'sk-test-key',
  OPENAI_BASE_URL: LLM_BASE,
  LOG_LEVEL: 'silent',
  OPENAI_MAX_RETRIES: '0',
};
const NO_LLM_ENV = { LOG_LEVEL: 'silent' };

const run = (argv: string[], env: Record<string, string> = LLM_ENV) => runCli(argv, env);

afterEach(() => nock.cleanAll());

describe('newsbrief brief', () => {
  it('prints verified JSON: a fabricated quote and an unnamed person are dropped, a curly quote kept', async () => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal.faulty'));

    const { code, stdout, stderr } = await run(['brief', 'fixtures/articles/port-deal.txt', '--json']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as BriefResult;
    expect(result.brief.who.map((w) => w.name)).toEqual(['Alberto van Klaveren', 'Nguyen Hong Dien']);
    expect(result.brief.agreements.map((a) => a.statement)).not.toContain('Chile will buy Vietnamese rice.');
    expect(result.brief.where.map((w) => w.place)).toContain('Valparaíso port authority');
    expect(result.meta.dropped.map((d) => [d.field, d.reason])).toEqual(
      expect.arrayContaining([
        ['who', 'name-not-in-article'],
        ['agreements', 'quote-not-found'],
      ]),
    );
    expect(result.meta.dropped).toHaveLength(2);
    expect(result.meta).toMatchObject({ engine: 'llm', model: 'gpt-4.1-mini', promptVersion: 'brief-v4' });
    expect(result.meta.usage).toEqual({ promptTokens: 815, completionTokens: 520, totalTokens: 1335 });
    expect(result.sources[0]?.title).toBe('Chile and Vietnam sign port and shipping accord in Valparaíso');
  });

  it('prints a readable brief with sections, sources and what was dropped', async () => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal.faulty'));

    const { code, stdout } = await run(['brief', 'fixtures/articles/port-deal.txt']);

    expect(code).toBe(0);
    for (const heading of ['Who:', 'Where:', 'When:', 'Agreements:', 'Next steps:', 'Sources:']) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toContain('Alberto van Klaveren — Chilean Foreign Minister');
    expect(stdout).toContain('on Monday (date not stated)');
    expect(stdout).toMatch(/2 dropped \(1 name not in the article, 1 quote not found in the article\)/);
    expect(stdout).not.toContain('Gabriel Boric');
  });

  it('makes no LLM call for an empty article and says why', async () => {
    const scope = nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));
    const dir = mkdtempSync(join(tmpdir(), 'nb-'));
    writeFileSync(join(dir, 'empty.txt'), '   \n\n  ');

    const { code, stderr } = await run(['brief', join(dir, 'empty.txt')]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^newsbrief: .*empty/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a binary file with one clear line and no LLM call', async () => {
    const scope = nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));
    const dir = mkdtempSync(join(tmpdir(), 'nb-'));
    writeFileSync(
      join(dir, 'photo.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0, 1, 2]),
    );

    const { code, stderr } = await run(['brief', join(dir, 'photo.txt')]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/looks like a PNG image, not an article/);
    expect(scope.isDone()).toBe(false);
  });

  it('falls back to the extractive engine when the LLM fails, and says so', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(503, { error: { message: 'overloaded' } });

    const { code, stdout } = await run(['brief', 'fixtures/articles/port-deal.txt', '--json']);

    expect(code).toBe(0);
    const result = JSON.parse(stdout) as BriefResult;
    expect(result.meta.engine).toBe('extractive');
    expect(result.meta.fallbackReason).toMatch(/The LLM failed .*503/);
    expect(result.meta.dropped).toEqual([]);
  });

  it('reports the LLM failure in one line when fallback is off', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(401, { error: { message: 'Incorrect API key provided: sk-test-key' } });

    const { code, stdout, stderr } = await run(['brief', 'fixtures/articles/port-deal.txt'], {
      ...LLM_ENV,
      BRIEF_FALLBACK: 'none',
    });

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^newsbrief: the LLM at https:\/\/llm\.test\/v1 rejected the API key \(401\); check OPENAI_API_KEY\n$/,
    );
  });

  it('works with no API key at all, extractively, and says how to add an LLM', async () => {
    const { code, stdout } = await run(['brief', 'fixtures/articles/port-deal.txt'], NO_LLM_ENV);

    expect(code).toBe(0);
    expect(stdout).toContain('Extractive brief');
    expect(stdout).toContain('Set OPENAI_API_KEY');
    expect(stdout).toContain('Alberto van Klaveren');
  });

  it('briefs a page fetched from a URL', async () => {
    const html = await readFile('fixtures/articles/summit-tokyo.html', 'utf8');
    nock('https://news.example')
      .get('/summit')
      .reply(200, html, { 'content-type': 'text/html; charset=utf-8' });

    const { code, stdout } = await run(['brief', 'https://news.example/summit', '--json'], NO_LLM_ENV);

    expect(code).toBe(0);
    const result = JSON.parse(stdout) as BriefResult;
    expect(result.sources[0]?.url).toMatch(/^https:\/\//);
    expect(result.sources[0]?.publishedAt).toBeTruthy();
    expect(result.brief.who.length).toBeGreaterThan(0);
  });
});

describe('usage errors exit with 2', () => {
  it.each([
    [[], /Usage:/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['brief'], /brief needs one article/],
    [['brief', 'a.txt', 'b.txt'], /brief needs one article/],
    [['stories', '--days', '0'], /--days must be a whole number/],
    [['brief', 'a.txt', '--engine', 'magic'], /--engine must be auto, llm or extractive/],
    [['brief', 'a.txt', '--colour'], /unknown option --colour for brief/],
    [['extract', '--batch', 'dir'], /needs --out/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(stdout + stderr).toMatch(message);
  });

  it.each([
    [['frobnicate'], 'newsbrief: unknown command "frobnicate"; try: newsbrief help\n'],
    [['brief', 'a.txt', '--colour'], 'newsbrief: unknown option --colour for brief; try: newsbrief help\n'],
    [['stories', '-x'], 'newsbrief: unknown option -x for stories; try: newsbrief help\n'],
    [['stories', '--days'], 'newsbrief: --days needs a value; try: newsbrief help\n'],
    [['brief', 'a.txt', '--json=yes'], 'newsbrief: --json takes no value; try: newsbrief help\n'],
    [
      ['feeds', 'list', '--colour'],
      'newsbrief: unknown option --colour for feeds list; try: newsbrief help\n',
    ],
    [['digest'], 'newsbrief: digest needs run; try: newsbrief help\n'],
  ])('%j is one plain line that ends with what to do', async (argv, line) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(line);
  });

  it('says which file is missing, and what to check', async () => {
    const { code, stderr } = await run(['brief', 'no/such/file.txt']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'newsbrief: cannot read no/such/file.txt: no such file; check the path (a URL starts with https://)\n',
    );
  });

  it.each([
    ['ftp://news.example/summit.txt', 'ftp'],
    ['file:///tmp/summit.txt', 'file'],
  ])('says the URL scheme of %s is not supported, rather than "no such file"', async (url, scheme) => {
    for (const command of ['brief', 'extract']) {
      const { code, stderr } = await run([command, url], NO_LLM_ENV);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `newsbrief: cannot read ${url}: ${scheme}: URLs are not supported; give an http(s) URL or a file path\n`,
      );
    }
  });

  it('counts one word as "1 word"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-'));
    writeFileSync(join(dir, 'one.txt'), 'Hello.\n');
    const { code, stderr } = await run(['brief', join(dir, 'one.txt')], NO_LLM_ENV);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: 1 word; a brief needs at least 40\.\n$/);
  });
});

describe('newsbrief extract', () => {
  it('prints the cleaned text of an HTML page without its navigation', async () => {
    const { code, stdout } = await run(['extract', 'fixtures/articles/summit-tokyo.html']);
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(500);
    expect(stdout).not.toMatch(/Subscribe|Share on|Related stories/i);
  });

  it('extracts a benchmark-style folder into one JSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-batch-'));
    const html = await readFile('fixtures/articles/summit-tokyo.html');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html', 'aaa.html'), html);
    writeFileSync(join(dir, 'html', 'bbb.html.gz'), gzipSync(html));
    const out = join(dir, 'out.json');

    const { code } = await run(['extract', '--batch', dir, '--out', out]);

    expect(code).toBe(0);
    const bodies = JSON.parse(await readFile(out, 'utf8')) as Record<string, { articleBody: string }>;
    expect(Object.keys(bodies).sort()).toEqual(['aaa', 'bbb']);
    expect(bodies.aaa?.articleBody).toBe(bodies.bbb?.articleBody);
    expect(bodies.aaa?.articleBody.length).toBeGreaterThan(500);
  });
});

import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchPage } from '../../src/ingest/fetch.ts';
import { loadArticle } from '../../src/ingest/load.ts';
import { fakeResolver } from '../helpers/dns.ts';

/* Fetched pages in legacy encodings come out as the right text, through the real fetcher and loader. */

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url));
const opts = { timeoutMs: 2_000, maxBytes: 1_000_000, allowPrivate: false, resolve: fakeResolver() };
const load = (url: string) => loadArticle(url, { fetchPage: (u) => fetchPage(u, opts) });

afterEach(() => nock.cleanAll());

describe('fetching pages in legacy encodings', () => {
  it.each([
    ['text/html', 'the page <meta>'],
    ['text/html; charset=EUC-KR', 'the Content-Type header'],
  ])('decodes an EUC-KR page served as %s (%s)', async (contentType) => {
    nock('https://news.example')
      .get('/busan')
      .reply(200, fixture('busan-port-euc-kr.html'), { 'content-type': contentType });
    const article = await load('https://news.example/busan');
    expect(article.title).toContain('부산항 새 부두 착공');
    expect(article.text).toContain(
      '부산항만공사는 23일 부산 강서구에서 새 컨테이너 부두 착공식을 열었다고 밝혔다.',
    );
  });

  it.each([
    ['text/html', 'the page <meta>'],
    ['text/html; charset=Shift_JIS', 'the Content-Type header'],
  ])('decodes a Shift_JIS page served as %s (%s)', async (contentType) => {
    nock('https://news.example')
      .get('/kobe')
      .reply(200, fixture('encodings/kobe-port-shift-jis.html'), { 'content-type': contentType });
    const article = await load('https://news.example/kobe');
    expect(article.title).toContain('神戸港に新しい岸壁');
    expect(article.text).toContain('市の担当者は「船の待ち時間が大きく減る」と説明した。');
  });

  it('decodes a gzip-compressed GB18030 page', async () => {
    const { gzipSync } = await import('node:zlib');
    nock('https://news.example')
      .get('/shenzhen')
      .reply(200, gzipSync(fixture('encodings/shenzhen-port-gb18030.html')), {
        'content-type': 'text/html',
        'content-encoding': 'gzip',
      });
    const article = await load('https://news.example/shenzhen');
    expect(article.text).toContain('盐田港区新集装箱码头正式开工');
  });

  it('decodes a windows-1252 page labelled ISO-8859-1 by its server', async () => {
    nock('https://news.example')
      .get('/lisboa')
      .reply(200, fixture('encodings/lisbon-port-windows-1252.html'), {
        'content-type': 'text/html; charset=ISO-8859-1',
      });
    const article = await load('https://news.example/lisboa');
    expect(article.text).toContain('“As esperas dos navios vão diminuir”');
  });
});

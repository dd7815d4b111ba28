import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { checkUrl, fetchPage } from '../../src/ingest/fetch.ts';

const opts = { timeoutMs: 500, maxBytes: 10_000, allowPrivate: false };

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

afterEach(() => nock.cleanAll());

describe('checkUrl', () => {
  it.each([
    'http://localhost/admin',
    'http://127.0.0.1:8080/',
    'http://10.1.2.3/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
  ])('refuses %s unless private addresses are allowed', (url) => {
    expect(() => checkUrl(url, false)).toThrow(/local or private address/);
    expect(checkUrl(url, true).href).toBeTruthy();
  });

  it('refuses schemes other than http and https', () => {
    expect(() => checkUrl('file:///etc/passwd', false)).toThrow(/only http and https/);
  });
});

describe('fetchPage', () => {
  it('returns the bytes, content type and final URL after a redirect', async () => {
    nock('https://news.example')
      .get('/a')
      .reply(301, '', { location: '/story' })
      .get('/story')
      .reply(200, '<html><body>ok</body></html>', { 'content-type': 'text/html; charset=utf-8' });

    const page = await fetchPage('https://news.example/a', opts);

    expect(Buffer.from(page.bytes).toString()).toContain('ok');
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.url).toBe('https://news.example/story');
  });

  it('refuses a redirect into the private network', async () => {
    nock('https://news.example').get('/a').reply(302, '', { location: 'http://127.0.0.1:5432/' });
    expect((await failure(fetchPage('https://news.example/a', opts))).code).toBe('private-address');
  });

  it('stops after five redirects', async () => {
    nock('https://news.example')
      .get(/\/r\d/)
      .times(6)
      .reply(302, '', {
        location: (req) => `/r${Number(req.path.slice(2)) + 1}`,
      });
    expect((await failure(fetchPage('https://news.example/r0', opts))).code).toBe('too-many-redirects');
  });

  it('cuts off a body larger than the limit', async () => {
    nock('https://news.example').get('/big').reply(200, 'x'.repeat(50_000), { 'content-type': 'text/html' });
    const error = await failure(fetchPage('https://news.example/big', opts));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than 10 KB/);
  });

  it('refuses content that is not a page or text', async () => {
    nock('https://news.example').get('/photo').reply(200, 'GIF89a', { 'content-type': 'image/gif' });
    expect((await failure(fetchPage('https://news.example/photo', opts))).message).toMatch(/image\/gif/);
  });

  it('names the HTTP status of a failed page', async () => {
    nock('https://news.example').get('/gone').reply(404, 'no');
    expect((await failure(fetchPage('https://news.example/gone', opts))).message).toMatch(/HTTP 404/);
  });

  it('gives up on a server that does not answer in time', async () => {
    nock('https://news.example')
      .get('/slow')
      .delay(2_000)
      .reply(200, 'late', { 'content-type': 'text/html' });
    expect((await failure(fetchPage('https://news.example/slow', { ...opts, timeoutMs: 100 }))).code).toBe(
      'fetch-timeout',
    );
  });
});

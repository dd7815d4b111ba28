import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { checkUrl, fetchPage, USER_AGENT } from '../../src/ingest/fetch.ts';
import { fakeResolver } from '../helpers/dns.ts';

const opts = { timeoutMs: 500, maxBytes: 10_000, allowPrivate: false, resolve: fakeResolver() };

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
    'http://LOCALHOST./',
    'http://app.localhost:3000/',
    'http://127.0.0.1:8080/',
    'http://10.1.2.3/',
    'http://100.64.0.1/',
    'http://172.16.0.1/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://[::]/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a00:1]/',
    // Decimal, hex, octal and short IPv4 spellings of 127.0.0.1 and the metadata address.
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0/',
    'http://0xa9fea9fe/',
    'http://2852039166/',
  ])('refuses %s unless private addresses are allowed', (url) => {
    expect(() => checkUrl(url, false)).toThrow(/^refusing to fetch http:\/\/.*: .*(address|name)/);
    expect(checkUrl(url, true).href).toBeTruthy();
  });

  it('names the reason', () => {
    expect(() => checkUrl('http://10.0.0.1/x?token=secret', false)).toThrow(
      /^refusing to fetch http:\/\/10\.0\.0\.1\/: private address \(FETCH_ALLOW_PRIVATE/,
    );
  });

  it('refuses schemes other than http and https, and URLs with credentials', () => {
    expect(() => checkUrl('file:///etc/passwd', false)).toThrow(/only http and https/);
    expect(() => checkUrl('gopher://news.example/', false)).toThrow(/only http and https/);
    expect(() => checkUrl('https://user:pw@news.example/', false)).toThrow(/user name or password/);
  });
});

describe('fetchPage: addresses', () => {
  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://localhost:8080/',
  ])('refuses %s without asking DNS or connecting', async (url) => {
    const resolve = fakeResolver();
    const scope = nock(new URL(url).origin).get(/.*/).reply(200, 'secret', { 'content-type': 'text/plain' });
    expect((await failure(fetchPage(url, { ...opts, resolve }))).code).toBe('private-address');
    expect(resolve.calls).toEqual([]);
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a name that resolves to a private address, without connecting', async () => {
    const resolve = fakeResolver({ 'evil.example': '127.0.0.1' });
    const scope = nock('https://evil.example')
      .get('/')
      .reply(200, 'secret', { 'content-type': 'text/plain' });
    const error = await failure(fetchPage('https://evil.example/', { ...opts, resolve }));
    expect(error.code).toBe('private-address');
    expect(error.message).toMatch(/evil\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect(scope.isDone()).toBe(false);
  });

  it.each([['10.0.0.5'], ['169.254.169.254'], ['::ffff:192.168.1.1'], ['fd00:ec2::254']])(
    'refuses a name that resolves to %s',
    async (address) => {
      const resolve = fakeResolver({ 'evil.example': address });
      expect((await failure(fetchPage('https://evil.example/', { ...opts, resolve }))).code).toBe(
        'private-address',
      );
    },
  );

  it('refuses a name when any one of its addresses is private', async () => {
    const resolve = fakeResolver({ 'evil.example': ['93.184.215.14', '10.0.0.5'] });
    expect((await failure(fetchPage('https://evil.example/', { ...opts, resolve }))).message).toMatch(
      /resolves to 10\.0\.0\.5/,
    );
  });

  it('logs a refusal with the host and reason only', async () => {
    const logged: object[] = [];
    const resolve = fakeResolver({ 'evil.example': '10.0.0.5' });
    await failure(
      fetchPage('https://evil.example/path?token=s3cret', {
        ...opts,
        resolve,
        logger: { warn: (obj) => logged.push(obj) },
      }),
    );
    expect(logged).toEqual([
      expect.objectContaining({ event: 'fetch-refused', host: 'evil.example', address: '10.0.0.5' }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('s3cret');
  });

  it('says when a name does not resolve', async () => {
    const resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect((await failure(fetchPage('https://nowhere.example/', { ...opts, resolve }))).message).toMatch(
      /nowhere\.example was not found/,
    );
    const flaky = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    expect(
      (await failure(fetchPage('https://nowhere.example/', { ...opts, resolve: flaky }))).message,
    ).toMatch(/nowhere\.example could not be resolved \(EAI_AGAIN\)/);
  });

  it('refuses a redirect from a public host to 127.0.0.1', async () => {
    nock('https://news.example').get('/a').reply(302, '', { location: 'http://127.0.0.1:5432/' });
    expect((await failure(fetchPage('https://news.example/a', opts))).code).toBe('private-address');
  });

  it('refuses a redirect to a name that resolves privately, checking every hop', async () => {
    const resolve = fakeResolver({ 'internal.example': '192.168.0.7' });
    nock('https://news.example')
      .get('/a')
      .reply(301, '', { location: 'https://news.example/b' })
      .get('/b')
      .reply(302, '', { location: 'http://internal.example/admin' });
    const internal = nock('http://internal.example').get('/admin').reply(200, 'admin', {
      'content-type': 'text/html',
    });
    expect((await failure(fetchPage('https://news.example/a', { ...opts, resolve }))).code).toBe(
      'private-address',
    );
    expect(resolve.calls).toEqual(['news.example', 'news.example', 'internal.example']);
    expect(internal.isDone()).toBe(false);
  });

  it('refuses a redirect to another scheme', async () => {
    nock('https://news.example').get('/a').reply(302, '', { location: 'file:///etc/passwd' });
    expect((await failure(fetchPage('https://news.example/a', opts))).message).toMatch(/only http and https/);
  });
});

describe('fetchPage: connecting to the checked address', () => {
  let server: Server | undefined;

  afterEach(async () => {
    nock.disableNetConnect();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  /** A real server on 127.0.0.1; requests named *.example may reach it (nock matches by name). */
  async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
    server = createServer(handler);
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    nock.enableNetConnect((host) => /\.example:\d+$/.test(host));
    return (server.address() as AddressInfo).port;
  }

  it('connects to the address it checked, once, with the Host header and User-Agent intact', async () => {
    const seen: Record<string, string | undefined> = {};
    const port = await listen((req, res) => {
      seen.host = req.headers.host;
      seen.ua = req.headers['user-agent'];
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<p>local</p>');
    });
    // A rebinding resolver: the first answer passes the check, a second one would go elsewhere.
    let answers = 0;
    const resolve = async () => {
      answers++;
      return [{ address: answers === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 as const }];
    };
    const page = await fetchPage(`http://rebind.example:${port}/story`, {
      ...opts,
      allowPrivate: true,
      resolve,
    });
    expect(Buffer.from(page.bytes).toString()).toBe('<p>local</p>');
    expect(answers).toBe(1);
    expect(seen).toEqual({ host: `rebind.example:${port}`, ua: USER_AGENT });
    expect(USER_AGENT).toMatch(/^newsbrief\/\d+\.\d+\.\d+ \(/);
  });

  it('cuts a 50 MB body off at the 5 MB limit while streaming', async () => {
    let sent = 0;
    let finished = false;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const port = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html'); // no Content-Length: only streaming can stop it
      const pump = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        finished = true;
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const resolve = fakeResolver({ 'big.example': '127.0.0.1' });
    const error = await failure(
      fetchPage(`http://big.example:${port}/`, {
        ...opts,
        timeoutMs: 10_000,
        maxBytes: 5 * 1024 * 1024,
        allowPrivate: true,
        resolve,
      }),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than 5120 KB/);
    await new Promise((r) => setTimeout(r, 50));
    expect(finished).toBe(false);
    expect(sent).toBeLessThan(25 * 1024 * 1024);
  });

  it('gives up on a server that trickles its body past the total timeout', async () => {
    const port = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html');
      const t = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(t));
    });
    const resolve = fakeResolver({ 'slow.example': '127.0.0.1' });
    const started = Date.now();
    const error = await failure(
      fetchPage(`http://slow.example:${port}/`, { ...opts, timeoutMs: 300, allowPrivate: true, resolve }),
    );
    expect(error.code).toBe('fetch-timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
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

  it('sends the User-Agent and accepts compressed bodies', async () => {
    nock('https://news.example', { reqheaders: { 'user-agent': USER_AGENT } })
      .get('/z')
      .reply(200, gzipSync('<p>unzipped</p>'), { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    expect(Buffer.from((await fetchPage('https://news.example/z', opts)).bytes).toString()).toBe(
      '<p>unzipped</p>',
    );
  });

  it('follows five redirects and stops at the sixth', async () => {
    const chain = (n: number) =>
      nock('https://news.example')
        .get(/\/r\d/)
        .times(n)
        .reply(302, '', { location: (req) => `/r${Number(req.path.slice(2)) + 1}` })
        .get(`/r${n}`)
        .reply(200, 'end', { 'content-type': 'text/plain' });
    chain(5);
    expect((await fetchPage('https://news.example/r0', opts)).url).toBe('https://news.example/r5');
    nock.cleanAll();
    chain(6);
    expect((await failure(fetchPage('https://news.example/r0', opts))).code).toBe('too-many-redirects');
  });

  it('cuts off a body larger than the limit', async () => {
    nock('https://news.example').get('/big').reply(200, 'x'.repeat(50_000), { 'content-type': 'text/html' });
    const error = await failure(fetchPage('https://news.example/big', opts));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than 10 KB/);
  });

  it('refuses a body whose declared length is over the limit before reading it', async () => {
    nock('https://news.example')
      .get('/huge')
      .reply(200, 'x', { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
    expect((await failure(fetchPage('https://news.example/huge', opts))).code).toBe('too-large');
  });

  it('counts the size after decompression (a gzip bomb is cut off too)', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    nock('https://news.example')
      .get('/bomb')
      .reply(200, bomb, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    const error = await failure(fetchPage('https://news.example/bomb', { ...opts, maxBytes: 1024 * 1024 }));
    expect(error.code).toBe('too-large');
  });

  it('refuses content that is not a page or text', async () => {
    nock('https://news.example').get('/photo').reply(200, 'GIF89a', { 'content-type': 'image/gif' });
    expect((await failure(fetchPage('https://news.example/photo', opts))).message).toMatch(/image\/gif/);
  });

  it('accepts the types it is given, e.g. feeds', async () => {
    nock('https://news.example')
      .get('/feed')
      .times(2)
      .reply(200, '<rss/>', { 'content-type': 'application/rss+xml' });
    expect((await failure(fetchPage('https://news.example/feed', opts))).code).toBe(
      'unsupported-content-type',
    );
    const page = await fetchPage('https://news.example/feed', {
      ...opts,
      contentTypes: ['application/rss+xml'],
    });
    expect(Buffer.from(page.bytes).toString()).toBe('<rss/>');
  });

  it('names the HTTP status of a failed page', async () => {
    nock('https://news.example').get('/gone').reply(404, 'no');
    expect((await failure(fetchPage('https://news.example/gone', opts))).message).toMatch(/HTTP 404/);
  });

  it('answers a conditional GET with notModified', async () => {
    nock('https://news.example', { reqheaders: { 'if-none-match': '"v1"' } })
      .get('/feed')
      .reply(304);
    const page = await fetchPage('https://news.example/feed', {
      ...opts,
      headers: { 'if-none-match': '"v1"' },
    });
    expect(page.notModified).toBe(true);
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

  it('gives up on a connection that is not made in time', async () => {
    // nock's socket connects when its reply is due, so a delayed reply is a slow connection.
    nock('https://news.example')
      .get('/slow')
      .delay(2_000)
      .reply(200, 'late', { 'content-type': 'text/html' });
    const error = await failure(
      fetchPage('https://news.example/slow', { ...opts, timeoutMs: 5_000, connectTimeoutMs: 100 }),
    );
    expect(error.code).toBe('fetch-timeout');
    expect(error.message).toMatch(/could not connect .* within 0\.1 s/);
  });
});

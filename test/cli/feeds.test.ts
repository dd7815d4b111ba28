import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

/* `newsbrief feeds …` against an embedded store in a temporary DATA_DIR; feeds and pages nocked. */

const BODY =
  'The harbour authority said on Monday that dock workers had accepted a new pay agreement after three weeks of talks. ' +
  'The deal raises wages by six percent over two years and adds a night-shift allowance. ' +
  'Union leaders said the vote was close but the members wanted certainty before the busy season.';
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title>
<item><title>Pay deal</title><link>https://news.example.com/deal</link></item>
<item><title>Second</title><link>https://news.example.com/second</link><description>${BODY.replace('harbour authority', 'port council').replace('Monday', 'Tuesday')}</description></item>
</channel></rss>`;
const PAGE = `<!doctype html><html><head><title>Pay deal</title></head><body><article><h1>Pay deal</h1><p>${BODY}</p></article></body></html>`;

let env: Record<string, string>;

beforeEach(() => {
  env = { LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'nb-feeds-')) };
});
afterEach(() => nock.cleanAll());

const run = (argv: string[]) => runCli(argv, env);

function feedServer(status = 200, body = RSS, type = 'application/rss+xml') {
  return nock('https://feeds.example.com').get('/news.xml').reply(status, body, { 'content-type': type });
}

describe('newsbrief feeds', () => {
  it('adds a feed after fetching it once, lists it, polls it, and removes it', async () => {
    feedServer();
    const added = await run(['feeds', 'add', 'https://feeds.example.com/news.xml']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe(
      'added: #1 Port News — RSS 2.0, 2 items (https://feeds.example.com/news.xml)\n',
    );

    let listed = await run(['feeds', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('#1  https://feeds.example.com/news.xml  "Port News"');
    expect(listed.stdout).toContain('last polled never · next poll due now · failures 0');

    feedServer();
    nock('https://news.example.com').get('/deal').reply(200, PAGE, { 'content-type': 'text/html' });
    nock('https://news.example.com').get('/second').reply(404);
    const polled = await run(['feeds', 'poll']);
    expect(polled.stderr).toBe('');
    expect(polled.stdout).toContain(
      "#1 https://feeds.example.com/news.xml: 2 new items, 2 added (1 from the feed's own text)",
    );
    expect(polled.stdout).toContain('1 feed polled, 2 articles added, 0 failed');
    expect(polled.stdout).toMatch(/ {2}\+ #\d+ Pay deal — https:\/\/news\.example\.com\/deal\n/);
    expect(polled.stdout).toMatch(/ {2}\+ #\d+ Second — https:\/\/news\.example\.com\/second\n/);
    expect(polled.code).toBe(0);

    // Not due again until FEED_POLL_MINUTES have passed; --all polls anyway (nothing new: 304).
    expect((await run(['feeds', 'poll'])).stdout).toBe('no feed is due (try --all)\n');
    nock('https://feeds.example.com').get('/news.xml').reply(304);
    expect((await run(['feeds', 'poll', '--all'])).stdout).toContain(
      '#1 https://feeds.example.com/news.xml: not modified',
    );

    listed = await run(['feeds', 'list']);
    expect(listed.stdout).toMatch(/last polled \d{4}-\d\d-\d\dT.* · next poll \d{4}-.* · failures 0/);

    const removed = await run(['feeds', 'remove', '1']);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed: #1 https://feeds.example.com/news.xml\n' });
    expect((await run(['feeds', 'list'])).stdout).toBe('no feeds yet (newsbrief feeds add <url>)\n');
  }, 60_000);

  it('shows a failing feed with its failure count and last error; poll exits 1', async () => {
    feedServer();
    await run(['feeds', 'add', 'https://feeds.example.com/news.xml', '--title', 'My port feed']);
    feedServer(500);
    const polled = await run(['feeds', 'poll']);
    expect(polled.code).toBe(1);
    expect(polled.stdout).toContain(
      '#1 https://feeds.example.com/news.xml: failed — https://feeds.example.com/news.xml answered HTTP 500',
    );
    const listed = await run(['feeds', 'list']);
    expect(listed.stdout).toContain('"My port feed"');
    expect(listed.stdout).toContain('failures 1');
    expect(listed.stdout).toContain('last error: https://feeds.example.com/news.xml answered HTTP 500');
    expect((await run(['feeds', 'remove', 'https://feeds.example.com/news.xml'])).code).toBe(0);
  }, 60_000);

  it.each([
    [
      'a web page naming no feed',
      () => feedServer(200, PAGE, 'text/html'),
      /is a web page that names no feed/,
    ],
    ['a 404', () => feedServer(404), /answered HTTP 404/],
    [
      'malformed XML',
      () => feedServer(200, '<rss><channel>'),
      /not an RSS, Atom or JSON feed: .*not well-formed XML/,
    ],
    ['an image', () => feedServer(200, 'GIF89a', 'image/gif'), /is image\/gif/],
    [
      'a page whose feed link points inside the network',
      () =>
        feedServer(
          200,
          '<html><head><link rel="alternate" type="application/rss+xml" href="http://127.0.0.1:8080/feed"></head></html>',
          'text/html',
        ),
      /refusing to fetch http:\/\/127\.0\.0\.1:8080\/: loopback/,
    ],
    [
      'a feed whose entries have no link',
      () =>
        feedServer(200, '<rss version="2.0"><channel><item><title>No link</title></item></channel></rss>'),
      /has no usable items, so it was not added: none of the 1 entry in the RSS 2.0 feed can be used \(it has no link\)/,
    ],
  ])('refuses %s with a clear error and adds nothing', async (_what, serve, message) => {
    serve();
    const { code, stdout, stderr } = await run(['feeds', 'add', 'https://feeds.example.com/news.xml']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it("finds a site's feed from its home page, says which one it chose, and follows that feed", async () => {
    const home = `<!doctype html><html><head><title>Port News</title>
      <link rel="alternate" type="application/rss+xml" title="Port News &raquo; Comments Feed" href="/comments/feed/">
      <link rel="alternate" type="application/rss+xml" title="Port News &raquo; Feed" href="/news.xml">
      <link rel="alternate" type="application/atom+xml" title="Port News (Atom)" href="https://feeds.example.com/atom.xml">
      </head><body><p>Welcome</p></body></html>`;
    nock('https://feeds.example.com')
      .get('/')
      .reply(200, home, { 'content-type': 'text/html; charset=utf-8' });
    feedServer();
    const added = await run(['feeds', 'add', 'https://feeds.example.com/']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe(
      'https://feeds.example.com/ is a web page naming 3 feeds; chose "Port News » Feed" https://feeds.example.com/news.xml\n' +
        'added: #1 Port News — RSS 2.0, 2 items (https://feeds.example.com/news.xml)\n',
    );
    expect((await run(['feeds', 'list'])).stdout).toContain('#1  https://feeds.example.com/news.xml');
  }, 60_000);

  it('adds a feed with no entries yet with a warning, and list shows the reason after a poll', async () => {
    const empty =
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>';
    feedServer(200, empty, 'application/atom+xml');
    const added = await run(['feeds', 'add', 'https://feeds.example.com/news.xml']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added: #1 Quiet — Atom 1.0, 0 items');
    expect(added.stdout).toContain(
      'warning: The Atom 1.0 feed has no entries: its articles are taken once it publishes some.',
    );
    feedServer(200, empty, 'application/atom+xml');
    const polled = await run(['feeds', 'poll']);
    expect(polled.code).toBe(0);
    expect(polled.stdout).toContain(
      '#1 https://feeds.example.com/news.xml: 0 new items, 0 added — no usable items: the Atom 1.0 feed has no entries',
    );
    const listed = (await run(['feeds', 'list'])).stdout;
    expect(listed).toContain('failures 0');
    expect(listed).toContain('warning: no usable items: the Atom 1.0 feed has no entries');
  }, 90_000);

  it('refuses a URL that is not http(s)', async () => {
    const { code, stderr } = await run(['feeds', 'add', 'ftp://feeds.example.com/x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a feed URL: ftp:\/\/feeds\.example\.com\/x/);
    expect((await run(['feeds', 'list'])).stdout).toContain('no feeds yet');
  }, 60_000);

  it('says what to do when the app holds the embedded store', async () => {
    // A live process that is not us holds the lock, as the running app would.
    writeFileSync(join(env.DATA_DIR ?? '', 'newsbrief.lock'), String(process.ppid));
    const { code, stderr } = await run(['feeds', 'list']);
    expect(code).toBe(1);
    expect(stderr).toContain(`in use by another newsbrief process (pid ${process.ppid})`);
    expect(stderr).toContain('Stop that process');
    expect(stderr).toContain('/brief feeds');
    expect(stderr).toContain('DATABASE_URL');
  });

  it.each([
    [['feeds'], /feeds needs add, list, remove or poll/],
    [['feeds', 'frob'], /unknown feeds command "frob"/],
    [['feeds', 'add'], /feeds add needs one feed URL/],
    [['feeds', 'remove'], /feeds remove needs a feed URL or id/],
    [['feeds', 'list', 'x'], /feeds list takes no arguments/],
    [['feeds', 'list', '--all'], /--all goes with feeds poll/],
  ])('%j is a usage error', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('removing an unknown feed is an error', async () => {
    const { code, stderr } = await run(['feeds', 'remove', 'https://nowhere.example/feed']);
    expect(code).toBe(1);
    expect(stderr).toContain('no feed https://nowhere.example/feed');
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

/*
 * The README's console session, typed through the console's input on a fresh store: what a
 * newcomer sees after `npm ci && npm start` with no Slack and no API key.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-console-'));

/** Every README follow-up; each must be answered with a quote from the summit article. */
const FOLLOW_UPS = [
  '> what did they agree on AI?',
  '> who met whom?',
  '> where did they meet?',
  '> when will Lee meet Trump?',
];

const SESSION = [
  '/brief korea-japan',
  ...FOLLOW_UPS,
  '/brief more',
  '/brief folow korea-japan',
  '/brief frobnicate now',
  '/brief now',
  '/brief follow korea-japan',
  '/brief settings',
  '/help',
  '/quit',
];

let out = '';
let err = '';
let code: number;
/** The console's output for each input line, in order. */
let replies: string[] = [];

beforeAll(async () => {
  const input = Readable.from(SESSION.map((l) => `${l}\n`));
  code = await main(['console'], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    memoryStore: true,
    jobs: false,
    input,
  });
  // Replies start after the banner; each line's reply ends where the next starts. The console
  // prints no prompt when its input is not a terminal, so the split is by the acks we know.
  replies = out.split(/\n(?=⏳ |Did you mean|No story matches|There is no more|Continued:|newsbrief turns)/);
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function answers(): string[] {
  // A follow-up's reply: its thread lines, from "Looking through the articles" on.
  return out.split('🔍 Looking through the articles…').slice(1);
}

describe('the README console session', () => {
  it('opens with a banner that explains /help and >, and names the log file once', () => {
    expect(code).toBe(0);
    expect(out).toMatch(/\/help\s+every command/);
    expect(out).toMatch(/> what did they agree\?\s+a question about the latest brief/);
    const logPath = join(dataDir, 'newsbrief.log');
    expect(out.split(logPath).length - 1).toBe(1);
    expect(out).toContain('I added 8 sample articles');
  });

  it('/brief korea-japan finds the summit story with its title, outlet and dates', () => {
    expect(out).toContain('Lee and Ishiba agree to expand cooperation at Tokyo summit');
    expect(out).toContain('The Harbor Ledger');
    expect(out).toContain('Seoul Morning Post');
    // Published about 20 hours before the session; the summit the day before that.
    const published = new Date(Date.now() - 20 * 3_600_000).toISOString().slice(0, 10);
    expect(out).toContain(`The Harbor Ledger, ${published}`);
    expect(out).not.toContain('Untitled article');
    expect(out).toMatch(/met in Tokyo on (the \d+(st|nd|rd|th)|\w+ \d+) for their second summit/);
  });

  it('answers the AI follow-up with the sentence that says it, quoted from the summit article', () => {
    const replied = answers();
    expect(replied).toHaveLength(FOLLOW_UPS.length);
    expect(replied[0]).not.toContain('The articles don’t say');
    expect(replied[0]).toMatch(
      /“[^”]*expand cooperation in hydrogen and artificial intelligence[^”]*” \[1\]/,
    );
  });

  it('answers every README follow-up with the sentence that answers it first', () => {
    const [ai, whoMet, where, when] = answers().map((reply) => reply.match(/“([^”]+)”/)?.[1] ?? reply);
    expect(ai).toContain('expand cooperation in hydrogen and artificial intelligence');
    expect(whoMet).toMatch(/Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met/);
    expect(where).toMatch(/met in Tokyo|in Tokyo/);
    expect(when).toContain('He will hold a summit with U.S. President Donald Trump at the White House');
    for (const reply of answers()) expect(reply).not.toContain('The articles don’t say');
  });

  it('never shows the old placeholder, Slack leftovers or emoji shortcodes', () => {
    expect(out).not.toContain('Working on a brief for an answer');
    expect(out).not.toContain('(only you)');
    expect(out).not.toContain('[Follow daily]');
    expect(out).not.toMatch(/:hourglass_flowing_sand:|:mag:|:warning:/);
    expect(out).toContain('⏳ Working on a brief for korea-japan…');
    expect(out).toContain('Ask about it: type a question');
  });

  it('prints no log lines; they are in the log file', () => {
    expect(out + err).not.toMatch(/"level":|\bINFO\b|\bWARN\b|jobs started|job done|retention/);
    expect(existsSync(join(dataDir, 'newsbrief.log'))).toBe(true);
    const log = readFileSync(join(dataDir, 'newsbrief.log'), 'utf8');
    for (const line of log.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('/brief more shows only what did not fit, from where the brief stopped', () => {
    // Not indented: printed for /brief more, not in the brief's thread.
    const more = replies.find((r) => r.startsWith('Continued:'));
    expect(more).toBeDefined();
    expect(more).not.toContain('==='); // not the whole brief again
    expect(out).not.toMatch(/more in the next reply\n*$/);
  });

  it('asks "Did you mean" for a mistyped subcommand instead of briefing', () => {
    expect(out).toContain('Did you mean /brief follow korea-japan?');
    expect(out).not.toContain('Working on a brief for folow korea-japan');
  });

  it('says no story matches a topic of common words, and names the closest stories', () => {
    const frob = replies.find((r) => r.startsWith('No story matches "frobnicate now"'));
    expect(frob).toMatch(/\/brief story \d+/);
    expect(frob).not.toContain('Harbor Avenue —'); // named, not briefed
    const now = replies.find((r) => r.startsWith('No story matches "now"'));
    expect(now).toContain('cannot pick one');
  });

  it('says how to use the Slack-only commands in Slack instead of pretending', () => {
    expect(out).toContain('Daily digests are posted in Slack');
    expect(out).toContain('Digest settings belong to a Slack channel');
    expect(out).not.toContain('has no daily digest to set up yet');
  });

  it('/help lists the console’s commands and says digests need Slack', () => {
    const help = replies.find((r) => r.startsWith('newsbrief turns'));
    expect(help).toContain('/brief ask');
    expect(help).not.toContain('/brief follow <topic> [at HH:MM]');
    expect(help).toContain('Daily digests need Slack');
  });
});

describe('Ctrl-C in the console', () => {
  it('stops gracefully with a message and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-sigint-'));
    try {
      const child = spawn(process.execPath, ['bin/newsbrief.js', 'console'], {
        env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'info', SLACK_BOT_TOKEN: '', OPENAI_API_KEY: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let shown = '';
      child.stdout.on('data', (d: Buffer) => {
        shown += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        shown += d.toString();
      });
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          if (shown.includes('newsbrief console')) {
            clearInterval(tick);
            resolve();
          } else if (Date.now() - started > 100_000) {
            clearInterval(tick);
            reject(new Error(`no banner: ${shown}`));
          }
        }, 100);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(shown).toContain('Stopping: finishing what is in hand and closing the store');
      expect(shown).toContain('Stopped.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { slackDigestPoster } from '../../src/slack/digest.ts';
import { message, section } from '../../src/views/blocks.ts';
import { SLACK_API, slackMethod } from '../helpers/slack.ts';

const target = { teamId: 'T1', channel: 'C1' };
const client = new webApi.WebClient('xoxb-test', {
  logLevel: webApi.LogLevel.ERROR,
  retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 },
});
const msg = message('Digest', [section('*Digest*')]);

afterEach(() => nock.cleanAll());

describe('Slack digest poster', () => {
  it('posts with the digest marker as message metadata', async () => {
    const posted = slackMethod('chat.postMessage', () => ({ ok: true, ts: '1.000100' }));
    const poster = slackDigestPoster({ clientFor: () => client, channelGapMs: 0 });
    expect(await poster.post(target, msg, { marker: { digestId: 7, date: '2026-06-01' } })).toBe('1.000100');
    const call = posted.calls[0] ?? {};
    expect(call.channel).toBe('C1');
    expect(JSON.parse(String(call.metadata))).toEqual({
      event_type: 'newsbrief_digest',
      event_payload: { digest_id: 7, date: '2026-06-01' },
    });
  });

  it('waits out a 429 for its Retry-After, then posts once', async () => {
    let calls = 0;
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(() => {
        calls++;
        return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }];
      })
      .post('/api/chat.postMessage')
      .reply(() => {
        calls++;
        return [200, { ok: true, ts: '1.000200' }];
      });
    const poster = slackDigestPoster({ clientFor: () => client, channelGapMs: 0 });
    const started = Date.now();
    expect(await poster.post(target, msg)).toBe('1.000200');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it('spaces posts to one channel, not posts to different channels', async () => {
    slackMethod('chat.postMessage', () => ({ ok: true, ts: '1.000300' }));
    const waits: number[] = [];
    const poster = slackDigestPoster({
      clientFor: () => client,
      channelGapMs: 1000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await poster.post(target, msg);
    await poster.post({ ...target, channel: 'C2' }, msg);
    await poster.post(target, msg, { threadTs: '1.000300' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900);
  });

  it('finds a digest already posted by its marker, across history pages', async () => {
    const history = slackMethod('conversations.history', (call) =>
      call.cursor
        ? {
            ok: true,
            messages: [
              {
                ts: '5.5',
                metadata: {
                  event_type: 'newsbrief_digest',
                  event_payload: { digest_id: 9, date: '2026-06-01' },
                },
              },
            ],
          }
        : {
            ok: true,
            messages: [
              { ts: '6.6', text: 'chatter' },
              {
                ts: '5.9',
                metadata: {
                  event_type: 'newsbrief_digest',
                  event_payload: { digest_id: 8, date: '2026-06-01' },
                },
              },
            ],
            response_metadata: { next_cursor: 'page2' },
          },
    );
    const poster = slackDigestPoster({ clientFor: () => client });
    const since = new Date('2026-06-01T00:00:00Z');
    expect(await poster.findMarker(target, { digestId: 9, date: '2026-06-01' }, since)).toBe('5.5');
    expect(history.calls[0]?.oldest).toBe('1780272000.000000');
    expect(history.calls[0]?.include_all_metadata).toBe('true');
    expect(await poster.findMarker(target, { digestId: 10, date: '2026-06-01' }, since)).toBeNull();
  });
});

import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/handlers.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { silentLogger } from '../helpers/llm.ts';

// Socket Mode needs a live WebSocket to Slack, so it is covered by this construction test:
// the same listeners, but the receiver that Socket Mode uses, and nothing is started.
const deps = {} as AppDeps;
const base = {
  port: 0,
  deps,
  logger: silentLogger,
  identity: { botUserId: 'UBOT', botId: 'BBOT', teamId: 'T1' },
  ready: async () => {},
};

function receiverOf(app: object): unknown {
  return (app as { receiver: unknown }).receiver;
}

describe('createSlackApp', () => {
  it('uses Socket Mode when an app-level token is set', () => {
    const app = createSlackApp({
      ...base,
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: undefined, apiUrl: undefined },
    });
    expect(receiverOf(app)).toBeInstanceOf(SocketModeReceiver);
  });

  it('uses the HTTP receiver with the signing secret otherwise', () => {
    const app = createSlackApp({
      ...base,
      slack: { botToken: 'xoxb-1', appToken: undefined, signingSecret: 's3cret', apiUrl: undefined },
    });
    expect(receiverOf(app)).toBeInstanceOf(HTTPReceiver);
  });

  it('sends Web API calls to SLACK_API_URL when set', () => {
    const app = createSlackApp({
      ...base,
      slack: {
        botToken: 'xoxb-1',
        appToken: undefined,
        signingSecret: 's',
        apiUrl: 'http://127.0.0.1:9/api/',
      },
    });
    expect(app.client.slackApiUrl).toBe('http://127.0.0.1:9/api/');
  });
});

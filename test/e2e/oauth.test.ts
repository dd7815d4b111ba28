import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime, serveSlackOAuth } from '../../src/main.ts';
import { secretBox } from '../../src/secretBox.ts';
import type { WorkspaceInstallationStore } from '../../src/store/store.ts';
import { silentLogger } from '../helpers/llm.ts';
import {
  decodeApiBody,
  eventually,
  RESPONSE_HOST,
  SIGNING_SECRET,
  SLACK_API,
  send,
} from '../helpers/slack.ts';
import { workspaceInstall } from '../helpers/workspaces.ts';
import { result } from '../store/helpers.ts';

/*
 * Many workspaces, end to end: Bolt's real HTTP receiver with our installation store on an
 * in-memory PGlite. Slack's OAuth and Web API are nock; requests in are signed. No LLM: briefs
 * and answers are extractive, which is all these tests need.
 */

const INSTALLATION_KEY = randomBytes(32).toString('base64');
const config = parseConfig({
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'state-secret',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  INSTALLATION_KEY,
  LOG_LEVEL: 'silent',
  PORT: '0',
});

let runtime: Runtime;
let app: App;
let server: Server;
let installations: WorkspaceInstallationStore;
let clientForTeam: Awaited<ReturnType<typeof serveSlackOAuth>>['clientForTeam'];
let tsCounter = 500;

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  runtime = await createRuntime(config, silentLogger, { memoryStore: true });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
  const served = await serveSlackOAuth(config, runtime, silentLogger);
  app = served.app;
  clientForTeam = served.clientForTeam;
  if (!served.server) throw new Error('OAuth mode is HTTP: it should return its server');
  server = served.server;
  installations = runtime.store.installations(secretBox(config.slackOAuth?.installationKeys ?? []));
});

afterAll(async () => {
  await app?.stop();
  await runtime?.close();
  nock.disableNetConnect();
});

beforeEach(async () => {
  for (const i of await installations.list()) if (i.teamId) await runtime.store.purgeTeam(i.teamId);
});
afterEach(() => nock.cleanAll());

const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Call {
  method: string;
  token: string | undefined;
  body: Record<string, unknown>;
}

/** Every Web API call, with the bearer token it carried; chat.postMessage answers with a new ts. */
function fakeSlack(replies: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {}) {
  const calls: Call[] = [];
  const posted: { channel: unknown; ts: string }[] = [];
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const method = uri.replace('/api/', '');
      const fields = decodeApiBody(body);
      const auth = this.req.headers.authorization;
      const header = Array.isArray(auth) ? auth[0] : auth;
      calls.push({
        method,
        token: header?.replace(/^Bearer /, '') ?? (fields.token as string | undefined),
        body: fields,
      });
      const reply = replies[method];
      if (reply) return [200, reply(fields)];
      if (method === 'chat.postMessage') {
        const ts = `1700000000.${++tsCounter}`;
        posted.push({ channel: fields.channel, ts });
        return [200, { ok: true, channel: fields.channel, ts }];
      }
      return [200, { ok: true }];
    });
  const responses: Record<string, unknown>[] = [];
  nock(RESPONSE_HOST)
    .persist()
    .post(/.*/)
    .reply(200, (_uri, body) => {
      responses.push(body as Record<string, unknown>);
      return 'ok';
    });
  const of = (method: string) => calls.filter((c) => c.method === method);
  // Work a previous test started may still be posting: look at one channel's posts only.
  const postsIn = (channel: string) => of('chat.postMessage').filter((c) => c.body.channel === channel);
  return { calls, of, postsIn, responses, posted };
}

function command(team: string, channel: string, text: string, user = 'U0001') {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: team,
    team_domain: team.toLowerCase(),
    channel_id: channel,
    channel_name: 'news',
    user_id: user,
    user_name: 'ana',
    command: '/brief',
    text,
    api_app_id: 'A0001',
    response_url: `${RESPONSE_HOST}/commands/${team}/1/abc`,
    trigger_id: '1.2.3',
  }).toString();
  return send(server, body, 'application/x-www-form-urlencoded');
}

function event(team: string, ev: Record<string, unknown>, eventId = `Ev${randomBytes(4).toString('hex')}`) {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: `UBOT${team}`, is_bot: true, is_enterprise_install: false }],
    event: ev,
  });
  return send(server, body, 'application/json');
}

function interaction(payload: Record<string, unknown>) {
  return send(
    server,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
}

const workspaceQuery = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });

describe('OAuth install', () => {
  it('installs through /slack/install and a verified callback, stores the tokens sealed, and serves that team with them', async () => {
    const install = await fetch(`${base()}/slack/install`);
    expect(install.status).toBe(200);
    const cookie = install.headers.get('set-cookie') ?? '';
    const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(state).not.toBe('');
    const page = await install.text();
    expect(page).toContain('https://slack.com/oauth/v2/authorize?');
    expect(page).toContain('client_id=1111.2222');
    expect(page).toContain('chat%3Awrite');

    const slack = fakeSlack({
      'oauth.v2.access': (b) => {
        expect(b).toMatchObject({ code: 'the-code', client_id: '1111.2222', client_secret: 'client-secret' });
        return {
          ok: true,
          app_id: 'A0001',
          authed_user: { id: 'UINSTALLER' },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: 'xoxb-TA-installed',
          bot_user_id: 'UBOTTA',
          team: { id: 'TA', name: 'Alpha' },
          enterprise: null,
          is_enterprise_install: false,
        };
      },
      'auth.test': () => ({ ok: true, user_id: 'UBOTTA', bot_id: 'BTA', team_id: 'TA' }),
    });

    // A callback whose state is not this browser's is refused, and nothing is stored.
    const forged = await fetch(`${base()}/slack/oauth_redirect?code=the-code&state=${state}`, {
      headers: { cookie: 'slack-app-oauth-state=someone-else' },
    });
    expect(forged.status).toBe(400);
    expect(await installations.summary('TA')).toBeNull();

    const callback = await fetch(`${base()}/slack/oauth_redirect?code=the-code&state=${state}`, {
      headers: { cookie: `slack-app-oauth-state=${state}` },
    });
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('newsbrief is installed');
    expect(await installations.summary('TA')).toMatchObject({
      botUserId: 'UBOTTA',
      installerUserId: 'UINSTALLER',
    });
    // Sealed at rest: another key cannot open it.
    await expect(
      runtime.store.installations(secretBox([randomBytes(32)])).fetchInstallation(workspaceQuery('TA')),
    ).rejects.toThrow(/INSTALLATION_KEY does not hold/);
    const raw = JSON.stringify(await installations.fetchInstallation(workspaceQuery('TA')));
    expect(raw).toContain('xoxb-TA-installed');

    // An event from that team uses that team's token.
    await command('TA', 'CA1', 'chile vietnam');
    await eventually(() => slack.postsIn('CA1').length >= 1);
    expect(slack.postsIn('CA1')[0]?.token).toBe('xoxb-TA-installed');
    let saved = await runtime.store.briefs.latestInChannel('CA1', 'TA');
    for (let i = 0; !saved && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      saved = await runtime.store.briefs.latestInChannel('CA1', 'TA');
    }
    expect(saved?.teamId).toBe('TA');
  });

  it('ignores requests from a workspace that never installed the app', async () => {
    const slack = fakeSlack();
    const res = await command('TNOPE', 'C1', 'chile vietnam');
    await new Promise((r) => setTimeout(r, 300));
    expect(res.status).toBeLessThan(500);
    expect(slack.postsIn('C1')).toHaveLength(0);
  });
});

describe('two workspaces', () => {
  it('keep their data apart: a brief in one is not answerable from the other, even in a shared channel', async () => {
    await installations.storeInstallation(workspaceInstall('TA', { token: 'xoxb-A' }));
    await installations.storeInstallation(workspaceInstall('TB', { token: 'xoxb-B' }));
    const slack = fakeSlack();
    await command('TA', 'CSHARED', 'chile vietnam');
    await eventually(() => slack.postsIn('CSHARED').length >= 1);
    const threadTs = slack.posted.find((p) => p.channel === 'CSHARED')?.ts ?? '';
    let brief = await runtime.store.briefs.byThread('CSHARED', threadTs, 'TA');
    for (let i = 0; !brief && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      brief = await runtime.store.briefs.byThread('CSHARED', threadTs, 'TA');
    }
    expect(brief).not.toBeNull();
    const reply = {
      type: 'message',
      channel: 'CSHARED',
      user: 'U0002',
      text: 'what did they agree?',
      thread_ts: threadTs,
    };

    await event('TB', { ...reply, ts: '1700000100.000001' });
    await command('TB', 'CSHARED', 'sources');
    await eventually(() => slack.responses.length === 1);
    await new Promise((r) => setTimeout(r, 300));

    // B got no answer: nothing with B's token, no "working on an answer" in the thread.
    expect(slack.calls.filter((c) => c.token === 'xoxb-B')).toEqual([]);
    expect(JSON.stringify(slack.calls)).not.toContain('Looking through the articles');
    expect(JSON.stringify(slack.responses[0])).toContain('There is no brief in this channel yet');

    // The same reply from A is answered, with A's token.
    await event('TA', { ...reply, ts: '1700000100.000002' });
    await eventually(() => slack.of('chat.update').length === 1);
    expect(JSON.stringify(slack.postsIn('CSHARED'))).toContain('Looking through the articles');
    expect(slack.postsIn('CSHARED').every((c) => c.token === 'xoxb-A')).toBe(true);
  });
});

describe('app_uninstalled', () => {
  it("removes that workspace's installation and data, and nothing of the other's", async () => {
    const store = runtime.store;
    const { article } = await store.articles.add(
      await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'),
    );
    for (const team of ['TA', 'TB']) {
      await installations.storeInstallation(workspaceInstall(team));
      await store.briefs.save({
        teamId: team,
        channel: `C${team}`,
        threadTs: '1.1',
        query: 'q',
        result: result(team),
        articleIds: [article.id],
      });
      await store.feeds.add({ teamId: team, url: `https://${team}.example/feed`, title: null });
      await store.digests.follow({
        teamId: team,
        channel: `C${team}`,
        topic: 'trade',
        user: 'U1',
        schedule: null,
        defaults: { minutes: 480, timeZone: 'UTC', zoneSource: 'utc' },
      });
      await store.settings.update(team, { postNothingNew: false }, 'U1');
    }
    fakeSlack();

    const res = await event('TA', { type: 'app_uninstalled' });
    expect(res.status).toBe(200);
    let gone = await installations.summary('TA');
    for (let i = 0; gone && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gone = await installations.summary('TA');
    }

    expect(gone).toBeNull();
    expect(await store.briefs.byThread('CTA', '1.1', 'TA')).toBeNull();
    expect(await store.feeds.list('TA')).toEqual([]);
    expect(await store.digests.channels('TA')).toEqual([]);
    expect((await store.settings.get('TA')).postNothingNew).toBe(true);
    expect(await store.settings.history('TA')).toEqual([]);

    expect(await installations.summary('TB')).not.toBeNull();
    expect(await store.briefs.byThread('CTB', '1.1', 'TB')).not.toBeNull();
    expect(await store.feeds.list('TB')).toHaveLength(1);
    expect(await store.digests.channels('TB')).toHaveLength(1);
    expect((await store.settings.get('TB')).postNothingNew).toBe(false);
  });

  it('treats a revoked bot token like an uninstall', async () => {
    await installations.storeInstallation(workspaceInstall('TA'));
    await runtime.store.feeds.add({ teamId: 'TA', url: 'https://ta.example/feed', title: null });
    fakeSlack();
    await event('TA', { type: 'tokens_revoked', tokens: { bot: ['UBOTTA'] } });
    let left = await runtime.store.feeds.list('TA');
    for (let i = 0; left.length > 0 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await runtime.store.feeds.list('TA');
    }
    expect(left).toEqual([]);
    expect(await installations.summary('TA')).toBeNull();
  });
});

describe('workspace settings', () => {
  const values = (digestTime: string) => ({
    llmModel: { value: { type: 'plain_text_input', value: 'gpt-4.1' } },
    dailyTokenBudget: { value: { type: 'plain_text_input', value: '200,000' } },
    digestTime: { value: { type: 'plain_text_input', value: digestTime } },
    digestTimeZone: { value: { type: 'plain_text_input', value: 'Europe/Paris' } },
    topicAliases: { value: { type: 'plain_text_input', value: 'kj = korea-japan' } },
    answerLanguagePolicy: { value: { type: 'static_select', selected_option: { value: 'question' } } },
    answerLanguage: { value: { type: 'plain_text_input', value: null } },
    postNothingNew: { value: { type: 'checkboxes', selected_options: [] } },
  });
  const submission = (user: string, digestTime = '07:15') => ({
    type: 'view_submission',
    team: { id: 'TA', domain: 'alpha' },
    user: { id: user, team_id: 'TA' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: '1.2.3',
    is_enterprise_install: false,
    view: {
      id: 'V1',
      team_id: 'TA',
      type: 'modal',
      callback_id: 'workspace_settings',
      state: { values: values(digestTime) },
      hash: 'h',
      private_metadata: '',
      app_id: 'A0001',
      bot_id: 'BTA',
    },
  });
  const usersInfo = (b: Record<string, unknown>) => ({
    ok: true,
    user: { id: b.user, is_admin: b.user === 'UADMIN', is_owner: false, is_primary_owner: false },
  });

  beforeEach(async () => {
    await installations.storeInstallation(workspaceInstall('TA', { installer: 'UINSTALLER' }));
  });

  it('refuses a change by someone who is neither an admin nor the installer, and logs nothing', async () => {
    fakeSlack({ 'users.info': usersInfo });
    const res = await interaction(submission('UMEMBER'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ response_action: 'errors' });
    expect(res.text).toContain('Only this workspace');
    expect((await runtime.store.settings.get('TA')).digestTime).toBe('08:00');
    expect(await runtime.store.settings.history('TA')).toEqual([]);
  });

  it('saves a change by an admin, or by the installer, and logs who made it', async () => {
    fakeSlack({ 'users.info': usersInfo });
    const byAdmin = await interaction(submission('UADMIN'));
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.text).not.toContain('errors');
    let saved = await runtime.store.settings.get('TA');
    for (let i = 0; saved.digestTime !== '07:15' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      saved = await runtime.store.settings.get('TA');
    }
    expect(saved).toMatchObject({
      llmModel: 'gpt-4.1',
      dailyTokenBudget: 200_000,
      digestTime: '07:15',
      digestTimeZone: 'Europe/Paris',
      topicAliases: { kj: 'korea-japan' },
      postNothingNew: false,
    });

    await interaction(submission('UINSTALLER', '06:00'));
    let history = await runtime.store.settings.history('TA');
    for (let i = 0; history.length < 2 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      history = await runtime.store.settings.history('TA');
    }
    expect(history.map((h) => h.userId)).toEqual(['UINSTALLER', 'UADMIN']);
    expect(history[0]?.changes).toEqual({ digestTime: { from: '07:15', to: '06:00' } });
  });

  it('says which field is wrong, and saves nothing', async () => {
    fakeSlack({ 'users.info': usersInfo });
    const res = await interaction(submission('UADMIN', '25:99'));
    expect(JSON.parse(res.text)).toMatchObject({
      response_action: 'errors',
      errors: { digestTime: expect.any(String) },
    });
    expect(await runtime.store.settings.history('TA')).toEqual([]);
  });

  it('opens the settings modal from the App Home for an admin, and a refusal for anyone else', async () => {
    const slack = fakeSlack({ 'users.info': usersInfo });
    const press = (user: string) =>
      interaction({
        type: 'block_actions',
        team: { id: 'TA', domain: 'alpha' },
        user: { id: user, team_id: 'TA' },
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: `trigger-${user}`,
        container: { type: 'view', view_id: 'VHOME' },
        actions: [{ action_id: 'open_workspace_settings', block_id: 'b1', type: 'button', action_ts: '1.2' }],
      });
    await press('UADMIN');
    await press('UMEMBER');
    await eventually(() => slack.of('views.open').length === 2);
    const opened = Object.fromEntries(
      slack
        .of('views.open')
        .map((c) => [
          c.body.trigger_id,
          typeof c.body.view === 'string' ? c.body.view : JSON.stringify(c.body.view),
        ]),
    );
    expect(opened['trigger-UADMIN']).toContain('"callback_id":"workspace_settings"');
    expect(opened['trigger-UMEMBER']).not.toContain('workspace_settings');
    expect(opened['trigger-UMEMBER']).toContain('Only this workspace');
  });

  it('shows the settings button in the App Home to admins only', async () => {
    const slack = fakeSlack({ 'users.info': usersInfo });
    await event('TA', { type: 'app_home_opened', user: 'UADMIN', channel: 'D1', tab: 'home' });
    await event('TA', { type: 'app_home_opened', user: 'UMEMBER', channel: 'D2', tab: 'home' });
    await eventually(() => slack.of('views.publish').length === 2);
    const byUser = Object.fromEntries(
      slack
        .of('views.publish')
        .map((c) => [
          c.body.user_id,
          typeof c.body.view === 'string' ? c.body.view : JSON.stringify(c.body.view),
        ]),
    );
    expect(byUser.UADMIN).toContain('open_workspace_settings');
    expect(byUser.UMEMBER).not.toContain('open_workspace_settings');
  });
});

describe('topic aliases', () => {
  it("brief a workspace's alias as its topic, in that workspace only", async () => {
    await installations.storeInstallation(workspaceInstall('TA', { token: 'xoxb-A' }));
    await installations.storeInstallation(workspaceInstall('TB', { token: 'xoxb-B' }));
    await runtime.store.settings.update('TA', { topicAliases: { cv: 'chile vietnam' } }, 'UADMIN');
    const slack = fakeSlack();

    await command('TA', 'CA9', 'cv');
    await eventually(() => slack.postsIn('CA9').length >= 1);
    await command('TB', 'CB9', 'cv');
    await eventually(() => slack.responses.length === 1);

    expect(slack.postsIn('CA9')[0]?.token).toBe('xoxb-A');
    expect(String(slack.postsIn('CA9')[0]?.body.text)).toContain('Chile and Vietnam');
    expect(slack.postsIn('CB9')).toEqual([]);
    expect(JSON.stringify(slack.responses[0])).toContain('No story matches \\"cv\\"');
  });
});

describe('token rotation', () => {
  it('refreshes a token about to expire before using it, and stores the new one sealed', async () => {
    const soon = Math.floor(Date.now() / 1000) + 60;
    await installations.storeInstallation(
      workspaceInstall('TR', { token: 'xoxe.xoxb-old', refreshToken: 'xoxe-1-old', expiresAt: soon }),
    );
    const slack = fakeSlack({
      'oauth.v2.access': (b) => {
        expect(b).toMatchObject({
          grant_type: 'refresh_token',
          refresh_token: 'xoxe-1-old',
          client_id: '1111.2222',
        });
        return {
          ok: true,
          token_type: 'bot',
          access_token: 'xoxe.xoxb-new',
          refresh_token: 'xoxe-1-new',
          expires_in: 43_200,
          scope: 'commands,chat:write',
          bot_user_id: 'UBOTTR',
          app_id: 'A0001',
          team: { id: 'TR', name: 'R' },
        };
      },
    });

    await command('TR', 'CR1', 'chile vietnam');
    await eventually(() => slack.postsIn('CR1').length >= 1);

    expect(slack.of('oauth.v2.access')).toHaveLength(1);
    expect(slack.postsIn('CR1')[0]?.token).toBe('xoxe.xoxb-new');
    const stored = await installations.fetchInstallation(workspaceQuery('TR'));
    expect(stored.bot).toMatchObject({ token: 'xoxe.xoxb-new', refreshToken: 'xoxe-1-new' });
    expect(stored.bot?.expiresAt).toBeGreaterThan(soon + 40_000);
  });

  it('gives jobs a client for a workspace through the same authorize: refreshed when expiring, as is otherwise', async () => {
    const soon = Math.floor(Date.now() / 1000) + 60;
    await installations.storeInstallation(
      workspaceInstall('TJ', { token: 'xoxe.xoxb-job-old', refreshToken: 'xoxe-1-job', expiresAt: soon }),
    );
    await installations.storeInstallation(workspaceInstall('TK', { token: 'xoxb-K' }));
    const slack = fakeSlack({
      'oauth.v2.access': () => ({
        ok: true,
        token_type: 'bot',
        access_token: 'xoxe.xoxb-job-new',
        refresh_token: 'xoxe-1-job-2',
        expires_in: 43_200,
      }),
    });

    const j = await clientForTeam('TJ');
    const k = await clientForTeam('TK');

    expect(j.token).toBe('xoxe.xoxb-job-new');
    expect(k.token).toBe('xoxb-K');
    expect(slack.of('oauth.v2.access')).toHaveLength(1);
    await expect(clientForTeam('TNONE')).rejects.toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretBox } from '../../src/secretBox.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { childrenFirst } from '../../src/store/teams.ts';
import { DEFAULT_SETTINGS } from '../../src/workspace/settings.ts';
import { describeEngines } from '../helpers/db.ts';
import { workspaceInstall } from '../helpers/workspaces.ts';
import { article, result } from './helpers.ts';

const KEY = randomBytes(32);
const box = secretBox([KEY]);

describeEngines(
  'workspaces',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    describe('installations', () => {
      it('stores an installation sealed, and fetches it back whole', async () => {
        const installations = store.installations(box);
        const install = workspaceInstall('T1', { refreshToken: 'xoxe-1-refresh', expiresAt: 2_000_000_000 });
        await installations.storeInstallation(install);

        expect(
          await installations.fetchInstallation({
            teamId: 'T1',
            enterpriseId: undefined,
            isEnterpriseInstall: false,
          }),
        ).toEqual(install);
        const { rows } = await ctx.db.query<Record<string, unknown>>('SELECT * FROM installations');
        const raw = JSON.stringify(rows);
        expect(raw).not.toContain('xoxb-T1-secret');
        expect(raw).not.toContain('xoxe-1-refresh');
        expect(rows[0]).toMatchObject({
          team_id: 'T1',
          bot_user_id: 'UBOTT1',
          installer_user_id: 'UINSTALLER',
        });
        expect(String(rows[0]?.bot_token)).toMatch(/^nb1\.[0-9a-f]{8}\./);
        expect(await installations.summary('T1')).toMatchObject({
          installerUserId: 'UINSTALLER',
          tokenExpiresAt: new Date(2_000_000_000_000).toISOString(),
        });
      });

      it('replaces the installation on reinstall (a rotated token, a new installer)', async () => {
        const installations = store.installations(box);
        await installations.storeInstallation(workspaceInstall('T1'));
        await installations.storeInstallation(workspaceInstall('T1', { token: 'xoxb-new', installer: 'U2' }));
        const got = await installations.fetchInstallation({
          teamId: 'T1',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        });
        expect(got.bot?.token).toBe('xoxb-new');
        expect(await installations.list()).toHaveLength(1);
      });

      it('serves an org-wide install for its workspaces, and deletes it by enterprise', async () => {
        const installations = store.installations(box);
        const org: Installation = {
          ...workspaceInstall('unused'),
          team: undefined,
          enterprise: { id: 'E1', name: 'Org' },
          isEnterpriseInstall: true,
        };
        await installations.storeInstallation(org);
        const fromWorkspace = await installations.fetchInstallation({
          teamId: 'T9',
          enterpriseId: 'E1',
          isEnterpriseInstall: false,
        });
        expect(fromWorkspace.enterprise?.id).toBe('E1');
        await installations.deleteInstallation({
          teamId: undefined,
          enterpriseId: 'E1',
          isEnterpriseInstall: true,
        });
        await expect(
          installations.fetchInstallation({
            teamId: undefined,
            enterpriseId: 'E1',
            isEnterpriseInstall: true,
          }),
        ).rejects.toThrow(/no installation/);
      });

      it("forgets a revoked user token and keeps the bot's", async () => {
        const installations = store.installations(box);
        const install = workspaceInstall('T1');
        await installations.storeInstallation({
          ...install,
          user: { ...install.user, token: 'xoxp-user', scopes: ['search:read'] },
        });
        await installations.dropUserToken({
          teamId: 'T1',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        });
        const got = await installations.fetchInstallation({
          teamId: 'T1',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        });
        expect(got.user.token).toBeUndefined();
        expect(got.user.id).toBe('UINSTALLER');
        expect(got.bot?.token).toBe('xoxb-T1-secret');
      });

      it('cannot be opened with another key', async () => {
        await store.installations(box).storeInstallation(workspaceInstall('T1'));
        const other = store.installations(secretBox([randomBytes(32)]));
        await expect(
          other.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false }),
        ).rejects.toThrow(/INSTALLATION_KEY does not hold/);
        // a new key first, the old one after it: old values still open
        const rotated = store.installations(secretBox([randomBytes(32), KEY]));
        const got = await rotated.fetchInstallation({
          teamId: 'T1',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        });
        expect(got.bot?.token).toBe('xoxb-T1-secret');
      });
    });

    describe('briefs by team', () => {
      it("never finds another workspace's brief by its thread", async () => {
        const { article: a } = await store.articles.add(article());
        await store.briefs.save({
          teamId: 'TA',
          channel: 'CSHARED',
          threadTs: '1.1',
          query: 'q',
          result: result('A'),
          articleIds: [a.id],
        });
        expect(await store.briefs.byThread('CSHARED', '1.1', 'TA')).not.toBeNull();
        expect(await store.briefs.byThread('CSHARED', '1.1', 'TB')).toBeNull();
        expect(await store.briefs.byThread('CSHARED', '1.1', null)).toBeNull();
        expect(await store.briefs.latestInChannel('CSHARED', 'TB')).toBeNull();
        expect((await store.briefs.latestInChannel('CSHARED', 'TA'))?.threadTs).toBe('1.1');
        // the console (no team given) is one process, one store
        expect(await store.briefs.byThread('CSHARED', '1.1')).not.toBeNull();
      });
    });

    describe('settings', () => {
      it('gives defaults to a workspace never saved, and logs who changed what', async () => {
        expect(await store.settings.get('T1')).toEqual(DEFAULT_SETTINGS);
        const { changes } = await store.settings.update(
          'T1',
          { digestTime: '07:30', postNothingNew: false },
          'UADMIN',
        );
        expect(changes).toEqual({
          digestTime: { from: '08:00', to: '07:30' },
          postNothingNew: { from: true, to: false },
        });
        expect(await store.settings.get('T1')).toMatchObject({ digestTime: '07:30', postNothingNew: false });
        expect(await store.settings.get('T2')).toEqual(DEFAULT_SETTINGS);
        const again = await store.settings.update('T1', { digestTime: '07:30' }, 'UADMIN');
        expect(again.changes).toEqual({});
        const history = await store.settings.history('T1');
        expect(history).toHaveLength(1);
        expect(history[0]).toMatchObject({ userId: 'UADMIN', channel: '', changes });
      });
    });

    describe('purgeTeam', () => {
      it('removes every row of one team from every team_id table, even tables it has never heard of, and nothing else', async () => {
        // a table another change might add: found in the catalogue, not in our code
        await ctx.db.exec('CREATE TABLE IF NOT EXISTS later_table (team_id text, note text)');
        const { article: a } = await store.articles.add(article());
        for (const team of ['T1', 'T2']) {
          await store.installations(box).storeInstallation(workspaceInstall(team));
          await store.briefs.save({
            teamId: team,
            channel: `C${team}`,
            threadTs: '1.1',
            query: 'q',
            result: result(team),
            articleIds: [a.id],
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
          await store.settings.update(team, { digestTime: '09:00' }, 'U1');
          await ctx.db.query('INSERT INTO later_table (team_id, note) VALUES ($1, $2)', [team, 'x']);
        }
        await store.feeds.add({ teamId: null, url: 'https://global.example/feed', title: null });

        const { deleted } = await store.purgeTeam('T1');

        expect(deleted).toMatchObject({
          installations: 1,
          briefs: 1,
          feeds: 1,
          digest_channels: 1,
          workspace_settings: 1,
          settings_audit: 1,
          later_table: 1,
        });
        const count = async (sql: string) =>
          Number((await ctx.db.query<{ n: string | number }>(sql)).rows[0]?.n ?? 0);
        for (const table of [
          'installations',
          'briefs',
          'feeds',
          'digest_channels',
          'digest_topics',
          'workspace_settings',
          'later_table',
        ]) {
          expect(await count(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'T1'`), table).toBe(0);
          expect(await count(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'T2'`), table).toBe(1);
        }
        // rows hanging off the team's briefs went with them; the articles (shared) stay
        expect(await count('SELECT count(*) AS n FROM brief_articles')).toBe(1);
        expect(await store.articles.count()).toBe(1);
        expect(await store.feeds.list(null)).toHaveLength(1);
        await ctx.db.exec('DROP TABLE later_table');
      });

      it('refuses the empty team (the console, org-wide rows)', async () => {
        await expect(store.purgeTeam('')).rejects.toThrow(/refusing/);
      });
    });
  },
  { reset: true },
);

describe('childrenFirst', () => {
  it('orders each table before the tables it references', () => {
    expect(
      childrenFirst(
        ['digest_channels', 'digest_topics', 'briefs'],
        [{ child: 'digest_topics', parent: 'digest_channels' }],
      ),
    ).toEqual(['digest_topics', 'digest_channels', 'briefs']);
  });
});

import type { Installation } from '@slack/bolt';

/** An installation as Bolt builds it after oauth.v2.access (token rotation optional). */
export function workspaceInstall(
  teamId: string,
  overrides: { token?: string; refreshToken?: string; expiresAt?: number; installer?: string } = {},
): Installation {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: overrides.installer ?? 'UINSTALLER' },
    bot: {
      token: overrides.token ?? `xoxb-${teamId}-secret`,
      scopes: ['commands', 'chat:write'],
      id: `B${teamId}`,
      userId: `UBOT${teamId}`,
      ...(overrides.refreshToken
        ? { refreshToken: overrides.refreshToken, expiresAt: overrides.expiresAt }
        : {}),
    },
    appId: 'A0001',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

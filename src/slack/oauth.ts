import {
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPReceiver,
  type InstallationStore,
  webApi,
} from '@slack/bolt';
import type { SlackOAuthConfig } from '../config.ts';

/*
 * Many workspaces: Bolt's own install flow (/slack/install → Slack → /slack/oauth_redirect, state
 * checked against a signed value and a browser cookie) and its authorize, which reads our
 * installation store per request and refreshes a rotating token that expires within two hours.
 * We build the receiver ourselves so background jobs can use the same authorize (one refresh path).
 */

/** Keep in step with manifest.yml's oauth_config.scopes.bot. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'users:read',
  'channels:read',
  'groups:read',
  'assistant:write',
  'im:history',
];

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface OAuthReceiverOptions {
  oauth: SlackOAuthConfig;
  installationStore: InstallationStore;
  logger: BoltLogger;
  customRoutes: CustomRoute[];
  port: number;
}

export function oauthReceiver(opts: OAuthReceiverOptions): HTTPReceiver {
  const { oauth } = opts;
  const clientOptions = oauth.apiUrl ? { slackApiUrl: oauth.apiUrl } : {};
  return new HTTPReceiver({
    signingSecret: oauth.signingSecret,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: opts.installationStore,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Bolt passes the App's client options to its installer only when it builds the receiver.
      clientOptions,
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          opts.logger.info(`newsbrief installed in ${installation.team?.id ?? installation.enterprise?.id}`);
          page(
            res,
            200,
            'newsbrief is installed',
            'Open Slack and type <code>/brief help</code> in a channel.',
          );
        },
        failure: (error, _options, _req, res) => {
          // The code only: the error may quote the request.
          opts.logger.warn(`OAuth install failed: ${error.code}`);
          page(
            res,
            400,
            'Installation failed',
            `Please start again from the install page. (${escapeHtml(error.code)})`,
          );
        },
      },
    },
    customRoutes: opts.customRoutes,
    port: opts.port,
    logger: opts.logger,
  });
}

function page(res: import('node:http').ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A Web API client for a workspace outside any request (digests, jobs), through Bolt's authorize:
 * the same installation lookup and token refresh as for events.
 */
export type TeamClient = (teamId: string, enterpriseId?: string) => Promise<webApi.WebClient>;

export function teamClients(receiver: HTTPReceiver, oauth: SlackOAuthConfig): TeamClient {
  return async (teamId, enterpriseId) => {
    const installer = receiver.installer;
    if (!installer) throw new Error('OAuth is not configured');
    const auth = await installer.authorize({ teamId, enterpriseId, isEnterpriseInstall: false });
    if (!auth.botToken) throw new Error(`no bot token for team ${teamId}`);
    return new webApi.WebClient(auth.botToken, oauth.apiUrl ? { slackApiUrl: oauth.apiUrl } : {});
  };
}

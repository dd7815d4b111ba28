import { webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import { type DigestRunResult, runDueDigests } from '../digest/run.ts';
import { UsageError, UserError } from '../errors.ts';
import { appDigestDeps, createRuntime } from '../main.ts';
import { secretBox } from '../secretBox.ts';
import type { Store } from '../store/store.ts';
import { parseOptions } from './args.ts';
import type { CommandContext } from './command.ts';

/*
 * `newsbrief digest run [--channel C] [--date YYYY-MM-DD] [--team T]`: the digests that are due
 * now, or one date's, posted at once — for operations and tests. The same claims as the app's
 * minute tick, so running it beside the app never posts a digest twice.
 */

const OPTIONS = {
  channel: { type: 'string' },
  date: { type: 'string' },
  team: { type: 'string' },
} as const;

export async function digestCommand(
  args: string[],
  { config, logger, io, overrides }: CommandContext,
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'run') {
    throw new UsageError(
      action ? `unknown digest command "${action}" (only: digest run)` : 'digest needs run',
    );
  }
  const { values, positionals } = parseOptions('digest run', rest, OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`digest run takes options only, not "${positionals.join(' ')}"`);
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new UsageError('--date must look like 2026-06-01');
  }
  if (!config.slack && !config.slackOAuth) {
    throw new UserError(
      'config',
      'digests are posted to Slack: set SLACK_BOT_TOKEN, or the OAuth settings (see README)',
    );
  }
  const runtime = await createRuntime(config, logger, { ...overrides, jobs: false });
  try {
    const deps = appDigestDeps(config, runtime, logger, slackClients(config, runtime.store));
    const results = await runDueDigests(deps, {
      ...(values.team ? { teamId: values.team } : {}),
      ...(values.channel ? { channel: values.channel } : {}),
      ...(values.date ? { date: values.date } : {}),
    });
    io.stdout(renderResults(results));
    return results.some((r) => r.outcome === 'failed' || r.outcome === 'retry') ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

/** The bot token's client, or in OAuth mode each workspace's installed one. */
function slackClients(config: Config, store: Store): (teamId: string) => Promise<webApi.WebClient> {
  const options = {
    slackApiUrl: (config.slack ?? config.slackOAuth)?.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
  };
  const clean = options.slackApiUrl ? options : { logLevel: options.logLevel };
  if (config.slack) {
    const client = new webApi.WebClient(config.slack.botToken, clean);
    return async () => client;
  }
  const oauth = config.slackOAuth;
  if (!oauth) throw new UserError('config', 'no Slack settings');
  const installations = store.installations(secretBox(oauth.installationKeys));
  return async (teamId) => {
    const installation = await installations.fetchInstallation({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    const token = installation.bot?.token;
    if (!token)
      throw new UserError('not-installed', `workspace ${teamId} has no bot token; reinstall the app there`);
    return new webApi.WebClient(token, clean);
  };
}

function renderResults(results: DigestRunResult[]): string {
  if (results.length === 0) return 'No channel follows a topic.\n';
  const lines = results.map(
    (r) =>
      `${r.teamId || '-'}\t${r.channel}\t${r.date ?? '-'}\t${r.outcome}\t${r.stories} stories${r.error ? `\t${r.error}` : ''}`,
  );
  return `${['team\tchannel\tdate\toutcome\tstories', ...lines].join('\n')}\n`;
}

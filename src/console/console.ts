import { createInterface } from 'node:readline/promises';
import { parseBriefCommand } from '../app/command.ts';
import { type AppDeps, acknowledgement, handleCommand, handleThreadMessage } from '../app/handlers.ts';
import type { LiveMessage, Surface } from '../app/surface.ts';
import { closingBlocks } from '../views/briefStream.ts';
import { blocksToText, helpMessage } from '../views/common.ts';
import { unescapeSlack } from '../views/mrkdwn.ts';

export const CONSOLE_CHANNEL = 'console';

export const CONSOLE_INTRO = `newsbrief console — the Slack bot in your terminal.
  /brief <topic>        e.g. /brief korea-japan
  /brief <url>          brief one article
  /brief help           everything /brief can do
  > <question>          a follow-up in the latest brief's thread
  /quit                 leave
`;

/**
 * A surface that prints what Slack would show. Message ids count up like Slack's ts values,
 * so threads and stored briefs work exactly as in a channel.
 */
export function consoleSurface(write: (text: string) => void): Surface & { lastTs: () => string | null } {
  let counter = 0;
  let last: string | null = null;
  const show = (prefix: string, blocks: Parameters<typeof blocksToText>[0]) =>
    write(`${indent(blocksToText(blocks), prefix)}\n`);
  return {
    post: async (message, opts) => {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
      show(opts?.threadTs ? '  │ ' : '', message.blocks);
      if (!opts?.threadTs) last = ts;
      return ts;
    },
    update: async (_ts, message) => show('  │ ', message.blocks),
    remove: async () => {},
    ephemeral: async (message) => show('  (only you) ', message.blocks),
    // The brief is printed piece by piece as it is verified, then its sources and notes.
    stream: (): LiveMessage => {
      let shown = false;
      return {
        append: (markdown) => {
          shown = true;
          write(markdownToPlain(markdown));
        },
        // A terminal cannot take lines back: say that what was shown is withdrawn.
        discard: async () => {
          if (shown) write('\n\n(that brief was withdrawn; see below)\n');
        },
        finish: async (message) => {
          if (!shown) return null;
          write('\n\n');
          show('', closingBlocks(message));
          const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
          last = ts;
          return ts;
        },
      };
    },
    lastTs: () => last,
  };
}

/** The stream's Markdown as terminal text: a headline underlined, bold marks dropped. */
function markdownToPlain(markdown: string): string {
  return unescapeSlack(markdown)
    .replace(
      /^(\s*)### (.*)$/gm,
      (_m, gap: string, h: string) => `${gap}${h}\n${'='.repeat(Math.min([...h].length, 80))}`,
    )
    .replace(/\*\*(.*?)\*\*/g, '$1');
}

function indent(text: string, prefix: string): string {
  return prefix
    ? text
        .split('\n')
        .map((line) => `${prefix}${line}`)
        .join('\n')
    : text;
}

/** Runs one line of console input; returns false when the user wants to leave. */
export async function runConsoleLine(
  line: string,
  surface: ReturnType<typeof consoleSurface>,
  deps: AppDeps,
): Promise<boolean> {
  const input = line.trim();
  if (!input) return true;
  if (input === '/quit' || input === '/exit') return false;
  const who = { channel: CONSOLE_CHANNEL, user: 'you', teamId: null };
  if (input.startsWith('/brief')) {
    const command = parseBriefCommand(input.slice('/brief'.length));
    const early = acknowledgement(command);
    if (early) await surface.ephemeral(early);
    await handleCommand(command, who, surface, deps);
    return true;
  }
  const question = input.replace(/^>\s*/, '');
  const latest = await deps.store.briefs.latestInChannel(CONSOLE_CHANNEL);
  if (!latest) {
    await surface.ephemeral(helpMessage());
    return true;
  }
  await handleThreadMessage(
    {
      channel: CONSOLE_CHANNEL,
      threadTs: latest.threadTs,
      ts: `${Date.now()}.${Math.random()}`,
      text: question,
      user: 'you',
    },
    surface,
    deps,
  );
  return true;
}

/** The interactive loop over stdin/stdout. */
export async function runConsole(
  deps: AppDeps,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
) {
  const write = (text: string) => io.output.write(text);
  const surface = consoleSurface(write);
  write(CONSOLE_INTRO);
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal: Boolean((io.output as { isTTY?: boolean }).isTTY),
  });
  try {
    rl.setPrompt('newsbrief> ');
    rl.prompt();
    for await (const line of rl) {
      if (!(await runConsoleLine(line, surface, deps))) break;
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}

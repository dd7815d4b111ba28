import { readFileSync, writeFileSync } from 'node:fs';
import { clearLine, cursorTo } from 'node:readline';
import { createInterface } from 'node:readline/promises';
import { parseBriefCommand } from '../app/command.ts';
import { type AppDeps, acknowledgement, handleCommand, handleThreadMessage } from '../app/handlers.ts';
import type { LiveMessage, Surface } from '../app/surface.ts';
import type { Block } from '../views/blocks.ts';
import { closingBlocks } from '../views/briefStream.ts';
import { blocksToText, helpMessage, noticeMessage } from '../views/common.ts';
import { unescapeSlack } from '../views/mrkdwn.ts';

export const CONSOLE_CHANNEL = 'console';

export const PROMPT = 'newsbrief> ';

/** Input lines kept between sessions, in the data folder. */
export const CONSOLE_HISTORY_FILE = 'console_history';

/** What the console says first: what to type at the prompt, and where logs and history go. */
export function consoleIntro(
  opts: { logPath?: string; historyPath?: string; notes?: readonly string[] } = {},
) {
  const lines = [
    'newsbrief console: the Slack bot in your terminal, no Slack needed.',
    `Type after the "${PROMPT.trim()}" prompt:`,
    '  /brief korea-japan      a brief of the best-matching story of the last week',
    '  /brief <url>            a brief of one article',
    '  > what did they agree?  a question about the latest brief (the > is optional)',
    '  /help                   every command',
    '  /quit or Ctrl-C         leave',
  ];
  if (opts.historyPath)
    lines.push(`Arrow keys edit the line and recall earlier ones (kept in ${opts.historyPath}).`);
  if (opts.logPath) lines.push(`Logs go to ${opts.logPath}; warnings and errors also show here.`);
  lines.push(...(opts.notes ?? []));
  return `${lines.join('\n')}\n\n`;
}

/** In a terminal, a brief's buttons become what to type instead. */
const ASK_HINT = 'Ask about it: type a question, e.g. > what did they agree on?';

function forTerminal(blocks: readonly Block[]): Block[] {
  return blocks.map((b) =>
    b.type === 'actions' ? { type: 'context', elements: [{ type: 'mrkdwn', text: ASK_HINT }] } : b,
  ) as Block[];
}

/**
 * A surface that prints what Slack would show. Message ids count up like Slack's ts values,
 * so threads and stored briefs work exactly as in a channel. What Slack shows only to the person
 * who asked is simply printed: in a terminal there is nobody else.
 */
export function consoleSurface(write: (text: string) => void): Surface & { lastTs: () => string | null } {
  let counter = 0;
  let last: string | null = null;
  const show = (prefix: string, blocks: readonly Block[]) =>
    write(`${indent(blocksToText(forTerminal(blocks)), prefix)}\n`);
  return {
    post: async (message, opts) => {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
      show(opts?.threadTs ? '  │ ' : '', message.blocks);
      if (!opts?.threadTs) last = ts;
      return ts;
    },
    update: async (_ts, message) => show('  │ ', message.blocks),
    remove: async () => {},
    ephemeral: async (message) => show('', message.blocks),
    // A brief (or a thread's answer) is printed piece by piece as it is verified, then the rest.
    stream: (opts): LiveMessage => {
      const prefix = opts?.threadTs ? '  │ ' : '';
      let shown = false;
      return {
        append: (markdown) => {
          const text = markdownToPlain(markdown);
          // Each line of a thread's answer carries the thread's margin, as a posted one does.
          write(`${shown ? '' : prefix}${prefix ? text.replace(/\n/g, `\n${prefix}`) : text}`);
          shown = true;
        },
        // A terminal cannot take lines back: say that what was shown is withdrawn.
        discard: async () => {
          if (shown) write(`\n\n${prefix}(that ${prefix ? 'answer' : 'brief'} was withdrawn; see below)\n`);
        },
        finish: async (message, closing = closingBlocks(message)) => {
          if (!shown) return null;
          write(prefix ? '\n' : '\n\n');
          show(prefix, closing);
          const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
          if (!prefix) last = ts;
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
  if (input === '/help' || input === 'help' || input === '?') {
    await surface.ephemeral(helpMessage('console'));
    return true;
  }
  const who = { channel: CONSOLE_CHANNEL, user: 'you', teamId: null };
  if (/^\/brief(\s|$)/.test(input)) {
    const command = parseBriefCommand(input.slice('/brief'.length));
    const early = command.kind === 'help' ? helpMessage('console') : acknowledgement(command);
    if (early) await surface.ephemeral(early);
    await handleCommand(command, who, surface, deps);
    return true;
  }
  if (input.startsWith('/')) {
    const word = input.split(/\s/)[0] ?? input;
    await surface.ephemeral(
      noticeMessage(`\`${word}\` is not a command here: try \`/brief ${input.slice(1)}\`, or \`/help\`.`),
    );
    return true;
  }
  const question = input.replace(/^>\s*/, '');
  const latest = await deps.store.briefs.latestInChannel(CONSOLE_CHANNEL);
  if (!latest) {
    await surface.ephemeral(
      noticeMessage(
        'There is no brief to ask about yet: start with `/brief korea-japan` (or any topic), then ask. `/help` lists every command.',
      ),
    );
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

export interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Earlier input lines, newest last, kept between sessions; none when absent. */
  historyPath?: string;
  /** Shown in the banner. */
  logPath?: string;
  /** Extra banner lines (e.g. "I added 8 sample articles"). */
  notes?: readonly string[];
  /** Log lines for the terminal are handed this printer, which keeps them off the prompt line. */
  onPrinter?: (print: (line: string) => void) => void;
  /** Where Ctrl-C comes from when input is not a terminal (default: this process). */
  signals?: NodeJS.EventEmitter;
  /** A second Ctrl-C: leave at once (default: exit the process with 130). */
  exitNow?: () => void;
  /** Closes what the console ran on (jobs, the store), with Ctrl-C still leaving at once meanwhile. */
  close?: () => Promise<void>;
}

const HISTORY_SIZE = 500;

function readHistory(path: string | undefined): string[] {
  if (!path) return [];
  try {
    // The file is oldest first; readline wants newest first.
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/**
 * The interactive loop. In a terminal: line editing and history (arrow keys, kept in
 * `historyPath`). Ctrl-C once stops after the line in hand and returns (the caller closes the store
 * and exits 0); twice leaves at once.
 */
export async function runConsole(deps: AppDeps, io: ConsoleIo): Promise<void> {
  const terminal = Boolean(io.output.isTTY);
  const write = (text: string) => io.output.write(text);
  const surface = consoleSurface(write);
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal,
    history: readHistory(io.historyPath),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  // A line waiting at the prompt: a log line is printed above it, and the prompt drawn again.
  let atPrompt = false;
  io.onPrinter?.((line) => {
    if (terminal && atPrompt) {
      clearLine(io.output, 0);
      cursorTo(io.output, 0);
      write(`${line}\n`);
      rl.prompt(true);
    } else {
      write(`${line}\n`);
    }
  });
  if (io.historyPath) {
    const path = io.historyPath;
    rl.on('history', (history: string[]) => {
      try {
        writeFileSync(path, `${[...history].reverse().join('\n')}\n`);
      } catch {
        // History is a convenience: a read-only data folder must not stop the console.
      }
    });
  }
  let stopping = false;
  const interrupt = () => {
    if (stopping) {
      write('\nStopped.\n');
      (io.exitNow ?? (() => process.exit(130)))();
      return;
    }
    stopping = true;
    write('\nStopping: finishing what is in hand and closing the store (Ctrl-C again to quit at once)…\n');
    rl.close();
  };
  const signals = io.signals ?? process;
  rl.on('SIGINT', interrupt);
  signals.on('SIGINT', interrupt);
  // Ctrl-C is caught before anything says the console is ready.
  write(consoleIntro({ ...io, historyPath: terminal ? io.historyPath : undefined }));
  const prompt = () => {
    if (!terminal) return;
    atPrompt = true;
    rl.setPrompt(PROMPT);
    rl.prompt();
  };
  try {
    prompt();
    for await (const line of rl) {
      atPrompt = false;
      if (!(await runConsoleLine(line, surface, deps))) break;
      if (stopping) break;
      prompt();
    }
  } finally {
    rl.close();
    // Ctrl-C while the store closes still leaves at once.
    try {
      await io.close?.();
    } finally {
      rl.off('SIGINT', interrupt);
      signals.off('SIGINT', interrupt);
    }
  }
  if (stopping) write('Stopped.\n');
}

import { describe, expect, it } from 'vitest';
import type { BriefResult, Source } from '../../src/brief/engine.ts';
import { limitViolations, type SectionBlock } from '../../src/views/blocks.ts';
import { briefMessage } from '../../src/views/brief.ts';
import {
  answerMessage,
  blocksToText,
  emojify,
  errorMessage,
  followUpHelpMessage,
  helpMessage,
  sourcesMessage,
  workingMessage,
} from '../../src/views/common.ts';
import { homeView } from '../../src/views/home.ts';
import { extractiveMeta } from '../store/helpers.ts';

const sources: Source[] = [
  { url: 'https://a.example/one', title: 'First & best', siteName: 'A News', publishedAt: '2025-09-22' },
  { url: 'https://b.example/two', title: 'Second', siteName: null, publishedAt: null },
];
const sectionTexts = (blocks: { type: string }[]) =>
  blocks.filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text.text);

describe('small messages', () => {
  it('errorMessage shows the text escaped with its error id, ephemeral', () => {
    const msg = errorMessage('Could not fetch <https://x.example> & <!here>', 'abc123');
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toBe(
      ':warning: Could not fetch &lt;https://x.example&gt; &amp; @\u200Dhere (error id `abc123`)',
    );
    expect(sectionTexts(msg.blocks)).toEqual([msg.text]);
    expect(errorMessage('Note', null).text).toBe(':warning: Note');
  });

  it('workingMessage escapes the query', () => {
    expect(workingMessage('R&D <x>').text).toBe(
      ':hourglass_flowing_sand: Working on a brief for *R&amp;D &lt;x&gt;*…',
    );
  });

  it('helpMessage lists every command and says follow-ups go in the thread', () => {
    const msg = helpMessage();
    const all = JSON.stringify(msg.blocks);
    for (const c of [
      '/brief &lt;topic&gt;',
      '/brief &lt;url&gt;',
      '/brief ask &lt;question&gt;',
      '/brief more',
      '/brief sources',
      '/brief help',
    ]) {
      expect(all).toContain(c);
    }
    expect(all).toContain('replies in a brief’s thread');
    expect(all).toContain('slash commands don’t work in threads');
    expect(limitViolations(msg)).toEqual([]);
    expect(followUpHelpMessage().text).toContain('thread');
    expect(homeView().type).toBe('home');
  });

  it('sourcesMessage numbers and links the sources, and stays within limits for many', () => {
    const msg = sourcesMessage(sources);
    const text = sectionTexts(msg.blocks).join('\n');
    expect(text).toContain('1. <https://a.example/one|First &amp; best> — A News, 2025-09-22');
    expect(text).toContain('2. <https://b.example/two|Second>');
    const many = Array.from({ length: 200 }, (_, i) => ({ ...sources[0], title: `Title ${i}` }) as Source);
    const big = sourcesMessage(many);
    expect(limitViolations(big)).toEqual([]);
    expect(JSON.stringify(big.blocks)).toContain('more not shown');
    expect(sourcesMessage([]).text).toContain('No sources');
  });
});

describe('answerMessage', () => {
  it('shows the safe answer and quotes with [n] source refs', () => {
    const msg = answerMessage(
      {
        answer: 'They meet again on <!here> Friday & see https://phish.example',
        quotes: [
          { text: 'talks resume on Friday', sourceIndex: 1 },
          { text: 'both sides agreed', sourceIndex: 0 },
        ],
        answered: true,
      },
      sources,
    );
    const [answer, quotes] = sectionTexts(msg.blocks);
    expect(answer).toBe('They meet again on @\u200Dhere Friday &amp; see `https://phish.example`');
    expect(quotes).toBe(
      '> “talks resume on Friday” <https://b.example/two|[2]>\n> “both sides agreed” <https://a.example/one|[1]>',
    );
    expect(JSON.stringify(msg)).not.toContain('<!here>');
    expect(limitViolations(msg)).toEqual([]);
  });

  it('says the articles do not say when not answered', () => {
    const msg = answerMessage({ answer: 'Probably Tuesday', quotes: [], answered: false }, sources);
    expect(msg.text).toBe('The articles don’t say.');
    expect(JSON.stringify(msg)).not.toContain('Tuesday');
  });
});

describe('blocksToText', () => {
  it('renders a brief for a terminal: underlined header, plain text, links with URLs, buttons', () => {
    const result: BriefResult = {
      brief: {
        headline: 'Deal & talks',
        summary: 'A <b> & B agreed.',
        who: [{ name: 'Ann_Lee', role: null, evidence: 'Ann said so' }],
        where: [],
        when: [],
        agreements: [],
        nextSteps: [],
      },
      sources,
      meta: extractiveMeta(),
    };
    const text = blocksToText(briefMessage(result).blocks);
    expect(text.startsWith('Deal & talks\n============\n')).toBe(true);
    expect(text).toContain('A <b> & B agreed.');
    expect(text).toContain('Who\n• Ann_Lee — “Ann said so”');
    expect(text).toContain('Where\nnone reported');
    expect(text).toContain('1. First & best (https://a.example/one) — A News, 2025-09-22');
    expect(text).toContain('Extractive brief · all items verified against the sources');
    expect(text).toContain('[Ask a follow-up]');
    expect(text).not.toMatch(/&amp;|&lt;|&gt;/);
  });
});

describe('the console rendering', () => {
  it('shows emoji shortcodes as emoji and leaves unknown ones and clock times alone', () => {
    expect(blocksToText(workingMessage('korea-japan').blocks)).toContain(
      '⏳ Working on a brief for korea-japan…',
    );
    expect(emojify(':mag: found :warning: at 08:30:15 :not_an_emoji:')).toBe(
      '🔍 found ⚠️ at 08:30:15 :not_an_emoji:',
    );
  });

  it('help for the console leaves out what needs Slack and says how to get it there', () => {
    const text = blocksToText(helpMessage('console').blocks);
    expect(text).not.toContain('/brief follow <topic> [at HH:MM]');
    expect(text).not.toContain('replies in a brief’s thread');
    expect(text).toContain('Daily digests need Slack');
    expect(blocksToText(helpMessage().blocks)).toContain('/brief follow <topic> [at HH:MM] [zone]');
  });
});

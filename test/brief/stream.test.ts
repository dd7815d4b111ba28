import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { type BriefResult, briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { readPartialObject } from '../../src/brief/partialJson.ts';
import type { StreamPiece } from '../../src/brief/stream.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import type { Article } from '../../src/ingest/article.ts';
import { briefMessage } from '../../src/views/brief.ts';
import { COMPLETIONS, fixtureText, LLM_HOST, llmDeps, recorded, silentLogger } from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';

afterEach(() => nock.cleanAll());

const summit: Article = {
  text: fixtureText('summit-tokyo.txt'),
  title: 'Lee and Ishiba meet in Tokyo',
  source: 'fixtures/articles/summit-tokyo.txt',
  url: null,
  siteName: null,
  lang: 'en',
  publishedAt: '2025-08-24T09:00:00+09:00',
};

const lying = recorded('korea-japan-lying');
const INVENTED = ['Kim Jong-un', 'video link', 'free trade pact', '40 billion'];

function engine(overrides: Partial<EngineDeps> = {}): EngineDeps {
  const { client, settings, prompt } = llmDeps({ maxRetries: 0 });
  return {
    llm: { client, settings, prompt },
    engine: 'llm',
    fallback: 'none',
    extractive: extractiveBrief,
    logger: silentLogger,
    ...overrides,
  };
}

describe('readPartialObject', () => {
  const json = (lying.choices as { message: { content: string } }[])[0]?.message.content ?? '';
  const whole = JSON.parse(json) as Record<string, unknown[]>;

  it('at every prefix, holds only finished values, each equal to the final one', () => {
    let lastKeys = 0;
    for (let n = 0; n <= json.length; n++) {
      const partial = readPartialObject(json.slice(0, n));
      for (const key of partial.completeKeys) expect(partial.value[key]).toEqual(whole[key]);
      for (const [key, value] of Object.entries(partial.value)) {
        if (Array.isArray(value)) expect(value).toEqual(whole[key]?.slice(0, value.length));
        else expect(value).toEqual(whole[key]); // a half-written string never appears
      }
      expect(partial.completeKeys.length).toBeGreaterThanOrEqual(lastKeys);
      lastKeys = partial.completeKeys.length;
    }
    expect(readPartialObject(json).complete).toBe(true);
  });

  it('does not take a number or literal cut at the end as finished', () => {
    expect(readPartialObject('{"a": 12').value).toEqual({});
    expect(readPartialObject('{"a": 12,').value).toEqual({ a: 12 });
    expect(readPartialObject('{"a": [1, {"b": "x"').value).toEqual({ a: [1] });
    expect(readPartialObject('{"a": "he said \\"hi').value).toEqual({});
  });
});

describe('streamed briefs', () => {
  it('shows each piece once verified, never an invented item, and ends with the same brief as without streaming', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(200, () => sseBody(lying, { chunkChars: 7, delayMs: 1 }), SSE_HEADERS);
    const pieces: StreamPiece[] = [];
    const streamed = await briefArticles([summit], engine(), { onPiece: (p) => pieces.push(p) });

    nock(LLM_HOST).post(COMPLETIONS).reply(200, lying);
    const whole = await briefArticles([summit], engine());

    // Streaming does not change the brief, nor the message made of it.
    expect(streamed).toEqual<BriefResult>(whole);
    expect(briefMessage(streamed)).toEqual(briefMessage(whole));
    expect(whole.meta.dropped.map((d) => d.field).sort()).toEqual(['agreements', 'who']);

    // Nothing invented was ever shown, and everything shown is in the final brief, in its order.
    const shownText = JSON.stringify(pieces);
    for (const invented of INVENTED) expect(shownText).not.toContain(invented);
    const items = (field: string) =>
      pieces.flatMap((p) => (p.kind === 'item' && p.field === field ? [p.item] : []));
    for (const field of ['who', 'where', 'when', 'agreements', 'nextSteps'] as const) {
      expect(items(field)).toEqual(whole.brief[field]);
    }
    expect(pieces[0]).toEqual({ kind: 'headline', headline: whole.brief.headline });
    expect(pieces[1]).toEqual({ kind: 'summary', summary: whole.brief.summary });
  });

  it('streams nothing when LLM_STREAM is off, and the brief is the same', async () => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, lying);
    const pieces: StreamPiece[] = [];
    const result = await briefArticles([summit], engine({ stream: false }), {
      onPiece: (p) => pieces.push(p),
    });
    expect(pieces).toEqual([]);
    expect(result.brief.who.map((w) => w.name)).toEqual(['Lee Jae-myung', 'Shigeru Ishiba']);
  });
});

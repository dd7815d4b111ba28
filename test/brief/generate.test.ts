import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { generateBrief } from '../../src/brief/generate.ts';
import { UserError } from '../../src/errors.ts';
import type { Article } from '../../src/ingest/article.ts';
import {
  type ChatBody,
  COMPLETIONS,
  fixtureText,
  LLM_HOST,
  llmDeps,
  portDealArticle,
  recorded,
} from '../helpers/llm.ts';

const portDeal = portDealArticle();

/** Records every request body the fake LLM receives. */
function capture(bodies: ChatBody[]) {
  return (body: nock.Body) => {
    bodies.push(body as unknown as ChatBody);
    return true;
  };
}

afterEach(() => nock.cleanAll());

describe('generateBrief', () => {
  it('returns the parsed brief and its token usage from a strict json_schema call', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST).post(COMPLETIONS, capture(bodies)).reply(200, recorded('port-deal'));

    const result = await generateBrief([portDeal], llmDeps());

    expect(result.brief.headline).toBe('Chile and Vietnam sign port and shipping accord');
    expect(result.brief.agreements).toHaveLength(2);
    expect(result.usage).toEqual({ promptTokens: 812, completionTokens: 402, totalTokens: 1214 });
    expect(result.attempts).toBe(1);
    const [body] = bodies;
    expect(body?.response_format.type).toBe('json_schema');
    expect(body?.response_format.json_schema?.strict).toBe(true);
    // Every field is required (strict mode); the draft URL zod adds is not sent.
    expect(body?.response_format.json_schema?.schema).toMatchObject({ required: expect.any(Array) });
    expect(body?.response_format.json_schema?.schema).not.toHaveProperty('$schema');
    expect(body?.model).toBe('gpt-4.1-mini');
  });

  it('keeps the article out of the system message and inside random markers in the user turn', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST).post(COMPLETIONS, capture(bodies)).times(2).reply(200, recorded('port-deal'));
    const injected: Article = { ...portDeal, text: fixtureText('injection-attempt.txt') };

    await generateBrief([injected], llmDeps());
    await generateBrief([injected], llmDeps());

    const [system, user] = bodies[0]?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).not.toContain('IGNORE PREVIOUS INSTRUCTIONS');
    const content = user?.content ?? '';
    const nonce = /<<<ARTICLE ([0-9a-f]{12})>>>/.exec(content)?.[1];
    expect(nonce).toBeDefined();
    const begin = content.indexOf(`\n<<<ARTICLE ${nonce}>>>\n`);
    const end = content.indexOf(`\n<<<END ARTICLE ${nonce}>>>`);
    expect(begin).toBeGreaterThan(0);
    const injection = content.indexOf('IGNORE PREVIOUS INSTRUCTIONS');
    const fakeEnd = content.indexOf('<<<END ARTICLE>>>');
    expect(begin).toBeLessThan(injection);
    expect(injection).toBeLessThan(end);
    expect(fakeEnd).toBeGreaterThan(begin);
    expect(fakeEnd).toBeLessThan(end);
    // A fresh marker per request, so an article cannot learn and forge it.
    const second = /<<<ARTICLE ([0-9a-f]{12})>>>/.exec(bodies[1]?.messages[1]?.content ?? '')?.[1];
    expect(second).not.toBe(nonce);
  });

  it('repairs a reply that breaks the schema by showing the model its errors', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST)
      .post(COMPLETIONS, capture(bodies))
      .reply(200, recorded('port-deal.invalid'))
      .post(COMPLETIONS, capture(bodies))
      .reply(200, recorded('port-deal'));

    const result = await generateBrief([portDeal], llmDeps());

    expect(result.attempts).toBe(2);
    expect(result.brief.nextSteps).toHaveLength(2);
    expect(result.usage.totalTokens).toBe(1112 + 1214);
    const repair = bodies[1]?.messages.at(-1)?.content ?? '';
    expect(repair).toContain('nextSteps');
    expect(repair).toContain('who.0.role');
    expect(bodies[1]?.messages.at(-2)?.role).toBe('assistant');
  });

  it('fails clearly when the repair attempt is invalid too', async () => {
    nock(LLM_HOST).post(COMPLETIONS).times(2).reply(200, recorded('port-deal.invalid'));

    const error = await generateBrief([portDeal], llmDeps()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('llm-invalid');
    expect((error as UserError).message).toMatch(
      /did not match the brief schema, even after a repair attempt/,
    );
  });

  it.each([
    ['refusal', 'llm-refusal', /declined to write this brief: I'm sorry/],
    ['length', 'llm-length', /raise LLM_MAX_OUTPUT_TOKENS/],
    ['content-filter', 'llm-content-filter', /content filter/],
  ])('turns a %s reply into a clear error', async (fixture, code, message) => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded(fixture));

    const error = (await generateBrief([portDeal], llmDeps()).catch((e: unknown) => e)) as UserError;

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(
        429,
        { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
        {
          'retry-after-ms': '30',
        },
      )
      .post(COMPLETIONS)
      .reply(200, recorded('port-deal'));

    const result = await generateBrief([portDeal], llmDeps({ maxRetries: 2 }));

    expect(result.brief.who).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });

  it('gives up on persistent 429s with a rate-limit message', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .times(2)
      .reply(
        429,
        { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
        { 'retry-after-ms': '10' },
      );

    const error = (await generateBrief([portDeal], llmDeps({ maxRetries: 1 })).catch(
      (e: unknown) => e,
    )) as UserError;

    expect(error.code).toBe('llm-rate-limited');
    expect(nock.isDone()).toBe(true);
  });

  it('reports a server that keeps failing with 5xx after bounded retries', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .times(3)
      .reply(503, { error: { message: 'overloaded' } }, { 'retry-after-ms': '5' });

    const error = (await generateBrief([portDeal], llmDeps({ maxRetries: 2 })).catch(
      (e: unknown) => e,
    )) as UserError;

    expect(error.code).toBe('llm-unavailable');
    expect(error.message).toContain('503');
    expect(nock.isDone()).toBe(true);
  });

  it('times out a server that does not answer', async () => {
    nock(LLM_HOST).post(COMPLETIONS).delay(1000).reply(200, recorded('port-deal'));

    const error = (await generateBrief([portDeal], llmDeps({ maxRetries: 0, timeoutMs: 100 })).catch(
      (e: unknown) => e,
    )) as UserError;

    expect(error.code).toBe('llm-timeout');
    expect(error.message).toMatch(/did not answer within/);
  });

  it('names the key as the problem on a 401', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(401, { error: { message: 'Incorrect API key provided' } });

    const error = (await generateBrief([portDeal], llmDeps()).catch((e: unknown) => e)) as UserError;

    expect(error.code).toBe('llm-auth');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.message).not.toContain('sk-test');
  });

  it('falls back to JSON mode with the schema in the prompt and accepts a fenced reply', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST).post(COMPLETIONS, capture(bodies)).reply(200, recorded('port-deal.fenced'));

    const result = await generateBrief([portDeal], llmDeps({ settings: { responseFormat: 'json_object' } }));

    expect(result.brief.where[0]?.place).toBe('Valparaíso');
    expect(bodies[0]?.response_format).toEqual({ type: 'json_object' });
    expect(bodies[0]?.messages[0]?.content).toContain('"nextSteps"');
  });

  it('cuts a long article to the token budget at a paragraph break and says so', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST).post(COMPLETIONS, capture(bodies)).reply(200, recorded('port-deal'));
    const long: Article = { ...portDeal, text: fixtureText('long-report.txt') };

    const result = await generateBrief([long], llmDeps({ settings: { maxArticleTokens: 1500 } }));

    expect(result.truncated).toBe(true);
    expect(result.articleTokens).toBeLessThanOrEqual(1500);
    const sent = bodies[0]?.messages[1]?.content ?? '';
    expect(sent).toContain('The Murray Valley Water Board approved a ten-year drought management plan');
    expect(sent).not.toContain('hold its first review in March 2027');
    expect(sent.length).toBeLessThan(long.text.length / 4);
  });
});

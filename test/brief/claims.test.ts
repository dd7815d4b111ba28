import nock from 'nock';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { claimChecker } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { COMPLETIONS, LLM_HOST, llmDeps, portDealArticle, recorded } from '../helpers/llm.ts';

afterEach(() => nock.cleanAll());

const portDeal = portDealArticle({ publishedAt: '2025-10-06' });

function engine(logger = pino({ level: 'silent' })): EngineDeps {
  const { client, settings, prompt } = llmDeps({ maxRetries: 0 });
  return {
    llm: { client, settings, prompt },
    engine: 'llm',
    fallback: 'none',
    extractive: extractiveBrief,
    logger,
  };
}

describe('a brief through the fake LLM, checked claim by claim', () => {
  it('drops a planted summary sentence that joins a minister to another sentence’s figure, keeps the rest', async () => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal.planted'));
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });

    const result = await briefArticles([portDeal], engine(logger));

    expect(result.brief.summary).toBe(
      'Chile and Vietnam signed a port cooperation agreement in Valparaíso, agreeing to open a direct container route to Hai Phong by the end of 2026.',
    );
    expect(result.brief.summary).not.toContain('nine days');
    expect(result.brief.summaryEvidence).toHaveLength(1);
    expect(result.brief.summaryEvidence?.[0]?.evidence).toHaveLength(2);
    expect(result.brief.headline).toBe('Chile and Vietnam sign port and shipping accord');
    expect(result.meta.rejectedClaims).toEqual([
      expect.objectContaining({
        field: 'summary',
        reason: 'recombined',
        detail: expect.stringContaining('nine'),
      }),
    ]);
    expect(result.meta.adjustments).toContainEqual(
      expect.objectContaining({ field: 'summary', note: expect.stringContaining('1 summary sentence') }),
    );
    const logged = lines.find((l) => l.msg === 'claim check rejected a model-written sentence');
    expect(logged).toMatchObject({ field: 'summary', reason: 'recombined' });
  });

  it('keeps the recorded brief whole when every sentence is supported', async () => {
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));
    const result = await briefArticles([portDeal], engine());
    expect(result.meta.rejectedClaims).toEqual([]);
    expect(result.brief.summaryEvidence).toHaveLength(1);
    expect(result.brief.who.map((w) => w.role)).toEqual([
      'Chilean Foreign Minister',
      'Vietnamese Trade Minister',
    ]);
  });
});

describe('claimChecker (the entry point for streamed briefs)', () => {
  const checker = claimChecker([portDeal]);
  const q1 =
    'Chilean Foreign Minister Alberto van Klaveren and Vietnamese Trade Minister Nguyen Hong Dien signed a shipping and port cooperation agreement in Valparaíso on Monday, the first such pact between the two countries.';

  it('passes a sentence its quote supports and rejects one whose quote is not in the article', () => {
    expect(
      checker.check('summary', 'Chile and Vietnam signed a port agreement in Valparaíso.', [q1]),
    ).toBeNull();
    expect(
      checker.check('summary', 'Chile and Vietnam signed a port agreement in Valparaíso.', [
        'Chile and Vietnam signed a port agreement in Valparaíso.',
      ]),
    ).toMatchObject({ reason: 'no-evidence' });
  });

  it('rejects a headline the surviving quotes do not support', () => {
    const kept = [{ text: 'Chile and Vietnam signed a port agreement.', evidence: [q1] }];
    expect(checker.headline('Chile and Vietnam sign port accord', kept)).toBeNull();
    expect(checker.headline('Peru and Vietnam sign port accord', kept)).toMatchObject({ reason: 'name' });
  });
});

describe('roles', () => {
  it('removes a role taken from a quote that does not name the person', async () => {
    const planted = recorded('port-deal') as { choices: { message: { content: string } }[] };
    const message = planted.choices[0]?.message as { content: string };
    const brief = JSON.parse(message.content);
    // The Chilean minister given the Vietnamese minister's post, from a quote naming only the latter.
    brief.who[0].role = 'Vietnamese Trade Minister';
    brief.who[0].evidence =
      'Vietnamese Trade Minister Nguyen Hong Dien signed a shipping and port cooperation agreement';
    message.content = JSON.stringify(brief);
    nock(LLM_HOST).post(COMPLETIONS).reply(200, planted);

    const result = await briefArticles([portDeal], engine());

    const klaveren = result.brief.who.find((w) => w.name === 'Alberto van Klaveren');
    // His name is in the article, so the item stays, but not with a role from another person's quote.
    expect(klaveren).toBeDefined();
    expect(klaveren?.role).toBeNull();
    expect(result.meta.rejectedClaims).toContainEqual(
      expect.objectContaining({ field: 'role', detail: 'Alberto van Klaveren' }),
    );
    expect(result.brief.who.find((w) => w.name === 'Nguyen Hong Dien')?.role).toBe(
      'Vietnamese Trade Minister',
    );
  });
});

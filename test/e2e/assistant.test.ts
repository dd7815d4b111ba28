import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Runtime } from '../../src/main.ts';
import { COMPLETIONS, LLM_HOST, recorded } from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';
import {
  decodeApiBody,
  dmMessageEvent,
  e2eEnv,
  eventCallback,
  eventually,
  RESPONSE_HOST,
  SLACK_API,
  send,
  slashCommand,
  startHttpApp,
  summitFollowedRuntime,
} from '../helpers/slack.ts';

/*
 * The assistant panel and DMs end to end: signed events into Bolt's real HTTP receiver, every Web
 * API call recorded in order by a fake Slack (nock), the model streaming its JSON in small chunks
 * with pauses, the store an in-memory PGlite.
 */

const config = parseConfig(e2eEnv());
const slack = config.slack ?? (undefined as never);

let runtime: Runtime;
let app: App;
let server: Server;
let tsCounter = 500;

/** Text of the invented items in the lying fixture (their quotes are not in the article). */
const INVENTED = ['Kim Jong-un', 'video link', 'free trade pact', '40 billion'];
/** Text of the lying answer's dropped sentences (an invented quote, a number the article lacks). */
const ANSWER_DROPPED = ['Kim Jong-un', 'video link', '40 billion'];
const DM = 'D0001';
const THREAD = '1700000000.000100';

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  runtime = await summitFollowedRuntime(config);
  ({ app, server } = await startHttpApp(runtime, slack));
});

afterAll(async () => {
  await app?.stop();
  await runtime?.close();
  nock.disableNetConnect();
});

afterEach(async () => {
  nock.cleanAll();
  await runtime.store.briefCache.prune(new Date(Date.now() + 86_400_000));
});

interface Call {
  method: string;
  body: Record<string, unknown>;
}

/**
 * A fake Slack recording every Web API call in order. `fail` answers one call with an error
 * (e.g. the second chat.appendStream); everything else says ok, with fresh ts values.
 */
function fakeSlack(opts: { fail?: { method: string; nth: number; error: string } } = {}) {
  const calls: Call[] = [];
  const seen = new Map<string, number>();
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(200, (uri, raw) => {
      const method = uri.replace(/^\/api\//, '');
      const body = decodeApiBody(raw);
      if (typeof body.chunks === 'string') body.chunks = JSON.parse(body.chunks);
      calls.push({ method, body });
      const n = (seen.get(method) ?? 0) + 1;
      seen.set(method, n);
      if (opts.fail && opts.fail.method === method && opts.fail.nth === n) {
        return { ok: false, error: opts.fail.error };
      }
      const ts = `1700000100.${String(++tsCounter).padStart(6, '0')}`;
      return { ok: true, channel: body.channel ?? body.channel_id, ts };
    });
  const responses: Record<string, unknown>[] = [];
  nock(RESPONSE_HOST)
    .persist()
    .post(/.*/)
    .reply(200, (_uri, body) => {
      responses.push(body as Record<string, unknown>);
      return 'ok';
    });
  const of = (method: string) => calls.filter((c) => c.method === method);
  return { calls, of, responses, methods: () => calls.map((c) => c.method) };
}

/** The model streams the recorded reply: ~7 characters per chunk, a few ms apart. */
function streamingLlm(fixture: string) {
  nock(LLM_HOST)
    .post(COMPLETIONS)
    .reply(200, () => sseBody(recorded(fixture), { chunkChars: 7, delayMs: 2 }), SSE_HEADERS);
}

function dm(text: string, ts: string, eventId: string, thread = THREAD) {
  return eventCallback(server, dmMessageEvent(DM, thread, text, ts), eventId);
}

/** Everything a reader was shown while the message streamed. */
function streamedText(s: ReturnType<typeof fakeSlack>): string {
  return ['chat.startStream', 'chat.appendStream', 'chat.stopStream']
    .flatMap((m) => s.of(m))
    .map((c) => JSON.stringify([c.body.chunks ?? null, c.body.markdown_text ?? null]))
    .join('\n');
}

async function storedIn(channel: string, threadTs: string) {
  for (let i = 0; i < 250; i++) {
    const brief = await runtime.store.briefs.byThread(channel, threadTs, 'T0001');
    if (brief) return brief;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

describe('assistant panel', () => {
  it('greets a new thread with prompts from what the viewed channel follows and the day’s stories', async () => {
    const s = fakeSlack();
    const res = await eventCallback(
      server,
      {
        type: 'assistant_thread_started',
        assistant_thread: {
          user_id: 'U0001',
          context: { channel_id: 'CNEWS', team_id: 'T0001', enterprise_id: null },
          channel_id: DM,
          thread_ts: THREAD,
        },
        event_ts: '1700000000.000101',
      },
      'EvA001',
    );
    expect(res.status).toBe(200);
    await eventually(() => s.of('assistant.threads.setSuggestedPrompts').length === 1);

    const greeting = s.of('chat.postMessage')[0]?.body ?? {};
    expect(greeting).toMatchObject({ channel: DM, thread_ts: THREAD });
    expect(String(greeting.text)).toContain('Tell me a topic');
    const prompts = s.of('assistant.threads.setSuggestedPrompts')[0]?.body ?? {};
    expect(prompts).toMatchObject({ channel_id: DM, thread_ts: THREAD });
    const list = (typeof prompts.prompts === 'string' ? JSON.parse(prompts.prompts) : prompts.prompts) as {
      title: string;
      message: string;
    }[];
    expect(list[0]).toEqual({ title: 'Brief korea-japan', message: 'korea-japan' });
    // The biggest story of the last day (the summit article), then the link prompt, four at most.
    expect(list.some((p) => /^story \d+$/.test(p.message) && /Lee|Ishiba|summit/i.test(p.title))).toBe(true);
    expect(list[list.length - 1]?.title).toBe('Brief a link…');
    expect(list.length).toBeLessThanOrEqual(4);
  });
});

describe('a brief in the assistant thread', () => {
  it('shows status, then streams only verified items and ends with the same message as a channel brief', async () => {
    const s = fakeSlack();
    streamingLlm('korea-japan-lying');

    const res = await dm('korea-japan', '1700000001.000001', 'EvA002');
    expect(res.status).toBe(200);
    await eventually(() => s.of('assistant.threads.setTitle').length === 1, 20_000);

    const methods = s.methods();
    const first = (m: string) => methods.indexOf(m);
    // Status first, then the stream in order, then the final message and the title.
    expect(methods.filter((m) => m === 'assistant.threads.setStatus').length).toBeGreaterThanOrEqual(2);
    expect(first('assistant.threads.setStatus')).toBeLessThan(first('chat.startStream'));
    expect(first('chat.startStream')).toBeLessThan(first('chat.appendStream'));
    expect(methods.lastIndexOf('chat.appendStream')).toBeLessThan(first('chat.stopStream'));
    expect(first('chat.stopStream')).toBeLessThan(first('chat.update'));
    expect(s.of('chat.appendStream').length).toBeGreaterThanOrEqual(5); // item by item, not at once
    const statuses = s.of('assistant.threads.setStatus').map((c) => c.body.status);
    expect(statuses).toEqual(expect.arrayContaining(['Searching stories…', 'Checking quotes…']));
    expect(statuses.some((t) => /^Reading (the article|\d+ articles)…$/.test(String(t)))).toBe(true);

    // No chunk ever carried an item verification dropped; the verified ones were all shown.
    const shown = streamedText(s);
    for (const invented of INVENTED) expect(shown).not.toContain(invented);
    for (const kept of [
      'Lee Jae-myung',
      'Shigeru Ishiba',
      'strategic communication',
      'working group on supply chains',
    ]) {
      expect(shown).toContain(kept);
    }
    const start = s.of('chat.startStream')[0]?.body ?? {};
    expect(start).toMatchObject({ channel: DM, thread_ts: THREAD, recipient_user_id: 'U0001' });

    // Stopped with the closing blocks: sources, buttons and the feedback buttons.
    const stop = JSON.stringify(s.of('chat.stopStream')[0]?.body.blocks);
    expect(stop).toContain('*Sources*');
    expect(stop).toContain('feedback_buttons');
    expect(s.of('chat.postMessage')).toHaveLength(0);
    expect(s.of('assistant.threads.setTitle')[0]?.body.title).toBe(
      'Lee and Ishiba agree to deepen strategic dialogue in Tokyo',
    );
    const streamedFinal = s.of('chat.update')[0]?.body ?? {};

    // The same request as /brief in a channel, same model reply, not streamed: the same message.
    nock.cleanAll();
    await runtime.store.briefCache.prune(new Date(Date.now() + 86_400_000));
    const channel = fakeSlack();
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('korea-japan-lying'));
    await slashCommand(server, 'korea-japan', { channel_id: 'CNEWS' });
    await eventually(() => channel.of('chat.postMessage').length >= 1, 20_000);
    const posted = channel.of('chat.postMessage')[0]?.body ?? {};
    expect(streamedFinal.blocks).toEqual(posted.blocks);
    expect(streamedFinal.text).toEqual(posted.text);
    expect(JSON.stringify(posted.blocks)).toContain('2 unverified items removed');

    // The brief is kept under the assistant thread, for follow-ups there.
    expect((await storedIn(DM, THREAD))?.query).toBe('korea-japan');
  });

  it('streams a follow-up in that thread, sentence by sentence, only what passed, and ends with the unstreamed answer', async () => {
    expect(await storedIn(DM, THREAD)).not.toBeNull();
    const s = fakeSlack();
    const bodies: string[] = [];
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => {
        bodies.push(JSON.stringify(body));
        return true;
      })
      .reply(
        200,
        () => sseBody(recorded('korea-japan-answer-lying'), { chunkChars: 6, delayMs: 3 }),
        SSE_HEADERS,
      );

    await dm('what did they agree on?', '1700000002.000001', 'EvA003');
    await eventually(() => s.of('chat.update').length === 1, 20_000);

    // Status first, then the stream in order, then the final message.
    const methods = s.methods();
    const first = (m: string) => methods.indexOf(m);
    expect(first('assistant.threads.setStatus')).toBeLessThan(first('chat.startStream'));
    expect(first('chat.startStream')).toBeLessThan(first('chat.appendStream'));
    expect(methods.lastIndexOf('chat.appendStream')).toBeLessThan(first('chat.stopStream'));
    expect(first('chat.stopStream')).toBeLessThan(first('chat.update'));
    expect(s.of('chat.postMessage')).toHaveLength(0);
    expect(s.of('chat.startStream')[0]?.body).toMatchObject({
      channel: DM,
      thread_ts: THREAD,
      recipient_user_id: 'U0001',
    });

    // Two sentences passed, one chunk each; the invented quote and number never appeared.
    const shown = streamedText(s);
    expect(shown).toContain('They agreed to launch a working group on supply chains.');
    expect(shown).toContain('Lee and Ishiba also agreed to strengthen strategic communication.');
    for (const dropped of ANSWER_DROPPED) expect(shown).not.toContain(dropped);
    const appended = [...s.of('chat.startStream'), ...s.of('chat.appendStream')].filter((c) =>
      JSON.stringify(c.body.chunks ?? c.body.markdown_text ?? '').includes('.'),
    );
    expect(appended).toHaveLength(2);
    // Stopped with what was not yet shown: the quotes, the sources and the feedback buttons.
    const stop = JSON.stringify(s.of('chat.stopStream')[0]?.body.blocks);
    expect(stop).toContain('feedback_buttons');
    expect(stop).toContain('launch a working group on supply chains');
    expect(stop).not.toContain('Lee and Ishiba also agreed');
    // Grounded in the thread's brief: the summit article went to the model with the question.
    expect(bodies[0]).toContain('Shigeru Ishiba');
    expect(bodies[0]).toContain('what did they agree on?');
    expect(bodies[0]).toContain('"stream":true');
    const streamedFinal = s.of('chat.update')[0]?.body ?? {};
    expect(streamedFinal.ts).toBe(s.of('chat.appendStream')[0]?.body.ts);

    // The same reply, not streamed (LLM_STREAM=false): the very same message, posted whole.
    nock.cleanAll();
    const whole = fakeSlack();
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('korea-japan-answer-lying'));
    runtime.deps.engine.stream = false;
    try {
      await dm('what did they agree on?', '1700000002.000002', 'EvA003b');
      await eventually(() => whole.of('chat.postMessage').length === 1, 20_000);
    } finally {
      runtime.deps.engine.stream = true;
    }
    expect(whole.of('chat.startStream')).toHaveLength(0);
    const posted = whole.of('chat.postMessage')[0]?.body ?? {};
    expect(streamedFinal.blocks).toEqual(posted.blocks);
    expect(streamedFinal.text).toEqual(posted.text);
    for (const dropped of ANSWER_DROPPED) expect(JSON.stringify(posted)).not.toContain(dropped);
  });

  it('when a stream call fails midway through an answer, closes the half stream and posts the whole answer once', async () => {
    const s = fakeSlack({ fail: { method: 'chat.appendStream', nth: 1, error: 'internal_error' } });
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(
        200,
        () => sseBody(recorded('korea-japan-answer-lying'), { chunkChars: 6, delayMs: 2 }),
        SSE_HEADERS,
      );

    await dm('what did they agree on?', '1700000002.000003', 'EvA003c');
    await eventually(() => s.of('chat.postMessage').length === 1, 20_000);
    await eventually(() => s.of('chat.delete').length === 1);

    // The first sentence opened the stream; the second one's append failed; nothing after it.
    expect(s.of('chat.startStream')).toHaveLength(1);
    expect(s.of('chat.appendStream')).toHaveLength(1);
    const halfTs = s.of('chat.appendStream')[0]?.body.ts;
    expect(s.of('chat.stopStream').map((c) => c.body.ts)).toEqual([halfTs]);
    expect(s.of('chat.delete').map((c) => c.body.ts)).toEqual([halfTs]);
    expect(s.of('chat.update')).toHaveLength(0);
    const whole = s.of('chat.postMessage');
    expect(whole).toHaveLength(1);
    expect(whole[0]?.body).toMatchObject({ channel: DM, thread_ts: THREAD });
    const blocks = JSON.stringify(whole[0]?.body.blocks);
    expect(blocks).toContain('They agreed to launch a working group on supply chains.');
    expect(blocks).toContain('Lee and Ishiba also agreed to strengthen strategic communication.');
    expect(blocks).toContain('feedback_buttons');
    for (const dropped of ANSWER_DROPPED) expect(blocks).not.toContain(dropped);
  });

  it('when a stream call fails midway, closes the half stream and posts the whole verified brief once', async () => {
    const s = fakeSlack({ fail: { method: 'chat.appendStream', nth: 2, error: 'internal_error' } });
    streamingLlm('korea-japan-lying');
    const thread = '1700000003.000100';

    await dm('korea-japan', '1700000003.000101', 'EvA004', thread);
    await eventually(() => s.of('chat.postMessage').length === 1, 20_000);
    await eventually(() => s.of('assistant.threads.setTitle').length === 1);

    const started = s.of('chat.startStream');
    expect(started).toHaveLength(1);
    // No more appends after the failure; the half stream is stopped (closed), then removed.
    expect(s.of('chat.appendStream')).toHaveLength(2);
    const halfTs = s.of('chat.appendStream')[0]?.body.ts;
    expect(s.of('chat.stopStream').map((c) => c.body.ts)).toEqual([halfTs]);
    expect(s.of('chat.delete').map((c) => c.body.ts)).toEqual([halfTs]);
    const whole = s.of('chat.postMessage');
    expect(whole).toHaveLength(1);
    expect(whole[0]?.body).toMatchObject({ channel: DM, thread_ts: thread });
    const blocks = JSON.stringify(whole[0]?.body.blocks);
    expect(blocks).toContain('Shigeru Ishiba');
    for (const invented of INVENTED) expect(blocks).not.toContain(invented);
    expect((await storedIn(DM, thread))?.query).toBe('korea-japan');
  });

  it('when the model dies mid-reply, removes what was streamed and says what failed', async () => {
    const s = fakeSlack();
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(
        200,
        () => sseBody(recorded('korea-japan-lying'), { chunkChars: 7, delayMs: 1, breakAfter: 120 }),
        SSE_HEADERS,
      );
    const thread = '1700000006.000100';

    await dm('korea-japan', '1700000006.000101', 'EvA007', thread);
    await eventually(() => s.of('chat.postMessage').length === 1, 20_000);

    const streamTs = s.of('chat.startStream').length > 0 ? s.of('chat.appendStream')[0]?.body.ts : undefined;
    expect(streamTs).toBeDefined(); // something was shown before the model died
    await eventually(() => s.of('chat.delete').length === 1);
    expect(s.of('chat.stopStream').map((c) => c.body.ts)).toEqual([streamTs]);
    expect(s.of('chat.delete').map((c) => c.body.ts)).toEqual([streamTs]);
    expect(JSON.stringify(s.of('chat.postMessage')[0]?.body)).toMatch(/error id `[0-9a-f]{8}`/);
    expect(await runtime.store.briefs.byThread(DM, thread, 'T0001')).toBeNull();
  });

  it('when the streamed reply needs a repair turn, removes what it showed and posts the repaired brief whole', async () => {
    const s = fakeSlack();
    const valid = recorded('korea-japan-lying');
    const choice = (valid.choices as { message: { content: string } }[])[0];
    const { nextSteps: _cut, ...incomplete } = JSON.parse(choice?.message.content ?? '{}') as Record<
      string,
      unknown
    >;
    const invalid = {
      ...valid,
      choices: [{ ...choice, message: { ...choice?.message, content: JSON.stringify(incomplete) } }],
    };
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(200, () => sseBody(invalid, { chunkChars: 9, delayMs: 1 }), SSE_HEADERS)
      .post(COMPLETIONS)
      .reply(200, valid);
    const thread = '1700000007.000100';

    await dm('korea-japan', '1700000007.000101', 'EvA008', thread);
    await eventually(() => s.of('chat.postMessage').length === 1, 20_000);

    const streamTs = s.of('chat.appendStream')[0]?.body.ts;
    expect(streamTs).toBeDefined();
    expect(s.of('chat.delete').map((c) => c.body.ts)).toEqual([streamTs]);
    expect(s.of('chat.update')).toHaveLength(0);
    const blocks = JSON.stringify(s.of('chat.postMessage')[0]?.body.blocks);
    expect(blocks).toContain('White House'); // the repaired reply's next step
    expect((await storedIn(DM, thread))?.result.meta.attempts).toBe(2);
  });

  it('posts the whole message, without a stream, when LLM_STREAM is off', async () => {
    const s = fakeSlack();
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('korea-japan-lying'));
    const engine = runtime.deps.engine;
    engine.stream = false;
    try {
      await dm('korea-japan', '1700000004.000101', 'EvA005', '1700000004.000100');
      await eventually(() => s.of('chat.postMessage').length === 1, 20_000);
    } finally {
      engine.stream = true;
    }
    expect(s.of('chat.startStream')).toHaveLength(0);
    expect(JSON.stringify(s.of('chat.postMessage')[0]?.body.blocks)).toContain('feedback_buttons');
  });
});

describe('a DM to the bot', () => {
  it('reads a top-level message like /brief and answers in its thread', async () => {
    const s = fakeSlack();
    streamingLlm('korea-japan-lying');
    const ts = '1700000005.000001';
    await eventCallback(
      server,
      {
        type: 'message',
        channel: 'D0002',
        channel_type: 'im',
        user: 'U0001',
        text: 'korea-japan',
        ts,
        event_ts: ts,
      },
      'EvA006',
    );
    await eventually(() => s.of('chat.update').length === 1, 20_000);
    expect(s.of('chat.startStream')[0]?.body).toMatchObject({ channel: 'D0002', thread_ts: ts });
    expect((await storedIn('D0002', ts))?.query).toBe('korea-japan');
  });
});

describe('feedback', () => {
  const click = (value: string, user = 'U0001', messageTs = '1700000100.000777') =>
    send(
      server,
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: 'T0001', domain: 'news' },
          user: { id: user, team_id: 'T0001' },
          api_app_id: 'A0001',
          token: 'legacy',
          trigger_id: 'trigger-fb',
          response_url: `${RESPONSE_HOST}/actions/T0001/1/fb`,
          container: {
            type: 'message',
            message_ts: messageTs,
            channel_id: DM,
            thread_ts: THREAD,
            is_ephemeral: false,
          },
          channel: { id: DM },
          message: { ts: messageTs, thread_ts: THREAD },
          actions: [
            {
              action_id: 'brief_feedback',
              block_id: 'fb',
              type: 'feedback_buttons',
              value,
              action_ts: '1.2',
            },
          ],
        }),
      }).toString(),
      'application/x-www-form-urlencoded',
    );

  it('stores a vote with the brief’s model and prompt, changes it on a second click, and thanks privately', async () => {
    const brief = await storedIn(DM, THREAD);
    const s = fakeSlack();

    expect((await click('brief:up')).status).toBe(200);
    await eventually(() => s.responses.length === 1);
    const vote = await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001');
    expect(vote).toMatchObject({
      vote: 'up',
      kind: 'brief',
      briefId: brief?.id,
      model: 'gpt-4.1-mini',
      promptVersion: brief?.result.meta.promptVersion,
    });
    expect(s.responses[0]).toMatchObject({ response_type: 'ephemeral' });

    await click('brief:down');
    await eventually(() => s.responses.length === 2);
    expect((await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001'))?.vote).toBe('down');
    expect(JSON.stringify(s.responses[1])).toContain('vote changed');
    expect(JSON.stringify(s.responses[1])).toContain('What was wrong?');
    const counts = await runtime.store.feedback.counts({ since: new Date(Date.now() - 86_400_000) });
    expect(counts).toEqual([
      {
        kind: 'brief',
        model: 'gpt-4.1-mini',
        promptVersion: brief?.result.meta.promptVersion,
        up: 0,
        down: 1,
      },
    ]);
  });

  it('asks what was wrong in a modal and stores the answer on the vote', async () => {
    const s = fakeSlack();
    const interaction = (payload: Record<string, unknown>) =>
      send(
        server,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    const ref = `${DM}/1700000100.000777`;
    await interaction({
      type: 'block_actions',
      team: { id: 'T0001', domain: 'news' },
      user: { id: 'U0001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trigger-why',
      container: { type: 'message', message_ts: '1700000100.000888', channel_id: DM, is_ephemeral: true },
      actions: [
        { action_id: 'brief_feedback_details', block_id: 'b', type: 'button', value: ref, action_ts: '1.3' },
      ],
    });
    await eventually(() => s.of('views.open').length === 1);
    const view = s.of('views.open')[0]?.body.view;
    const modal = JSON.parse(typeof view === 'string' ? view : JSON.stringify(view)) as {
      private_metadata: string;
      callback_id: string;
    };
    expect(modal.callback_id).toBe('brief_feedback_modal');
    expect(JSON.stringify(modal)).toContain('A wrong date');

    const submitted = await interaction({
      type: 'view_submission',
      team: { id: 'T0001', domain: 'news' },
      user: { id: 'U0001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trigger-submit',
      view: {
        id: 'VFB',
        type: 'modal',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: {
          values: {
            reason: { value: { type: 'radio_buttons', selected_option: { value: 'wrong-date' } } },
            comment: { value: { type: 'plain_text_input', value: 'The summit was on the 23rd.' } },
          },
        },
      },
    });
    expect(submitted.status).toBe(200);
    let vote = await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001');
    for (let i = 0; vote?.reason !== 'wrong-date' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      vote = await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001');
    }
    expect(vote).toMatchObject({
      vote: 'down',
      reason: 'wrong-date',
      comment: 'The summit was on the 23rd.',
    });
  });

  it('is erased with the workspace when the app is uninstalled', async () => {
    fakeSlack();
    expect(await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001')).not.toBeNull();
    await eventCallback(server, { type: 'app_uninstalled' }, 'EvA099');
    let left = await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001');
    for (let i = 0; left && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await runtime.store.feedback.get('T0001', DM, '1700000100.000777', 'U0001');
    }
    expect(left).toBeNull();
  });
});

import { Readable } from 'node:stream';

/*
 * A fake streaming chat completion: the recorded reply's content sent as server-sent events in
 * small pieces with a pause between them, the way a model streams (not one chunk), then the usage
 * and [DONE]. nock replies with it as a text/event-stream body.
 */

export interface StreamPace {
  /** Characters per chunk (a token is about 4). */
  chunkChars?: number;
  /** Pause before each chunk. */
  delayMs?: number;
}

export function completionEvents(
  recordedCompletion: Record<string, unknown>,
  pace: StreamPace = {},
): string[] {
  const chunkChars = pace.chunkChars ?? 12;
  const choice = (recordedCompletion.choices as { message: { content: string }; finish_reason: string }[])[0];
  const content = choice?.message.content ?? '';
  const base = {
    id: recordedCompletion.id,
    object: 'chat.completion.chunk',
    created: 1,
    model: recordedCompletion.model,
  };
  const events: string[] = [];
  const event = (data: unknown) => events.push(`data: ${JSON.stringify(data)}\n\n`);
  event({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (let i = 0; i < content.length; i += chunkChars) {
    event({
      ...base,
      choices: [{ index: 0, delta: { content: content.slice(i, i + chunkChars) }, finish_reason: null }],
    });
  }
  event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice?.finish_reason ?? 'stop' }] });
  event({ ...base, choices: [], usage: recordedCompletion.usage });
  events.push('data: [DONE]\n\n');
  return events;
}

/**
 * The events as a body that arrives piece by piece, `delayMs` apart; with `breakAfter`, the
 * connection drops after that many events (a model server that dies mid-reply).
 */
export function sseBody(
  recordedCompletion: Record<string, unknown>,
  pace: StreamPace & { breakAfter?: number } = {},
): Readable {
  const events = completionEvents(recordedCompletion, pace);
  const delay = pace.delayMs ?? 2;
  return Readable.from(
    (async function* () {
      for (const [i, e] of events.entries()) {
        if (pace.breakAfter !== undefined && i >= pace.breakAfter) throw new Error('connection reset');
        await new Promise((r) => setTimeout(r, delay));
        yield Buffer.from(e);
      }
    })(),
  );
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream' };

/**
 * A nock reply function for a fake model that honours the request: server-sent events in small
 * paced chunks when the request asks to stream, the recorded completion whole when it does not.
 */
export function honouringStream(recordedCompletion: Record<string, unknown>, pace: StreamPace = {}) {
  return (_uri: string, body: unknown): [number, unknown, Record<string, string>] =>
    (body as { stream?: boolean }).stream
      ? [200, sseBody(recordedCompletion, pace), SSE_HEADERS]
      : [200, recordedCompletion, { 'content-type': 'application/json' }];
}

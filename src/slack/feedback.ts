import type { App } from '@slack/bolt';
import { recordFeedback, recordFeedbackReason } from '../app/feedback.ts';
import type { AppDeps } from '../app/handlers.ts';
import { ACTION_FEEDBACK, ACTION_FEEDBACK_DETAILS, feedbackModal, VIEW_FEEDBACK } from '../views/feedback.ts';

/** The feedback buttons under briefs and answers, and the "what was wrong?" modal. */
export function registerFeedbackListeners(app: App, deps: AppDeps): void {
  app.action(ACTION_FEEDBACK, async ({ ack, body, action, respond, context }) => {
    await ack();
    const b = body as {
      user: { id: string };
      container?: { message_ts?: string; channel_id?: string; thread_ts?: string };
      message?: { ts?: string; thread_ts?: string };
      channel?: { id?: string };
    };
    const channel = b.container?.channel_id ?? b.channel?.id;
    const messageTs = b.container?.message_ts ?? b.message?.ts;
    const value = (action as { value?: string }).value;
    if (!channel || !messageTs || !value) return;
    const thread = b.container?.thread_ts ?? b.message?.thread_ts ?? null;
    try {
      const thanks = await recordFeedback(
        {
          teamId: context.teamId ?? null,
          channel,
          messageTs,
          threadTs: thread && thread !== messageTs ? thread : null,
          user: b.user.id,
          value,
        },
        deps,
      );
      if (thanks) await respond({ response_type: 'ephemeral', replace_original: false, ...thanks });
    } catch (err) {
      deps.logger.error({ err, channel }, 'could not record feedback');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Sorry, your feedback could not be saved. Please try again in a minute.',
      });
    }
  });

  app.action(ACTION_FEEDBACK_DETAILS, async ({ ack, body, action, client }) => {
    await ack();
    const ref = (action as { value?: string }).value;
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (!ref || !triggerId) return;
    await client.views.open({ trigger_id: triggerId, view: feedbackModal(ref) });
  });

  app.view(VIEW_FEEDBACK, async ({ ack, view, body, context }) => {
    await ack();
    const values = view.state.values as Record<
      string,
      Record<string, { selected_option?: { value?: string } | null; value?: string | null }>
    >;
    const reason = values.reason?.value?.selected_option?.value ?? 'other';
    const comment = values.comment?.value?.value ?? null;
    const saved = await recordFeedbackReason(
      { teamId: context.teamId ?? null, ref: view.private_metadata, user: body.user.id, reason, comment },
      deps,
    );
    if (!saved) deps.logger.warn({ ref: view.private_metadata.slice(0, 80) }, 'feedback details for no vote');
  });
}

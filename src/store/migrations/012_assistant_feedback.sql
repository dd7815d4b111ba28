-- Thumbs up/down (and an optional "what was wrong?") on a brief or an answer: one vote per user
-- per message, a second click changes it. Erased with the workspace (team_id, see teams.ts).
CREATE TABLE message_feedback (
  team_id text NOT NULL,
  channel text NOT NULL,
  message_ts text NOT NULL,
  user_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('brief', 'answer')),
  vote text NOT NULL CHECK (vote IN ('up', 'down')),
  reason text CHECK (reason IN ('wrong-fact', 'missing-item', 'wrong-date', 'other')),
  comment text,
  -- The brief the message belongs to (the answer's brief for an answer), when it is still stored.
  brief_id bigint,
  model text,
  prompt_version text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, channel, message_ts, user_id)
);
CREATE INDEX message_feedback_recent ON message_feedback (updated_at DESC);

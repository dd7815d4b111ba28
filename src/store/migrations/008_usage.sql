-- LLM tokens per workspace ('' for none), UTC day and purpose: the daily budget and `newsbrief usage`.
CREATE TABLE llm_usage (
  team_id text NOT NULL,
  day date NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('brief', 'answer', 'digest')),
  calls integer NOT NULL DEFAULT 0,
  prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  -- the article text's share of prompt_tokens (estimated), to see the prompt's own overhead
  article_tokens bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (team_id, day, purpose)
);

-- Many workspaces: OAuth installations, per-workspace settings and who changed them.

-- One row per installation: a workspace (team_id set, enterprise_id '' or its org) or an
-- org-wide install (is_enterprise_install, team_id ''). Tokens are sealed with INSTALLATION_KEY
-- (AES-256-GCM, "nb1.<key id>.<iv>.<ciphertext>"); nothing here is readable without it.
CREATE TABLE installations (
  team_id text NOT NULL,
  enterprise_id text NOT NULL DEFAULT '',
  is_enterprise_install boolean NOT NULL DEFAULT false,
  app_id text,
  bot_id text,
  bot_user_id text,
  bot_scopes text[] NOT NULL DEFAULT '{}',
  bot_token text,
  -- token rotation: the refresh token and when the bot token expires (null when rotation is off)
  bot_refresh_token text,
  bot_token_expires_at timestamptz,
  installer_user_id text,
  -- the whole Installation object Bolt gave us, as sealed JSON
  installation text NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_id, team_id)
);
CREATE INDEX installations_team_idx ON installations (team_id) WHERE team_id <> '';

CREATE TABLE workspace_settings (
  team_id text PRIMARY KEY,
  settings jsonb NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every settings change: who, which fields, from what to what.
CREATE TABLE settings_audit (
  id bigserial PRIMARY KEY,
  team_id text NOT NULL,
  -- '' for the workspace's settings, else the channel whose digest overrides changed
  channel text NOT NULL DEFAULT '',
  user_id text NOT NULL,
  changes jsonb NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settings_audit_team_idx ON settings_audit (team_id, id);

-- Per-channel digest override: how many stories at most (null: the default).
ALTER TABLE digest_channels ADD COLUMN max_stories integer CHECK (max_stories BETWEEN 1 AND 20);

-- Follow-ups are found by team as well as thread, so one workspace never reaches another's brief.
CREATE INDEX briefs_team_thread_idx ON briefs (team_id, channel, thread_ts);

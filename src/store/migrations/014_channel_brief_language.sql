-- A channel's own brief language (`/brief settings language ko`, issue 19) over the workspace's
-- setting; null: the workspace's.
ALTER TABLE digest_channels ADD COLUMN brief_language text CHECK (brief_language IN ('en', 'ko', 'ja'));

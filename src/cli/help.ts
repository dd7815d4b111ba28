/*
 * The CLI's help text, on its own so `newsbrief help` (and every usage error) loads nothing else.
 */

export const FEEDS_USAGE = `  newsbrief feeds add <url> [--title T]
      Follow an RSS, Atom or JSON feed (fetched once now to check it); a site's
      page instead finds the feed it links to (<link rel="alternate">).
  newsbrief feeds list
      The feeds: last and next poll, failures, last error.
  newsbrief feeds remove <url|id>
  newsbrief feeds poll [--all]
      Poll the due feeds now (--all: every feed) and print what was added.`;

export const DIGEST_USAGE = `  newsbrief digest run [--channel C] [--date YYYY-MM-DD] [--team T]
      Post the daily digests that are due now (or that date's, due or not), once each.`;

export const FEEDBACK_USAGE = `  newsbrief feedback [--days N] [--team T]
      Thumbs up/down on briefs and answers in the last N days (default 30) by model and prompt
      version, and the latest comments.`;

export const USAGE_USAGE = `  newsbrief usage [--days N] [--team T]
      LLM calls and tokens (prompt, completion, article text inside the prompt) per workspace,
      UTC day and purpose, for the last N days (default 7), with totals.`;

export const USAGE = `newsbrief — short, verifiable news briefs

Usage:
  newsbrief brief <file|url|-> [--json] [--engine auto|llm|extractive]
      Brief one article (.html, .txt, .md, a URL, or - for stdin).
      --json prints { brief, sources, meta } on stdout.
  newsbrief brief <topic> [--days N] [--json] [--engine …]
      Brief the story in the store that best matches the topic (korea-japan, "climate finance"),
      from its most informative articles; N days back (default TOPIC_WINDOW_DAYS).
      --json adds { story: { id, headline, sources } } with every article of the story.
  newsbrief stories [topic] [--days N]
      List the stories in the store (matching the topic), with their article counts and sources.
  newsbrief extract <file|url|->
      Print the article text as extracted and cleaned.
  newsbrief extract --batch DIR --out FILE.json
      Extract DIR/html/*.html(.gz) into { "<id>": { "articleBody": "…" } }.
  newsbrief start
      Run the Slack app (SLACK_BOT_TOKEN set), or the console when no Slack tokens are set.
  newsbrief console
      The bot in your terminal: /brief <topic>, then follow-ups. Uses the embedded store.
  newsbrief ingest <file|url>...
      Add articles to the store, for /brief <topic>.
  newsbrief seed
      Add the bundled sample articles to the store.
${FEEDS_USAGE}
${DIGEST_USAGE}
${USAGE_USAGE}
${FEEDBACK_USAGE}
  newsbrief help

Settings come from the environment or a .env file (see README). Exit codes: 0 ok, 1 failure, 2 bad usage.
`;

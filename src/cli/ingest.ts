import { UsageError, UserError } from '../errors.ts';
import { createRuntime, seedArticles } from '../main.ts';
import { parseOptions } from './args.ts';
import type { CommandContext } from './command.ts';

export async function ingestCommand(args: string[], { config, logger, io, overrides }: CommandContext) {
  const { positionals } = parseOptions('ingest', args, {});
  if (positionals.length === 0) throw new UsageError('ingest needs at least one file or URL');
  const runtime = await createRuntime(config, logger, overrides);
  let failed = 0;
  try {
    for (const input of positionals) {
      try {
        const { article, created } = await runtime.store.articles.add(await runtime.deps.loadUrl(input));
        await runtime.store.stories.assign(article);
        io.stdout(`${created ? 'added' : 'already stored'}: ${article.title ?? input} (#${article.id})\n`);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        failed++;
        io.stderr(`newsbrief: ${input}: ${err.message}\n`);
      }
    }
  } finally {
    await runtime.close();
  }
  return failed > 0 ? 1 : 0;
}

export async function seedCommand(args: string[], { config, logger, io, overrides }: CommandContext) {
  if (args.length > 0) throw new UsageError('seed takes no arguments');
  const runtime = await createRuntime(config, logger, overrides);
  try {
    const { added, total, skipped } = await seedArticles(runtime.store);
    for (const line of skipped) io.stderr(`newsbrief: skipped ${line}\n`);
    io.stdout(`added ${added} of ${total} sample articles (the rest were already stored or skipped)\n`);
  } finally {
    await runtime.close();
  }
  return 0;
}

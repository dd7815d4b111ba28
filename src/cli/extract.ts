import { writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { extractBatch } from '../ingest/batch.ts';
import { articleLoader } from '../main.ts';
import { parseOptions, single } from './args.ts';
import type { CommandContext } from './command.ts';

export async function extractCommand(args: string[], { config, io, overrides }: CommandContext) {
  const { values, positionals } = parseOptions('extract', args, {
    batch: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.batch !== undefined) {
    if (!values.out) throw new UsageError('extract --batch DIR needs --out FILE.json');
    if (positionals.length > 0) throw new UsageError('extract --batch takes no other arguments');
    const bodies = await extractBatch(values.batch);
    await writeFile(values.out, `${JSON.stringify(bodies, null, 1)}\n`);
    io.stderr(`newsbrief: extracted ${Object.keys(bodies).length} pages into ${values.out}\n`);
    return 0;
  }
  const input = single(positionals, 'extract needs one article: a file, a URL, or - for stdin');
  const article = await articleLoader(config, overrides)(input);
  const heading = [article.title, article.siteName, article.publishedAt, article.url]
    .filter(Boolean)
    .join(' — ');
  io.stdout(`${heading ? `${heading}\n\n` : ''}${article.text}\n`);
  return 0;
}

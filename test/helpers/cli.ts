import { main } from '../../src/cli/main.ts';
import { fakeResolver } from './dns.ts';

/** Runs `newsbrief <argv>` in-process with these settings; names resolve without DNS. */
export async function runCli(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    resolve: fakeResolver(),
  });
  return { code, stdout, stderr };
}

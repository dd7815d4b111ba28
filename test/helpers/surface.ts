import type { Surface } from '../../src/app/surface.ts';
import type { SlackMessage } from '../../src/views/blocks.ts';
import { blocksToText } from '../../src/views/common.ts';

/** A surface that keeps, as plain text, everything it was asked to show; posts get ts 1.1, 1.2, … */
export function recordingSurface() {
  const said: string[] = [];
  const surface: Surface = {
    post: async (m: SlackMessage) => {
      said.push(blocksToText(m.blocks));
      return `1.${said.length}`;
    },
    update: async (_ts, m: SlackMessage) => {
      said.push(blocksToText(m.blocks));
    },
    remove: async () => {},
    ephemeral: async (m: SlackMessage) => {
      said.push(blocksToText(m.blocks));
    },
  };
  return { surface, said };
}

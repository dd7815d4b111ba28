/* The App Home tab: what newsbrief does and how to use it (static for now). */
import { type Block, header } from './blocks.ts';
import { helpBlocks } from './common.ts';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export function homeView(): HomeView {
  return { type: 'home', blocks: [header('newsbrief'), ...helpBlocks()] };
}

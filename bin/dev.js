#!/usr/bin/env node
// Development: runs the TypeScript sources through the tsx loader, so edits need no build.
// Production runs the compiled build through bin/newsbrief.js.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

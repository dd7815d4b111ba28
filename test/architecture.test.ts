import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importViolations, type ModuleImport, RULES } from './helpers/layers.ts';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT =
  /^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/gm;

function importsOf(file: string): ModuleImport[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(SRC, file);
  return [...text.matchAll(IMPORT)].map((m) => ({
    from,
    to: relative(SRC, resolve(dirname(file), m[3] ?? m[4] ?? '')),
    typeOnly: Boolean(m[2]),
  }));
}

const graph = sourceFiles(SRC).flatMap(importsOf);

describe('the layers of src/', () => {
  it('reads the real import graph', () => {
    expect(graph.length).toBeGreaterThan(200);
    expect(graph).toContainEqual({ from: 'slack/app.ts', to: 'app/handlers.ts', typeOnly: false });
  });

  it('has no import that runs the wrong way', () => {
    expect(importViolations(graph)).toEqual([]);
  });

  it('catches each kind of wrong-way import', () => {
    const wrong: ModuleImport[] = [
      { from: 'app/handlers.ts', to: 'slack/app.ts', typeOnly: true },
      { from: 'views/brief.ts', to: 'app/handlers.ts', typeOnly: false },
      { from: 'text/dates.ts', to: 'brief/schema.ts', typeOnly: true },
      { from: 'brief/verify.ts', to: 'extractive/who.ts', typeOnly: false },
      { from: 'extractive/when.ts', to: 'brief/verify.ts', typeOnly: false },
      { from: 'store/articles.ts', to: 'stories/cluster.ts', typeOnly: false },
      { from: 'stories/cluster.ts', to: 'store/articles.ts', typeOnly: false },
    ];
    expect(importViolations(wrong)).toHaveLength(wrong.length);
    expect(RULES.length).toBeGreaterThan(3);
  });
});

/*
 * Which way imports may run in src/ (the README's "How it fits together" draws the same picture).
 * Paths are relative to src/; a module's folder is its first path segment ("main" for main.ts).
 */

export interface ModuleImport {
  from: string;
  to: string;
  /** `import type`: erased at run time, but still a dependency for the layering rules. */
  typeOnly: boolean;
}

interface Rule {
  name: string;
  broken: (edge: ModuleImport, valueGraph: Map<string, Set<string>>) => boolean;
}

export function folderOf(path: string): string {
  const [first = ''] = path.split('/');
  return first.endsWith('.ts') ? first.slice(0, -3) : first;
}

/** The top: entry points and the adapters that talk to people. Nothing beneath imports them. */
const ADAPTERS = new Set(['main', 'cli', 'slack', 'console']);
/** What views (pure Block Kit builders) may use; brief, stories and store only for their types. */
const VIEW_DEPS = new Set(['views', 'text', 'ingest', 'workspace', 'errors']);
const VIEW_TYPE_DEPS = new Set(['brief', 'stories', 'store']);

function reaches(graph: Map<string, Set<string>>, start: string, goal: string): boolean {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const at = todo.pop() as string;
    if (at === goal) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    todo.push(...(graph.get(at) ?? []));
  }
  return false;
}

export const RULES: Rule[] = [
  {
    name: 'only entry points and adapters import an adapter (slack/, console/, cli/, main.ts)',
    broken: (e) => ADAPTERS.has(folderOf(e.to)) && !ADAPTERS.has(folderOf(e.from)),
  },
  {
    name: 'only adapters import the handlers in app/',
    broken: (e) => folderOf(e.to) === 'app' && !['app', ...ADAPTERS].includes(folderOf(e.from)),
  },
  {
    name: 'views/ are pure: text utilities, the settings model, and brief/stories/store types only',
    broken: (e) => {
      if (folderOf(e.from) !== 'views') return false;
      const to = folderOf(e.to);
      return !(VIEW_DEPS.has(to) || (e.typeOnly && VIEW_TYPE_DEPS.has(to)));
    },
  },
  {
    name: 'text/ sits beneath everything and imports nothing of ours',
    broken: (e) => folderOf(e.from) === 'text' && folderOf(e.to) !== 'text',
  },
  {
    name: 'brief/ never imports the extractive engine; extractive/ takes only the Brief types from brief/',
    broken: (e) => {
      const [from, to] = [folderOf(e.from), folderOf(e.to)];
      if (from === 'brief' && to === 'extractive') return true;
      return from === 'extractive' && to === 'brief' && !(e.typeOnly && e.to === 'brief/schema.ts');
    },
  },
  {
    name: 'no two folders depend on each other at run time (a cycle of value imports)',
    broken: (e, graph) => {
      if (e.typeOnly) return false;
      const [from, to] = [folderOf(e.from), folderOf(e.to)];
      return from !== to && reaches(graph, to, from);
    },
  },
];

/** One line per import that breaks a rule: "from → to: rule". Empty when the house flows one way. */
export function importViolations(imports: ModuleImport[]): string[] {
  const valueGraph = new Map<string, Set<string>>();
  for (const e of imports) {
    if (e.typeOnly) continue;
    const [from, to] = [folderOf(e.from), folderOf(e.to)];
    if (from === to) continue;
    const edges = valueGraph.get(from) ?? new Set<string>();
    edges.add(to);
    valueGraph.set(from, edges);
  }
  return imports.flatMap((e) => {
    const rule = RULES.find((r) => r.broken(e, valueGraph));
    return rule ? [`${e.from} → ${e.to}: ${rule.name}`] : [];
  });
}

import type { Db } from './db.ts';

/*
 * Uninstall: a workspace's rows go from every table that has a team_id column. The tables are
 * found in the catalogue at run time, so a table another change adds with a team_id is covered
 * without touching this code. Rows hanging off those (brief_articles, thread_turns, feed_items,
 * digest_items, digest_topics) go with them through ON DELETE CASCADE.
 */

export interface PurgeResult {
  teamId: string;
  /** Rows deleted per table (tables with none are left out). */
  deleted: Record<string, number>;
}

interface Edge {
  child: string;
  parent: string;
}

/** Deletes every row of `teamId`, children before parents, in one transaction. */
export async function purgeTeam(db: Db, teamId: string): Promise<PurgeResult> {
  // '' is "no team" (the console, org-wide installs): never a workspace to erase.
  if (!/^[A-Z0-9][A-Z0-9_]*$/i.test(teamId))
    throw new Error(`refusing to purge team ${JSON.stringify(teamId)}`);
  return db.transaction(async (tx) => {
    const { rows: tables } = await tx.query<{ name: string }>(
      `SELECT c.table_name AS name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND c.column_name = 'team_id' AND t.table_type = 'BASE TABLE'
       ORDER BY c.table_name`,
    );
    const { rows: edges } = await tx.query<Edge>(
      `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
       WHERE k.contype = 'f' AND n.nspname = current_schema() AND child.oid <> parent.oid`,
    );
    const deleted: Record<string, number> = {};
    for (const table of childrenFirst(
      tables.map((t) => t.name),
      edges,
    )) {
      const { rows } = await tx.query<{ n: number | string }>(
        `WITH gone AS (DELETE FROM ${quoteIdent(table)} WHERE team_id = $1 RETURNING 1) SELECT count(*) AS n FROM gone`,
        [teamId],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) deleted[table] = n;
    }
    return { teamId, deleted };
  });
}

/** Orders tables so each comes before any table it references (a cycle keeps the given order). */
export function childrenFirst(tables: readonly string[], edges: readonly Edge[]): string[] {
  const set = new Set(tables);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth-first over "is referenced by": every child of a table is emitted before it.
  const visit = (t: string) => {
    if (state.has(t)) return;
    state.set(t, 'visiting');
    for (const e of edges) if (e.parent === t && set.has(e.child)) visit(e.child);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The Supabase CLI's own migrations beside drizzle's. A project whose drizzle `out` is the Supabase
 * CLI's folder (`supabase/migrations`, usually with `migrations.prefix: "supabase"`) often keeps
 * there, too, migrations written by `supabase migration new` or `supabase db diff` (RLS policies,
 * functions, grants). They are not in drizzle's journal, and are not meant to be: the Supabase CLI
 * (`supabase db push`, `supabase migration up`, `supabase db reset`) applies every
 * `<version>_<name>.sql` of that folder in version order, drizzle's files and its own alike.
 * So they are not orphans of drizzle's history: the replay applies them in that order.
 */

/** `<digits>_<name>.sql`: the names the Supabase CLI applies (its migration file pattern). */
const SUPABASE_MIGRATION = /^\d+_[^/]*\.sql$/;

/** Whether `out` (repository-relative) is a Supabase CLI migrations folder. */
export function isSupabaseCliFolder(out: string): boolean {
  return /(^|\/)supabase\/migrations\/?$/.test(out);
}

/** Splits SQL files that are not in the journal into drizzle orphans and the Supabase CLI's migrations. */
export function splitOrphans(out: string, notInJournal: string[]): { orphanSql: string[]; supabaseCliSql: string[] } {
  if (!isSupabaseCliFolder(out)) return { orphanSql: notInJournal, supabaseCliSql: [] };
  const base = (f: string) => f.slice(f.lastIndexOf('/') + 1);
  return {
    orphanSql: notInJournal.filter((f) => !SUPABASE_MIGRATION.test(base(f))),
    supabaseCliSql: notInJournal.filter((f) => SUPABASE_MIGRATION.test(base(f))),
  };
}

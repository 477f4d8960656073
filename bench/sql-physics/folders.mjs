// The drizzle migrations folders of a bare mirror at its newest commit: every `meta/_journal.json`
// of a Postgres dialect (drizzle-kit 0.x), and every folder of `<14 digits>_<name>/migration.sql`
// (the 1.0 layout), each unpacked into a throwaway repository with a drizzle config of its own
// that names the folder where the project has it (so a Supabase-style `out` is seen as such).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { git, tempRepo } from '../lib.mjs';

const lsTree = (gitDir) =>
  execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
    .split('\n')
    .filter(Boolean);

const show = (gitDir, file) =>
  execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** [{ out, layout, migrations }] for one mirror; `migrations` counts what the migrator would run. */
export function migrationFolders(gitDir) {
  const files = lsTree(gitDir).filter((f) => !f.split('/').includes('node_modules'));
  const out = [];
  for (const journal of files.filter((f) => f.endsWith('meta/_journal.json'))) {
    let parsed;
    try {
      parsed = JSON.parse(show(gitDir, journal));
    } catch {
      continue;
    }
    if (!['postgresql', 'pg'].includes(parsed.dialect)) continue;
    const folder = path.posix.dirname(path.posix.dirname(journal));
    const present = (e) => files.includes(`${folder}/${e.tag}.sql`);
    const entries = (parsed.entries ?? []).filter(present);
    out.push({
      out: folder,
      layout: 'journal',
      migrations: entries.length,
      missing: parsed.entries.length - entries.length,
    });
  }
  const byFolder = new Map();
  for (const f of files) {
    const m = /^(.*)\/\d{14}_[^/]+\/migration\.sql$/.exec(f);
    if (m) byFolder.set(m[1], (byFolder.get(m[1]) ?? 0) + 1);
  }
  for (const [folder, n] of byFolder) {
    if (!files.includes(`${folder}/meta/_journal.json`)) {
      out.push({ out: folder, layout: 'folders', migrations: n, missing: 0 });
    }
  }
  return out;
}

/** A committed repository holding the folder as the mirror has it, and a drizzle config for it. */
export function unpack(gitDir, folder) {
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'physics', private: true, type: 'module' }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\n" +
      `export default defineConfig({ dialect: 'postgresql', schema: './physics-schema.ts', out: './${folder}' });\n`,
    'physics-schema.ts': 'export {};\n',
  });
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', 'HEAD', '--', folder], {
    maxBuffer: 512 << 20,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'physics');
  return dir;
}

/** The SQL files of the folder, in the order the migrator runs them (repository-relative). */
export function sqlFiles(dir, folder, layout) {
  if (layout === 'folders') {
    return lsTree(path.join(dir, '.git'))
      .filter((f) => f.startsWith(`${folder}/`) && /\/\d{14}_[^/]+\/migration\.sql$/.test(f))
      .sort();
  }
  const journal = JSON.parse(readFileSync(path.join(dir, folder, 'meta/_journal.json'), 'utf8'));
  return journal.entries.map((e) => `${folder}/${e.tag}.sql`);
}

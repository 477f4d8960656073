/**
 * The local release phase: a `migrator` service in the project's compose file that runs
 * `db:migrate` once and exits, and the app service(s) waiting for it with
 * `condition: service_completed_successfully`, so the app never starts on an old schema.
 *
 * The app services are the ones compose builds (`build:`), else the image-based ones that use the
 * database (depend on it or carry its URL); the database is the service whose image is Postgres
 * (or that is named db/postgres/database). The migrator reuses the first app's build (or image),
 * its env_file and, of its environment, the database URL variables (the ones the drizzle config
 * reads, `DATABASE_URL`-like names, `postgres://` values), so it reaches the same database with the
 * same URL. A compose file that only runs the database gets no migrator: there is no image to run
 * the migrate script in. compose's default `restart: "no"` is what a one-shot job needs, so none
 * is written.
 *
 *   services:
 *     migrator:
 *       # Applies pending migrations (db:migrate) and exits; the app starts after it succeeded.
 *       build: .
 *       command: npm run db:migrate
 *       depends_on:
 *         db:
 *           condition: service_healthy
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { join, type InitContext } from './context.js';
import * as messages from './messages.js';
import { runScriptCommand } from '../project/package-manager.js';
import type { Plan } from './plan.js';
import { editYaml, type YamlEdit } from './yaml-edit.js';

/** Docker compose's own lookup order. */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const POSTGRES_IMAGE = /postgres|postgis|timescale|pgvector/i;
const DB_NAMES = new Set(['db', 'postgres', 'postgresql', 'database', 'pg']);

export function findComposeFile(ctx: InitContext, plan: Plan): string | null {
  const dirs = [...new Set([ctx.packageDir, ctx.installRoot, ''])];
  for (const dir of dirs) {
    for (const name of COMPOSE_FILES) {
      if (plan.read(join(dir, name)) !== null) return join(dir, name);
    }
  }
  return null;
}

type YAML = YamlEdit['YAML'];

function services(YAML: YAML, doc: Document): YAMLMap | null {
  const node = doc.get('services');
  return YAML.isMap(node) ? node : null;
}

function entries(YAML: YAML, map: YAMLMap): Array<[string, YAMLMap]> {
  return map.items.flatMap((pair: Pair) => {
    const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    return YAML.isMap(pair.value) ? [[key, pair.value] as [string, YAMLMap]] : [];
  });
}

function isDatabase(name: string, service: YAMLMap): boolean {
  const image = service.get('image');
  return (typeof image === 'string' && POSTGRES_IMAGE.test(image)) || DB_NAMES.has(name);
}

/** The environment variables the drizzle config reads (`process.env.DATABASE_URL`, `process.env['PG_URL']`). */
function configEnvNames(ctx: InitContext): Set<string> {
  let text: string;
  try {
    text = readFileSync(path.join(ctx.repoRoot, ctx.project.configFile), 'utf8');
  } catch {
    return new Set(); // A config init could load moments ago; unreadable now, the name patterns remain.
  }
  return new Set(
    [...text.matchAll(/\benv(?:\.([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])/g)].map((m) => (m[1] ?? m[2])!),
  );
}

const URL_NAME =
  /(DATABASE|DB|POSTGRES(QL)?|PG)\w*_(URL|URI|DSN)$|^DATABASE_URL$|^PG(HOST|PORT|USER|PASSWORD|DATABASE)$/i;
const POSTGRES_URL = /^postgres(ql)?:\/\//;

function isUrlVariable(name: string, value: unknown, names: Set<string>): boolean {
  return names.has(name) || URL_NAME.test(name) || (typeof value === 'string' && POSTGRES_URL.test(value));
}

/** Key and value of a list entry `KEY=value` (or a bare `KEY`, passed through from the shell). */
function splitEntry(entry: string): [string, string | undefined] {
  const at = entry.indexOf('=');
  return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
}

/** The app's database URL variables, in the app's own form (map or `KEY=value` list), or null. */
function databaseEnvironment(YAML: YAML, environment: unknown, names: Set<string>): unknown {
  if (YAML.isMap(environment)) {
    const clone = copy(YAML, environment) as YAMLMap;
    clone.items = clone.items.filter((pair: Pair) => {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      return isUrlVariable(key, YAML.isScalar(pair.value) ? pair.value.value : pair.value, names);
    });
    return clone.items.length ? clone : null;
  }
  if (YAML.isSeq(environment)) {
    const clone = copy(YAML, environment) as YAMLSeq;
    clone.items = clone.items.filter((item) => {
      const [key, value] = splitEntry(String(YAML.isScalar(item) ? item.value : item));
      return isUrlVariable(key, value, names);
    });
    return clone.items.length ? clone : null;
  }
  return null;
}

/** An image-based service that uses the database: depends on it, or carries a database URL. */
function usesDatabase(YAML: YAML, service: YAMLMap, db: string | undefined, names: Set<string>): boolean {
  const dependsOn = service.get('depends_on', true);
  if (
    db &&
    (YAML.isMap(dependsOn)
      ? dependsOn.has(db)
      : YAML.isSeq(dependsOn) && dependsOn.items.some((i) => String(YAML.isScalar(i) ? i.value : i) === db))
  ) {
    return true;
  }
  return databaseEnvironment(YAML, service.get('environment', true), names) !== null;
}

/** Clones a node of the app's definition (without its comments, which speak of the app). */
function copy(YAML: YAML, node: unknown): unknown {
  if (!YAML.isNode(node)) return node;
  const clone = node.clone() as Node;
  YAML.visit(clone, (_key, n) => {
    if (YAML.isNode(n)) {
      n.comment = null;
      n.commentBefore = null;
    }
  });
  return clone;
}

/** `depends_on` as a map (the long syntax); the short list means `condition: service_started`. */
function dependOnMigrator(YAML: YAML, doc: Document, service: YAMLMap): void {
  const current = service.get('depends_on', true);
  const wanted = { condition: 'service_completed_successfully' };
  if (YAML.isMap(current)) {
    current.set('migrator', doc.createNode(wanted));
    return;
  }
  const map: Record<string, unknown> = {};
  if (YAML.isSeq(current)) {
    for (const item of current.items) {
      map[String(YAML.isScalar(item) ? item.value : item)] = { condition: 'service_started' };
    }
  }
  map.migrator = wanted;
  service.set('depends_on', doc.createNode(map));
}

export async function planCompose(ctx: InitContext, plan: Plan): Promise<void> {
  const file = findComposeFile(ctx, plan);
  if (!file) return;
  const text = plan.read(file)!;
  const urlNames = configEnvNames(ctx);
  let noApp = false;
  let edited: string | null;
  try {
    edited = await editYaml(text, ({ YAML, doc }) => {
      const map = services(YAML, doc);
      if (!map || map.has('migrator')) return false;
      const all = entries(YAML, map);
      const db = all.find(([name, s]) => isDatabase(name, s));
      const others = all.filter(([name]) => name !== db?.[0]);
      const built = others.filter(([, s]) => s.has('build'));
      const apps = built.length
        ? built
        : others.filter(([, s]) => s.has('image') && usesDatabase(YAML, s, db?.[0], urlNames));
      const template = apps[0]?.[1];
      if (!template) {
        noApp = true;
        return false;
      }
      const migrator = doc.createNode({}) as YAMLMap;
      migrator.commentBefore = ` Applies pending migrations (${runScriptCommand(ctx.pm, ctx.scripts.migrate)}) and exits; the app starts after it succeeded.`;
      for (const key of ['build', 'image', 'env_file']) {
        if (template.has(key)) migrator.set(key, copy(YAML, template.get(key, true)));
      }
      const environment = databaseEnvironment(YAML, template.get('environment', true), urlNames);
      if (environment) migrator.set('environment', environment);
      migrator.set('command', runScriptCommand(ctx.pm, ctx.scripts.migrate));
      if (db) {
        const healthy = db[1].has('healthcheck');
        migrator.set(
          'depends_on',
          doc.createNode({ [db[0]]: { condition: healthy ? 'service_healthy' : 'service_started' } }),
        );
      }
      const pair = doc.createPair('migrator', migrator);
      // Keep the file's rhythm: a blank line between services if it has them.
      const spaced = map.items.slice(1).some((p: Pair) => YAML.isNode(p.key) && p.key.spaceBefore);
      if (spaced && YAML.isNode(pair.key)) pair.key.spaceBefore = true;
      map.items.push(pair);
      for (const [, service] of apps) dependOnMigrator(YAML, doc, service);
      return true;
    });
  } catch (error) {
    plan.notices.push(`${file} could not be read as YAML (${(error as Error).message}): no migrator service added.`);
    return;
  }
  if (noApp) plan.notices.push(messages.composeNoApp(file, runScriptCommand(ctx.pm, ctx.scripts.migrate)));
  if (edited === null) return;
  plan.write(file, edited, 'migrator service; the app waits for it');
}

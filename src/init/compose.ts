/**
 * The local release phase: a `migrator` service in the project's compose file that runs
 * `db:migrate` once and exits, and the app service(s) waiting for it with
 * `condition: service_completed_successfully`, so the app never starts on an old schema.
 *
 * The app services are the ones compose builds (`build:`); the database is the service whose
 * image is Postgres (or that is named db/postgres/database). The migrator reuses the first app's
 * build (or image), env_file and environment, so it reaches the same database with the same URL.
 * compose's default `restart: "no"` is what a one-shot job needs, so none is written.
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
import type { Document, Node, Pair, YAMLMap } from 'yaml';
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
    for (const item of current.items) map[String(YAML.isScalar(item) ? item.value : item)] = { condition: 'service_started' };
  }
  map.migrator = wanted;
  service.set('depends_on', doc.createNode(map));
}

export async function planCompose(ctx: InitContext, plan: Plan): Promise<void> {
  const file = findComposeFile(ctx, plan);
  if (!file) return;
  const text = plan.read(file)!;
  let noApp = false;
  let edited: string | null;
  try {
    edited = await editYaml(text, ({ YAML, doc }) => {
      const map = services(YAML, doc);
      if (!map || map.has('migrator')) return false;
      const all = entries(YAML, map);
      const db = all.find(([name, s]) => isDatabase(name, s));
      const apps = all.filter(([name, s]) => s.has('build') && name !== db?.[0]);
      const template = apps[0]?.[1] ?? all.find(([name]) => name !== db?.[0])?.[1];
      const migrator = doc.createNode({}) as YAMLMap;
      migrator.commentBefore = ` Applies pending migrations (${runScriptCommand(ctx.pm, ctx.scripts.migrate)}) and exits; the app starts after it succeeded.`;
      for (const key of ['build', 'image', 'env_file', 'environment']) {
        if (template?.has(key)) migrator.set(key, copy(YAML, template.get(key, true)));
      }
      migrator.set('command', runScriptCommand(ctx.pm, ctx.scripts.migrate));
      if (db) {
        const healthy = db[1].has('healthcheck');
        migrator.set('depends_on', doc.createNode({ [db[0]]: { condition: healthy ? 'service_healthy' : 'service_started' } }));
      }
      const pair = doc.createPair('migrator', migrator);
      // Keep the file's rhythm: a blank line between services if it has them.
      const spaced = map.items.slice(1).some((p: Pair) => YAML.isNode(p.key) && p.key.spaceBefore);
      if (spaced && YAML.isNode(pair.key)) pair.key.spaceBefore = true;
      map.items.push(pair);
      for (const [, service] of apps) dependOnMigrator(YAML, doc, service);
      noApp = apps.length === 0;
      return true;
    });
  } catch (error) {
    plan.notices.push(`${file} could not be read as YAML (${(error as Error).message}): no migrator service added.`);
    return;
  }
  if (edited === null) return;
  if (noApp) plan.notices.push(messages.composeNoApp(file));
  plan.write(file, edited, noApp ? 'migrator service' : 'migrator service; the app waits for it');
}

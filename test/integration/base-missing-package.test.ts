/**
 * A PR that drops a package the base's schema imported, and forgets the migration: the check runs
 * with the PR's node_modules, where the base's schema cannot load. That failure depends only on
 * the base commit and what is installed, so it is kept: the check run again starts no drizzle-kit
 * for the base, and tries again once something is installed or the package is back.
 */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, LOAD_LOGGER, loadsLog, loggedUsers, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('a base whose schema imports a package the PR removed', () => {
  it('is asked once, then again only after an install', () => {
    const repo = createRepo(
      drizzleProject(loggedUsers("email: text('email'),"), {
        'drizzle.config.ts': PG_CONFIG({ schema: './src/schema/users.ts' }),
        'src/schema/log.ts': LOAD_LOGGER,
      }),
      { ownModules: true },
    );
    const log = loadsLog();
    const env = log.env;
    const pkg = path.join(repo.dir, 'node_modules', 'nexiom-test-padding');
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'nexiom-test-padding', main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), 'exports.pad = (s) => s;\n');
    // What npm writes when it installs: the stamp of the installed packages.
    const installed = path.join(repo.dir, 'node_modules', '.package-lock.json');
    writeFileSync(installed, '{}');
    generate(repo, 'init');
    repo.commit('init', {
      'src/schema/users.ts': loggedUsers("email: text(pad('email')),", "import { pad } from 'nexiom-test-padding';\n"),
    });
    repo.commit('drop the padding package, add a column, no migration', {
      'src/schema/users.ts': loggedUsers("email: text('email'),\n  name: text('name'),"),
    });
    rmSync(pkg, { recursive: true });
    utimesSync(installed, new Date(), new Date(Date.now() - 60_000));
    const loads = log.count;

    const before = loads();
    const first = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('schema-without-migration');
    // The target's schema loaded, and the base's started to (it failed on the missing package).
    expect(loads() - before).toBe(2);

    const second = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(JSON.parse(second.stdout)).toEqual(report);
    expect(loads() - before).toBe(2);

    // An install (npm rewrites its record): the base is asked again.
    utimesSync(installed, new Date(), new Date());
    const third = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(JSON.parse(third.stdout)).toEqual(report);
    expect(loads() - before).toBe(3);
    // Kept again; the package back (linked by hand, no install recorded): asked again, and it loads.
    expect(repo.run(['--base', 'HEAD~1', '--format', 'json'], env).code).toBe(1);
    expect(loads() - before).toBe(3);
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'nexiom-test-padding', main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), 'exports.pad = (s) => s;\n');
    const fourth = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(fourth.code).toBe(1);
    expect(JSON.parse(fourth.stdout).findings).toEqual(report.findings);
    expect(loads() - before).toBe(4);
  });
});

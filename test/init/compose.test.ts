// The migrator service: added to the project's compose file with its comments and layout kept,
// and the app made to wait until the migrations ran.
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { read, snapshot } from './helpers.js';

afterAll(cleanupAll);

const COMPOSE = `# Local development stack.
services:
  # Postgres for local development
  db:
    image: postgres:16   # same major as production
    environment:
      POSTGRES_PASSWORD: postgres
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 2s

  app:
    build: .
    env_file: .env   # DATABASE_URL lives here
    ports:
      - "3000:3000"
    depends_on:
      - db

volumes:
  pgdata: {}
`;

describe('init and docker compose', () => {
  it('adds a migrator the app waits for, keeping every comment and line it did not need to touch', () => {
    const repo = createRepo(drizzleProject(undefined, { 'docker-compose.yml': COMPOSE }));
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('updated  docker-compose.yml');
    expect(read(repo, 'docker-compose.yml')).toBe(`# Local development stack.
services:
  # Postgres for local development
  db:
    image: postgres:16   # same major as production
    environment:
      POSTGRES_PASSWORD: postgres
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 2s

  app:
    build: .
    env_file: .env   # DATABASE_URL lives here
    ports:
      - "3000:3000"
    depends_on:
      db:
        condition: service_started
      migrator:
        condition: service_completed_successfully

  migrator:
    # Applies pending migrations (npm run db:migrate) and exits; the app starts after it succeeded.
    build: .
    env_file: .env
    command: npm run db:migrate
    depends_on:
      db:
        condition: service_healthy

volumes:
  pgdata: {}
`);
    const after = snapshot(repo);
    expect(repo.run(['init', '--no-install', '--no-workflow']).stdout).toContain('Nothing to change');
    expect(snapshot(repo)).toEqual(after);
  });

  it("extends a long-syntax depends_on, copies an image-based app, and uses the project's package manager", () => {
    const compose = `services:
  database:
    image: postgis/postgis:16-3.4
  api:
    build:
      context: .
      dockerfile: Dockerfile
    environment:
      DATABASE_URL: postgres://postgres@database:5432/app
    depends_on:
      database:
        condition: service_started
`;
    const repo = createRepo(
      drizzleProject(undefined, { 'compose.yaml': compose, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }),
    );
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    const doc = YAML.parse(read(repo, 'compose.yaml'));
    expect(doc.services.api.depends_on).toEqual({
      database: { condition: 'service_started' },
      migrator: { condition: 'service_completed_successfully' },
    });
    expect(doc.services.migrator).toEqual({
      build: { context: '.', dockerfile: 'Dockerfile' },
      environment: { DATABASE_URL: 'postgres://postgres@database:5432/app' },
      command: 'pnpm run db:migrate',
      depends_on: { database: { condition: 'service_started' } },
    });
  });

  it('leaves the migrator out, with a note, when the compose file only runs the database and its tools', () => {
    const compose = 'services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n';
    const repo = createRepo(drizzleProject(undefined, { 'docker-compose.yaml': compose }));
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('docker-compose.yaml runs no app service');
    expect(r.stdout).toContain('no migrator service added, as it would have no image to run `npm run db:migrate` in');
    expect(r.stdout).not.toMatch(/(created|updated) +docker-compose\.yaml/);
    expect(read(repo, 'docker-compose.yaml')).toBe(compose);
  });

  it("gives the migrator an image-based app's image and only its database URL variables", () => {
    const compose = `services:
  postgres:
    image: postgres:16
  web:
    image: ghcr.io/acme/web:latest
    environment:
      - NEXT_PUBLIC_SITE=https://acme.test
      - APP_DB=postgres://postgres@postgres:5432/app
      - SESSION_SECRET=dev
  worker:
    image: ghcr.io/acme/worker:latest
    environment:
      PG_CONNECTION: postgres://postgres@postgres:5432/app
`;
    const config =
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle', dbCredentials: { url: process.env.APP_DB! } });\n";
    const repo = createRepo(drizzleProject(undefined, { 'compose.yml': compose, 'drizzle.config.ts': config }));
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    const doc = YAML.parse(read(repo, 'compose.yml'));
    expect(doc.services.migrator).toEqual({
      image: 'ghcr.io/acme/web:latest',
      environment: ['APP_DB=postgres://postgres@postgres:5432/app'],
      command: 'npm run db:migrate',
      depends_on: { postgres: { condition: 'service_started' } },
    });
    expect(doc.services.web.depends_on).toEqual({ migrator: { condition: 'service_completed_successfully' } });
    expect(doc.services.worker.depends_on).toEqual({ migrator: { condition: 'service_completed_successfully' } });
  });
});

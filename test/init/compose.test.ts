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

  it('says what to do when no service builds the app', () => {
    const compose = 'services:\n  db:\n    image: postgres:16\n';
    const repo = createRepo(drizzleProject(undefined, { 'docker-compose.yaml': compose }));
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no service builds the app');
    expect(YAML.parse(read(repo, 'docker-compose.yaml')).services.migrator.command).toBe('npm run db:migrate');
  });
});

// Regenerates src/sql/builtin-functions.json (read by src/sql/volatility.ts) from a real Postgres: the volatility of every function
// in pg_catalog. Run against the oldest Postgres you support:
//   node scripts/gen-builtin-functions.mjs postgres://postgres@127.0.0.1:5432/postgres
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query(`
  select proname,
         case when bool_or(provolatile = 'v') then 'v' else 'n' end as volatility
    from pg_proc
   where pronamespace = 'pg_catalog'::regnamespace
   group by proname
   order by proname`);
const {
  rows: [version],
} = await client.query('show server_version');
await client.end();
const list = (v) => rows.filter((r) => r.volatility === v).map((r) => r.proname);
const data = {
  '//': 'Function names of pg_catalog by volatility (a name is volatile when any of its overloads is), from a real server by scripts/gen-builtin-functions.mjs: do not edit by hand.',
  postgres: `Postgres ${version.server_version}`,
  volatile: list('v'),
  nonVolatile: list('n'),
};
writeFileSync(new URL('../src/sql/builtin-functions.json', import.meta.url), `${JSON.stringify(data, null, 2)}\n`);
console.log(`${rows.length} names from Postgres ${version.server_version}`);

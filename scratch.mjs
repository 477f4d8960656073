const m = await import('libpg-query'); await m.loadModule();
console.log(JSON.stringify(m.parseSync(`ALTER TABLE "app"."t" ADD CONSTRAINT "things_with_a_quite_long_name_that_goes_on_owner_id_with_long_name_as_well_users_id_fk" FOREIGN KEY ("o") REFERENCES "public"."users"("id") NOT VALID;`).stmts[0].stmt, null, 0));
console.log(JSON.stringify(m.parseSync(`DROP TABLE a.b, c CASCADE; DROP SCHEMA x; DROP INDEX CONCURRENTLY i; REINDEX TABLE CONCURRENTLY t; VACUUM FULL t; ANALYZE t;`).stmts.map(s=>s.stmt), null, 0));

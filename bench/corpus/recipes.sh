#!/usr/bin/env bash
# Minimal synthetic repositories for the disagreement classes found by bench/corpus.mjs: each builds a
# small git repository in a temp folder, prints what drizzle-kit's generate says at the last commit,
# then what `nexiom-lint --base HEAD~1 --format json` says (exit code, stderr, findings, drift status).
#
#   bash bench/corpus/recipes.sh [name...]      (names: mixed oldkit rename renamedone paths confname
#                                                 alias ghexpr malformed; default: all)
#   TOOL=<path to bin/nexiom-lint.js> bash bench/corpus/recipes.sh
#
# drizzle-kit / drizzle-orm pairs are installed from npm once into ~/.cache/nexiom-corpus/kits/ (the
# corpus harness's cache).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOOL=${TOOL:-$HERE/../../bin/nexiom-lint.js}
CACHE=${CACHE:-$HOME/.cache/nexiom-corpus/kits}
WORK=$(mktemp -d /tmp/nexiom-recipes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

kit() { # kit <drizzle-kit version> <drizzle-orm version>: prints the node_modules folder
  local dir="$CACHE/$1+$2"
  if [[ ! -f "$dir/.done" ]]; then
    mkdir -p "$dir"
    printf '{"name":"corpus-cache","private":true,"dependencies":{"drizzle-kit":"%s","drizzle-orm":"%s"}}\n' "$1" "$2" > "$dir/package.json"
    (cd "$dir" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error --legacy-peer-deps >/dev/null) && touch "$dir/.done"
  fi
  echo "$dir/node_modules"
}
KIT=$(kit 0.31.9 0.45.2)

repo() { # a fresh repository $WORK/$1 with drizzle-kit and drizzle-orm linked from $KIT
  mkdir -p "$WORK/$1" && cd "$WORK/$1" && git init -q && git config user.email a@b.c && git config user.name r
  mkdir -p node_modules && ln -s "$KIT/drizzle-kit" "$KIT/drizzle-orm" node_modules/ && echo node_modules > .gitignore
}
relink() { rm -f node_modules/drizzle-kit node_modules/drizzle-orm; ln -s "$KIT/drizzle-kit" "$KIT/drizzle-orm" node_modules/; }
gen() { (cd "${1:-.}" && node "$KIT/drizzle-kit/bin.cjs" generate ${2:+--config "$2"} </dev/null 2>&1 | grep -v '^Reading\|^Using\|^No config path\|^\[' | tail -3); }
commit() { git add -A && git commit -qm "$1"; }
pgconfig() { printf 'import { defineConfig } from "drizzle-kit";\n%bexport default defineConfig({ dialect: "%s", schema: "%s", out: "%s"%s });\n' "${5:-}" "$2" "$3" "$4" "${6:-}" > "$1"; }
users() { # users <file> <columns...>: a pg table "users" with text columns
  local f=$1; shift; local cols='id: text("id").primaryKey()'
  for c in "$@"; do cols="$cols, $c: text(\"$c\")"; done
  printf 'import { pgTable, text } from "drizzle-orm/pg-core";\nexport const users = pgTable("users", { %s });\n' "$cols" > "$f"
}
verdict() { # generate at HEAD on a copy, then the tool
  echo "  drizzle-kit generate at the commit: $(gen "$@" | tr '\n' ' ')"; git stash -u -q 2>/dev/null; git stash drop -q 2>/dev/null
  node "$TOOL" --base HEAD~1 --format json >"$WORK/out.json" 2>"$WORK/err.txt"; echo "  nexiom-lint exit $?: $(head -c 300 "$WORK/err.txt" | tr '\n' ' ')"
  node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); for (const f of j.findings) if (f.severity==="error") console.log("   ", f.ruleId+":", f.message.split("\n")[0].slice(0,160)); for (const p of j.summary.projects) console.log("    project", p.configFile, "drift:", JSON.stringify(p.drift ?? null))' "$WORK/out.json" 2>/dev/null
}

mixed() { # a sqlite config elsewhere in the repo stops the whole run
  repo mixed; mkdir -p apps/pg/src apps/lite/src
  echo '{"name":"pg","scripts":{"db:generate":"drizzle-kit generate"}}' > apps/pg/package.json
  echo '{"name":"lite","scripts":{"db:generate":"drizzle-kit generate"}}' > apps/lite/package.json
  pgconfig apps/pg/drizzle.config.ts postgresql ./src/schema.ts ./drizzle
  pgconfig apps/lite/drizzle.config.ts sqlite ./src/schema.ts ./drizzle
  users apps/pg/src/schema.ts
  printf 'import { sqliteTable, text } from "drizzle-orm/sqlite-core";\nexport const notes = sqliteTable("notes", { id: text("id").primaryKey() });\n' > apps/lite/src/schema.ts
  gen apps/pg >/dev/null; gen apps/lite >/dev/null; commit init
  users apps/pg/src/schema.ts city; gen apps/pg >/dev/null; commit "city, with its migration"
  verdict apps/pg
}

oldkit() { # drizzle-kit 0.21 (no drizzle-kit/api before 0.23.2)
  KIT=$(kit 0.21.1 0.30.8); repo oldkit; mkdir -p src
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  pgconfig drizzle.config.ts postgresql ./src/schema.ts ./drizzle; users src/schema.ts
  gen >/dev/null; commit init
  users src/schema.ts city; commit "city, no migration"
  verdict; KIT=$(kit 0.31.9 0.45.2)
}

rename() { # a rename question at the commit (drizzle-kit 0.31.8 and 0.31.9 print it and stop)
  repo rename; mkdir -p src
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  pgconfig drizzle.config.ts postgresql ./src/schema.ts ./drizzle; users src/schema.ts town
  gen >/dev/null; commit init
  users src/schema.ts city; commit "town renamed city, no migration"
  verdict
}

renamedone() { # the commit replaces a column AND carries its migrations: generate has nothing to ask
  repo renamedone; mkdir -p src
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  pgconfig drizzle.config.ts postgresql ./src/schema.ts ./drizzle; users src/schema.ts town
  gen >/dev/null; commit init
  users src/schema.ts town city; gen >/dev/null   # add city
  users src/schema.ts city; gen >/dev/null        # drop town (no question: only a removal)
  commit "town replaced by city, with its two migrations"
  verdict
}

paths() { # the config imports a workspace package whose schema imports a subpath its exports lack; the tsconfig paths of the folder drizzle-kit runs in map it
  repo paths; mkdir -p packages/core/src/db packages/core/src/utils apps/web node_modules/@acme
  ln -s ../../packages/core node_modules/@acme/core
  echo '{"name":"@acme/core","exports":{".":"./src/index.ts","./db":"./src/db/index.ts"}}' > packages/core/package.json
  echo '{"compilerOptions":{"baseUrl":".","paths":{"@acme/core/*":["./src/*"]}}}' > packages/core/tsconfig.json
  echo '{"name":"web","scripts":{"db:generate":"drizzle-kit generate"}}' > apps/web/package.json
  echo '{"compilerOptions":{"baseUrl":".","paths":{"@acme/core/*":["../../packages/core/src/*"]}}}' > apps/web/tsconfig.json
  echo 'export const index = 1;' > packages/core/src/index.ts
  echo 'export const CITY_LENGTH = 80;' > packages/core/src/utils/limits.ts
  echo 'export * from "./schema"; export const url = "postgres://localhost/x";' > packages/core/src/db/index.ts
  pgconfig apps/web/drizzle.config.ts postgresql ../../packages/core/src/db/schema.ts ./drizzle 'import { url } from "@acme/core/db";\n' ', dbCredentials: { url }'
  printf 'import { pgTable, text, varchar } from "drizzle-orm/pg-core";\nimport { CITY_LENGTH } from "@acme/core/utils/limits";\nexport const users = pgTable("users", { id: text("id").primaryKey(), city: varchar("city", { length: CITY_LENGTH }) });\n' > packages/core/src/db/schema.ts
  gen apps/web >/dev/null; commit init
  echo 'export const CITY_LENGTH = 120;' > packages/core/src/utils/limits.ts; gen apps/web >/dev/null; commit "longer city, with its migration"
  verdict apps/web
}

confname() { # a config not named drizzle.config.*, named by --config in package.json scripts
  repo confname; mkdir -p configs schema
  echo '{"name":"db","scripts":{"db:generate":"drizzle-kit generate --config ./configs/postgresql.config.ts"}}' > package.json
  pgconfig configs/postgresql.config.ts postgresql ./schema ./migrations/postgresql; users schema/index.ts
  gen . configs/postgresql.config.ts >/dev/null; commit init
  users schema/index.ts city; commit "city, no migration"
  verdict . configs/postgresql.config.ts
}

alias() { # the config itself imports through a tsconfig paths alias (@/env)
  repo alias; mkdir -p src/db
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  echo '{"compilerOptions":{"baseUrl":".","paths":{"@/*":["./src/*"]}}}' > tsconfig.json
  echo 'export const env = { DATABASE_URL: "postgres://localhost/x" };' > src/env.js
  pgconfig drizzle.config.ts postgresql ./src/db/schema.ts ./drizzle 'import { env } from "@/env.js";\n' ', dbCredentials: { url: env.DATABASE_URL }'
  users src/db/schema.ts; gen >/dev/null; commit init
  users src/db/schema.ts city; commit "city, no migration"
  verdict
}

ghexpr() { # a changed workflow with an unquoted ${{ }} expression in a run step
  repo ghexpr; mkdir -p src .github/workflows
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  pgconfig drizzle.config.ts postgresql ./src/schema.ts ./drizzle; users src/schema.ts
  printf 'on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx commitlint --from ${{ github.event.pull_request.base.sha }} --verbose\n' > .github/workflows/ci.yml
  gen >/dev/null; commit init
  users src/schema.ts city; printf '      - run: echo done\n' >> .github/workflows/ci.yml; gen >/dev/null; commit "city with its migration, a CI step"
  verdict
}

malformed() { # snapshots written by a newer drizzle-kit than the one the project pins: 0.26 refuses them
  repo malformed; mkdir -p src
  echo '{"name":"app","scripts":{"db:generate":"drizzle-kit generate"}}' > package.json
  pgconfig drizzle.config.ts postgresql ./src/schema.ts ./drizzle; users src/schema.ts
  gen >/dev/null; commit "init, generated by drizzle-kit 0.31"
  KIT=$(kit 0.26.2 0.35.3); relink
  users src/schema.ts city; commit "city, no migration"
  verdict; KIT=$(kit 0.31.9 0.45.2)
}

ALL=(mixed oldkit rename renamedone paths confname alias ghexpr malformed)
for r in "${@:-${ALL[@]}}"; do echo "== $r"; ( $r ); done

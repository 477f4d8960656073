// Function form: lint-staged must not append the staged file list; nexiom-lint reads the index itself.
// The schema, its migrations, and the files the no-db-push rule reads.
export default {
  '{src/schema/**,drizzle/**,drizzle.config.ts,package.json,.github/workflows/**}': () => 'node bin/nexiom-lint.js --staged',
};

// Function form: lint-staged must not append the staged file list; nexiom-lint reads the index itself.
export default {
  '{src/schema,drizzle}/**': () => 'node bin/nexiom-lint.js --staged',
};

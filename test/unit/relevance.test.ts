import { describe, expect, it } from 'vitest';
import { clearlyIrrelevant } from '../../src/engine/relevance.js';
import { loadRules } from '../../src/rules/index.js';
import { isRepoRule } from '../../src/rules/types.js';
import { projectModel } from '../helpers/project.js';

const project = await projectModel(['src/db/schema']);

const IRRELEVANT = ['README.md', 'docs/guide.md', 'public/logo.svg', 'styles/app.css', 'src/data.json', '.env.example'];
const RELEVANT = [
  'src/db/schema/users.ts',
  // Not source files: relevant only through the schema entry and `out`.
  'src/db/schema/enums.sql',
  'drizzle/notes.md',
  'drizzle/0001_x.sql',
  'drizzle/meta/_journal.json',
  'drizzle.config.ts',
  'nexiom-lint.config.json',
  'package.json',
  'src/constants.ts',
  // Its `paths` can change what a schema import loads.
  'tsconfig.json',
  'packages/db/tsconfig.build.json',
  '.github/workflows/ci.yml',
  'Dockerfile',
  'scripts/deploy.sh',
];

describe('the commit-path shortcut', () => {
  it.each(IRRELEVANT)('lets %s through without loading the rules', (file) => {
    expect(clearlyIrrelevant({ status: 'M', path: file }, [project])).toBe(true);
  });

  it.each(RELEVANT)('hands %s to the full run', (file) => {
    expect(clearlyIrrelevant({ status: 'M', path: file }, [project])).toBe(false);
  });

  it('looks at both sides of a rename', () => {
    expect(clearlyIrrelevant({ status: 'R', path: 'notes.md', oldPath: 'src/db/schema/users.ts' }, [project])).toBe(
      false,
    );
  });

  it('never skips a file a repository-wide rule would look at', async () => {
    for (const rule of (await loadRules()).filter(isRepoRule)) {
      for (const file of IRRELEVANT) {
        expect(rule.appliesTo?.({ status: 'M', path: file }) ?? true, `${rule.meta.id} wants ${file}`).toBe(false);
      }
    }
  });
});

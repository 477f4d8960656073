/** Where a rule's documentation lives: built from its id in one place. */
export const DOCS_BASE = 'https://github.com/nexiom/nexiom-lint/blob/main/docs/rules';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

/** The common path of the YAML-configured hook managers (lefthook, the pre-commit framework). */
import type { Document } from 'yaml';
import { errorMessage } from '../../errors.js';
import * as messages from '../messages.js';
import type { Plan } from '../plan.js';
import { editYaml, type YamlEdit } from '../yaml-edit.js';

/** What an edit did: `kept` an entry that runs nexiom-lint already, or found the file `unusable`. */
export type ManagerEdit = 'added' | 'updated' | 'kept' | 'unusable';

export interface ManagerYaml {
  file: string;
  manager: string;
  /** The whole file when it does not exist yet; null when it must. */
  created: string | null;
  edit: (e: YamlEdit) => ManagerEdit;
  /** What to add by hand when the file cannot be edited. */
  snippet: string;
}

export async function editManagerYaml(plan: Plan, m: ManagerYaml): Promise<void> {
  const text = plan.read(m.file);
  if (text === null) {
    if (m.created !== null) {
      plan.write(m.file, m.created, `${m.manager} runs nexiom-lint --staged when a staged file may concern it`);
    }
    return;
  }
  let result = 'kept' as ManagerEdit;
  let edited: string | null;
  try {
    edited = await editYaml(text, (e) => {
      result = m.edit(e);
      return result === 'added' || result === 'updated';
    });
  } catch (error) {
    plan.nextSteps.push(messages.hookManagerSnippet(m.file, m.snippet, `not readable as YAML: ${errorMessage(error)}`));
    return;
  }
  if (result === 'unusable') {
    plan.nextSteps.push(messages.hookManagerSnippet(m.file, m.snippet, 'its layout is not the one init knows'));
  }
  if (edited === null) return;
  plan.write(
    m.file,
    edited,
    result === 'updated'
      ? "the hook's file list updated"
      : 'runs nexiom-lint --staged when a staged file may concern it',
  );
}

/** A multi-line string as a `|` block, the way people write scripts in YAML. */
export function literalBlock(YAML: YamlEdit['YAML'], doc: Document, text: string) {
  const node = doc.createNode(text) as InstanceType<YamlEdit['YAML']['Scalar']>;
  node.type = YAML.Scalar.BLOCK_LITERAL;
  return node;
}

/**
 * The settings file, checked against the rules: `rules.<id>` must name a rule that exists (a typo
 * would otherwise silently leave the rule at its default), and its options must match the rule's
 * own schema (`meta.options`), all problems reported at once with their dotted path.
 */
import { ConfigError } from '../errors.js';
import { loadSettings, type Settings } from '../project/settings.js';
import { isRuleId, loadRule, RULE_IDS } from '../rules/index.js';
import { didYouMean } from './closest.js';

export async function loadRuleSettings(repoRoot: string): Promise<Settings> {
  const settings = await loadSettings(repoRoot);
  const problems = await ruleSettingProblems(settings);
  if (problems.length) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new ConfigError(`${settings.source} has ${problems.length} problem(s):\n${list}`);
  }
  return settings;
}

export async function ruleSettingProblems(settings: Settings): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(settings.rules)) {
    if (!isRuleId(id)) {
      problems.push(`rules.${id}: no rule "${id}".${didYouMean(id, RULE_IDS)} \`nexiom-lint --help\` lists the rules.`);
      continue;
    }
    const given = Object.keys(setting.options);
    // The rule is loaded only to check options it was given: a severity needs no module.
    if (!given.length) continue;
    const { meta } = await loadRule(id);
    if (!meta.options) {
      problems.push(`rules.${id}.${given[0]}: ${id} takes no options.`);
      continue;
    }
    const { z } = await import('zod');
    const schema = meta.options(z);
    // An option the rule does not know is a typo: it would otherwise be ignored without a word.
    const result = (schema instanceof z.ZodObject ? schema.strict() : schema).safeParse(setting.options);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      problems.push(`${['rules', id, ...issue.path.map(String)].join('.')}: ${issue.message}`);
    }
  }
  return problems;
}

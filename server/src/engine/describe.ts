// Plain-words descriptions of why a piece of prose is read in its case state, for messages and hovers.
import type { Condition } from './prose/segments.ts';
import type { TemplateModel } from './model.ts';

export function describeCondition(condition: Condition): string {
  if (condition.key.startsWith('#')) return `inside \`{{${condition.key}}}\`${condition.value ? '' : ' (its `{{else}}`)'}`;
  return `\`${condition.key}\` is ${condition.value ? 'true' : 'false'}`;
}

/** The branch conditions that lead to a piece of prose, plus the file-level reason when no branch decides. */
export function describeConditions(conditions: Condition[], model: Pick<TemplateModel, 'fileState' | 'fileStateSource'>, stateSource: 'branch' | 'file'): string[] {
  const out = conditions.map(describeCondition);
  if (stateSource === 'file') {
    if (model.fileStateSource === 'front matter') out.push(`the front matter says \`case: ${model.fileState}\``);
    else if (model.fileStateSource === 'config override') out.push(`a config override makes this file \`${model.fileState}\``);
    else out.push('nothing says whether the case is resolved (no `case:` front matter, no `{{#if case.resolved}}` branch)');
  }
  return out;
}

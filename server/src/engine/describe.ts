// Plain-words descriptions of why a piece of prose is read in its case state, for messages and hovers.
import type { Condition } from './prose/segments.ts';
import type { TemplateModel } from './model.ts';

export function describeCondition(condition: Condition): string {
  if (condition.key.startsWith('#')) return `inside \`{{${condition.key}}}\`${condition.value ? '' : ' (its `{{else}}`)'}`;
  return `\`${condition.key}\` is ${condition.value ? 'true' : 'false'}`;
}

/** The branch conditions that lead to a piece of prose, plus the file-level reason when no branch decides. */
export function describeConditions(conditions: Condition[], model: Pick<TemplateModel, 'fileState' | 'fileStateSource'>, stateSource: 'branch' | 'file'): string[] {
  // Filled from an array literal, not `conditions.map`: the literal's allocation site learns that its arrays hold
  // strings, where a mapped empty array starts as one of small integers and changes kind at the first push, which
  // made every caller compiled with it deoptimise.
  const out: string[] = [];
  for (let i = 0; i < conditions.length; i++) out.push(describeCondition(conditions[i]!));
  if (stateSource === 'file') out.push(fileStateReason(model));
  return out;
}

function fileStateReason(model: Pick<TemplateModel, 'fileState' | 'fileStateSource'>): string {
  if (model.fileStateSource === 'front matter') return `the front matter says \`case: ${model.fileState}\``;
  if (model.fileStateSource === 'config override') return `a config override makes this file \`${model.fileState}\``;
  return 'nothing says whether the case is resolved (no `case:` front matter, no `{{#if case.resolved}}` branch)';
}

// template-syntax: a template Handlebars cannot parse, or front matter that is not valid YAML.
import type { StructuralRule } from './types.ts';

export const templateSyntax: StructuralRule = {
  kind: 'structural',
  id: 'template-syntax',
  name: 'Template syntax error',
  defaultSeverity: 'error',
  when: 'any',
  fixable: false,
  description: 'Handlebars cannot parse the template, or its front matter is broken.',
  why:
    'A template that does not parse cannot be sent at all, and Candor cannot read its prose until it does. The message says what ' +
    'Handlebars expected at that exact place.',
  better: ['Close every `{{#if}}` with `{{/if}}`, every `{{#each}}` with `{{/each}}`.', 'Write a literal `{{` as `\\{{`.'],
  examples: {
    bad: ['Hi {{#if customer.vip}}friend'],
    good: ['Hi {{#if customer.vip}}friend{{/if}}'],
  },
  check(model) {
    const out = [];
    for (const problem of model.frontMatter?.problems ?? []) {
      out.push({ range: problem.range, message: problem.message, excerpt: model.text.slice(problem.range[0], problem.range[1]), state: model.fileState, conditions: [] });
    }
    if (model.parseProblem) {
      const { range, message } = model.parseProblem;
      out.push({ range, message, excerpt: model.text.slice(range[0], range[1]), state: model.fileState, conditions: [] });
    }
    for (const problem of model.partialProblems) out.push({ range: problem.range, message: problem.message, excerpt: problem.name, state: model.fileState, conditions: [] });
    return out;
  },
};

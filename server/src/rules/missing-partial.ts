// missing-partial: `{{> name}}` that no configured partial file provides.
import type { StructuralFinding, StructuralRule } from './types.ts';

export const missingPartial: StructuralRule = {
  kind: 'structural',
  id: 'missing-partial',
  name: 'Missing partial',
  defaultSeverity: 'error',
  when: 'any',
  fixable: false,
  description: 'A `{{> partial}}` that no file in the configured partial folders provides.',
  why:
    'A missing partial makes the template fail when it is rendered, or leaves a hole in the message. Candor also cannot check the ' +
    'text the partial would add.',
  better: ['Add the partial under a folder listed in `partials` in .candorrc.json, or correct the name.'],
  examples: {
    bad: ['Thanks,\n{{> signatur}}'],
    good: ['Thanks,\n{{> signature}}'],
  },
  check(model) {
    // Pushed into one list literal (see unknown-variable.ts).
    const found: StructuralFinding[] = [];
    for (const call of model.partialCalls) {
      if (call.dynamic || call.resolvedPath) continue;
      found.push({
        range: call.range,
        message: `No configured partial provides \`{{> ${call.name}}}\`: add \`${call.name}.hbs\` to a folder listed in \`partials\`, or fix the name.`,
        excerpt: call.name,
        state: model.fileState,
        conditions: [],
      });
    }
    return found;
  },
};

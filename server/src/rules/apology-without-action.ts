// apology-without-action: a message that apologises but commits to no action, remedy or next step.
import type { StructuralRule } from './types.ts';
import { checkPaths, type Anchor } from './missing-next-update.ts';
import { APOLOGY, segmentsApologise, segmentsHaveActionOrRemedy } from './nextStep.ts';

export const apologyWithoutAction: StructuralRule = {
  kind: 'structural',
  id: 'apology-without-action',
  name: 'Apology without action',
  defaultSeverity: 'information',
  when: 'any',
  fixable: false,
  description: 'A message that apologises but offers no remedy, action or next step.',
  why:
    'An apology is only believed when something follows it. "We are sorry" with nothing after it asks the customer to accept the ' +
    'problem as it is. Pair the apology with what you have done or will do: a fix, a refund, a replacement, or when they will hear more.',
  better: ['I am sorry the parcel is late; I have sent a replacement by express that arrives Thursday.'],
  examples: {
    bad: ['---\ncase: unresolved\n---\nWe are sorry for the trouble with your account.'],
    good: ['---\ncase: unresolved\n---\nI am sorry for the trouble; I have reset your password and sent the link to your email.'],
  },
  check(model) {
    return checkPaths(
      model,
      (path) => segmentsApologise(path.segments) && !segmentsHaveActionOrRemedy(path.segments),
      () => 'This message apologises but offers no action, remedy or next step: say what you are doing about it.',
      (path): Anchor | undefined => {
        for (const segment of path.segments) {
          const m = APOLOGY.exec(segment.text);
          if (!m) continue;
          const range: [number, number] = segment.callSite ?? [segment.offsets.start(m.index), segment.offsets.end(m.index + m[0].length - 1)];
          return { range, excerpt: m[0], partialChain: segment.partialChain };
        }
        return undefined;
      },
    );
  },
};

// Hover: why a finding fired and what to write instead; a partial's text; a variable's sample value.
import type { Hover, HoverParams } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { rulesFor, type Finding } from '../engine/index.ts';
import { ruleDocsUrl } from './diagnostics.ts';
import { toOffset, toRange } from './convert.ts';
import { describeVariable } from './data.ts';
import type { LintedFile } from './linting.ts';

export function hover(file: LintedFile, params: HoverParams): Hover | null {
  const offset = toOffset(file.model.lines, params.position);
  const sections: string[] = [];
  let range: [number, number] | undefined;

  for (const finding of file.findings.filter((f) => f.range[0] <= offset && offset <= f.range[1])) {
    sections.push(explainFinding(finding, file));
    range ??= finding.range;
  }

  const call = file.model.partialCalls.find((c) => c.range[0] <= offset && offset <= c.range[1]);
  if (call) {
    const partial = call.dynamic ? undefined : file.fileConfig.host.resolvePartial(call.name, file.key);
    sections.push(
      partial
        ? `**Partial \`${call.name}\`** (${partial.path})\n\n${fence(partial.text.length > 2000 ? `${partial.text.slice(0, 2000)}\n…` : partial.text)}`
        : `**Partial \`${call.name}\`**: ${call.dynamic ? 'its name is computed, so Candor cannot read it.' : 'no configured partial file provides it (see `partials` in `.candorrc.json`).'}`,
    );
    range ??= call.range;
  } else {
    const variable = file.model.variables.find((v) => v.range[0] <= offset && offset <= v.range[1]);
    const data = file.model.config.data;
    if (variable && data) {
      const described = describeVariable(data, variable.path);
      sections.push(
        described === undefined
          ? `**\`${variable.path}\`** is not in the configured data (${data.path}).`
          : `**\`${variable.path}\`** ${data.kind === 'sample' ? `sample value from ${data.path}:\n\n${fence(described, 'json')}` : `\n\n${described}`}`,
      );
      range ??= variable.range;
    }
  }

  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: range ? toRange(file.model.lines, range) : undefined };
}

function explainFinding(finding: Finding, file: LintedFile): string {
  const rule = rulesFor(file.model.config).find((r) => r.id === finding.ruleId);
  const lines = [`**${rule?.name ?? finding.ruleId}** \`${finding.ruleId}\` (${finding.severity})`, finding.message];
  if (rule?.why) lines.push(rule.why);
  lines.push(caseExplanation(finding, rule?.when ?? 'any'));
  if (finding.partialChain.length) lines.push(`The words come from the partial \`${finding.partialChain.join(' › ')}\`, read in the state of this call.`);
  if (rule?.better.length) lines.push(`**Better:**\n${rule.better.map((b) => `- ${b}`).join('\n')}`);
  const href = rule && ruleDocsUrl(rule, file.model.config);
  if (href) lines.push(`[Rule documentation](${href})`);
  return lines.join('\n\n');
}

function caseExplanation(finding: Finding, when: 'any' | 'unresolved'): string {
  const why = finding.conditions.length ? `: ${finding.conditions.join(', and ')}` : '';
  if (finding.caseState === 'unknown' && when === 'unresolved') {
    return (
      `**Case state: unknown**${why}. This rule is about open cases, so it is reported at the lowest severity. Declare the state to make it exact: ` +
      'add `case: unresolved` (or `case: resolved`) front matter, or put the text inside `{{#if case.resolved}} … {{else}} … {{/if}}`.'
    );
  }
  if (when === 'unresolved') return `**Fires because the case is ${finding.caseState} here**${why}.`;
  return `**Case state: ${finding.caseState}**${why}.`;
}

function fence(text: string, language = 'handlebars'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

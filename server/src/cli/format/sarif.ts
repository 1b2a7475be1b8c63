// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards, with rule metadata, stable fingerprints and fixes.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Fix, Severity } from '../../engine/types.ts';
import { LineIndex } from '../../engine/text.ts';
import type { Rule } from '../../rules/types.ts';
import { docsUrl } from '../../rules/registry.ts';
import type { FileResult } from '../results.ts';
import { pathInside } from '../repoRoot.ts';
import { fingerprintsOf } from '../fingerprint.ts';
import { collect, SLOT, writeJsonWithStreamedArray, type Write } from './stream.ts';

export interface SarifOptions {
  /** Repository root: artifact URIs are relative to it (`%SRCROOT%`). */
  root: string;
  rules: Rule[];
  version: string;
}

const SRCROOT = '%SRCROOT%';
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note' };
const INFORMATION_URI = 'https://github.com/candor-lint/candor';

export function formatSarif(results: FileResult[], options: SarifOptions): string {
  return collect((write) => writeSarif(write, results, options));
}

/** The same text as `formatSarif`, with the results written one finding at a time (no trailing line break). */
export function writeSarif(write: Write, results: FileResult[], options: SarifOptions): void {
  const ruleIndex = new Map(options.rules.map((rule, i) => [rule.id, i]));
  const location = (path: string): Sarif.ArtifactLocation => {
    const rel = pathInside(options.root, path);
    return rel === undefined ? { uri: pathToFileURL(path).href } : { uri: encodePath(rel), uriBaseId: SRCROOT };
  };
  // The notifications come before the results in the log, so unreadable files are gathered first.
  const notifications: Sarif.Notification[] = [];
  let empty = true;
  for (const result of results) {
    if (result.fatal) notifications.push({ level: 'error', message: { text: sentence(result.fatal) }, locations: [{ physicalLocation: { artifactLocation: location(result.filePath) } }] });
    else if (result.findings.length) empty = false;
  }
  function* sarifResults(): Generator<Sarif.Result> {
    for (const result of results) {
      if (result.fatal) continue;
      const lines = new LineIndex(result.text);
      const fingerprints = fingerprintsOf(result, options.root);
      for (const [i, finding] of result.findings.entries()) {
        const index = ruleIndex.get(finding.ruleId);
        const sarifResult: Sarif.Result = {
          ruleId: finding.ruleId,
          ...(index === undefined ? {} : { ruleIndex: index }),
          level: LEVEL[finding.severity],
          message: { text: sentence(finding.message) },
          locations: [{ physicalLocation: { artifactLocation: location(result.filePath), region: { ...region(lines, finding.range), snippet: { text: result.text.slice(finding.range[0], finding.range[1]) } } } }],
          partialFingerprints: { 'candorFingerprint/v1': fingerprints[i]! },
        };
        const related = relatedLocations(finding, location);
        if (related.length) sarifResult.relatedLocations = related;
        if (finding.fix) sarifResult.fixes = [sarifFix(finding.fix, lines, location(result.filePath))];
        yield sarifResult;
      }
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Candor',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: options.rules.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(options.root.endsWith('/') ? options.root : options.root + '/').href } },
        columnKind: 'utf16CodeUnits',
        // Written in place of the slot, one result at a time.
        results: [SLOT as unknown as Sarif.Result],
      },
    ],
  };
  writeJsonWithStreamedArray(write, log, sarifResults(), empty);
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const better = rule.better.length ? `\n\nBetter:\n${rule.better.map((b) => `- ${b}`).join('\n')}` : '';
  const betterMd = rule.better.length ? `\n\n**Better:**\n\n${rule.better.map((b) => `- ${markdownText(b)}`).join('\n')}` : '';
  const url = docsUrl(rule);
  return {
    id: rule.id,
    ...(pascalCase(rule.id).toLowerCase() === rule.id.toLowerCase() ? {} : { name: pascalCase(rule.id) }),
    shortDescription: { text: sentence(rule.name) },
    fullDescription: { text: sentence(rule.description) },
    help: {
      text: `${sentence(rule.why)}${better}\n\nSee ${url}`,
      markdown: `${markdownText(sentence(rule.why))}${betterMd}\n\n[Rule documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { caseCondition: rule.when, fixable: rule.fixable, tags: ['candor', rule.kind] },
  };
}

function region(lines: LineIndex, range: [number, number]): Sarif.Region {
  const start = lines.position(range[0]);
  const end = lines.position(range[1]);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, charOffset: range[0], charLength: range[1] - range[0] };
}

function relatedLocations(finding: Finding, location: (path: string) => Sarif.ArtifactLocation): Sarif.Location[] {
  return finding.related.map((related, i) => ({
    id: i,
    physicalLocation: {
      artifactLocation: location(related.path),
      region: { startLine: related.start.line, startColumn: related.start.column, endLine: related.end.line, endColumn: related.end.column, charOffset: related.range[0], charLength: related.range[1] - related.range[0] },
    },
    message: { text: sentence(related.message) },
  }));
}

function sarifFix(fix: Fix, lines: LineIndex, artifactLocation: Sarif.ArtifactLocation): Sarif.Fix {
  return {
    description: { text: sentence(fix.description) },
    artifactChanges: [
      {
        artifactLocation,
        replacements: [...fix.edits].sort((a, b) => a.range[0] - b.range[0]).map((edit) => ({ deletedRegion: region(lines, edit.range), insertedContent: { text: edit.text } })),
      },
    ],
  };
}

/** Percent-encodes a relative POSIX path segment by segment. */
function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** SARIF messages read best (and validate cleanly) as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]["'”’)`]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function markdownText(text: string): string {
  return text.replace(/([\\*_[\]<>#])/g, '\\$1');
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

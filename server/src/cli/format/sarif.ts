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
import { collect, jsonMembers, quoter, SLOT, writeJsonWithStreamedArray, type Write } from './stream.ts';

/** A finding to write as a SARIF result, with what its file gives it. */
interface SarifItem {
  finding: Finding;
  lines: LineIndex;
  text: string;
  artifact: Sarif.ArtifactLocation;
  fingerprint: string;
}

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
  // A file's location is written under each of its results (and their fixes): worked out once per file.
  const locations = new Map<string, Sarif.ArtifactLocation>();
  const location = (path: string): Sarif.ArtifactLocation => {
    let found = locations.get(path);
    if (!found) {
      const rel = pathInside(options.root, path);
      found = rel === undefined ? { uri: pathToFileURL(path).href } : { uri: encodePath(rel), uriBaseId: SRCROOT };
      locations.set(path, found);
    }
    return found;
  };
  // The notifications come before the results in the log, so unreadable files are gathered first.
  const notifications: Sarif.Notification[] = [];
  let empty = true;
  for (const result of results) {
    if (result.fatal) notifications.push({ level: 'error', message: { text: sentence(result.fatal) }, locations: [{ physicalLocation: { artifactLocation: location(result.filePath) } }] });
    else if (result.findings.length) empty = false;
  }
  function* items(): Generator<SarifItem> {
    for (const result of results) {
      if (result.fatal || !result.findings.length) continue;
      const lines = new LineIndex(result.text);
      const fingerprints = fingerprintsOf(result, options.root);
      const artifact = location(result.filePath);
      for (let i = 0; i < result.findings.length; i++) yield { finding: result.findings[i]!, lines, text: result.text, artifact, fingerprint: fingerprints[i]! };
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
  writeJsonWithStreamedArray(write, log, items(), empty, resultWriter(ruleIndex, location));
}

/**
 * Writes one finding's SARIF result as `JSON.stringify(log, null, 2)` writes it `indent` deep, member by member:
 * building each result as an object and serialising it was most of the time a 10,000-template SARIF report took.
 * Related locations and fixes, which vary in shape, go through `JSON.stringify` (`jsonMembers`).
 */
function resultWriter(ruleIndex: Map<string, number>, location: (path: string) => Sarif.ArtifactLocation): (item: SarifItem, indent: string, write: Write) => void {
  const quote = quoter();
  return ({ finding, lines, text, artifact, fingerprint }, indent, write) => {
    // Indents of the nested levels: result members, then message / locations, location, physicalLocation, its members.
    const a = `${indent}  `;
    const b = `${a}  `;
    const c = `${b}  `;
    const d = `${c}  `;
    const e = `${d}  `;
    const index = ruleIndex.get(finding.ruleId);
    const start = lines.position(finding.range[0]);
    const end = lines.position(finding.range[1]);
    const artifactText = artifact.uriBaseId === undefined ? `{\n${e}"uri": ${quote(artifact.uri!)}\n${d}}` : `{\n${e}"uri": ${quote(artifact.uri!)},\n${e}"uriBaseId": ${quote(artifact.uriBaseId)}\n${d}}`;
    let out =
      `${indent}{\n${a}"ruleId": ${quote(finding.ruleId)},\n` +
      (index === undefined ? '' : `${a}"ruleIndex": ${index},\n`) +
      `${a}"level": "${LEVEL[finding.severity]}",\n` +
      `${a}"message": {\n${b}"text": ${quote(sentence(finding.message))}\n${a}},\n` +
      `${a}"locations": [\n${b}{\n${c}"physicalLocation": {\n${d}"artifactLocation": ${artifactText},\n` +
      `${d}"region": {\n${e}"startLine": ${start.line},\n${e}"startColumn": ${start.column},\n${e}"endLine": ${end.line},\n${e}"endColumn": ${end.column},\n` +
      `${e}"charOffset": ${finding.range[0]},\n${e}"charLength": ${finding.range[1] - finding.range[0]},\n` +
      `${e}"snippet": {\n${e}  "text": ${JSON.stringify(text.slice(finding.range[0], finding.range[1]))}\n${e}}\n${d}}\n${c}}\n${b}}\n${a}],\n` +
      `${a}"partialFingerprints": {\n${b}"candorFingerprint/v1": "${fingerprint}"\n${a}}`;
    const related = relatedLocations(finding, location);
    if (related.length || finding.fix) {
      const optional = jsonMembers({ relatedLocations: related.length ? related : undefined, fixes: finding.fix ? [sarifFix(finding.fix, lines, artifact)] : undefined }, indent);
      out += `,\n${optional}`;
    }
    write(`${out}\n${indent}}`);
  };
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

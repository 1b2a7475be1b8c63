// First run, the pure half: from a workspace's template files, guess the starter `.candorrc.json`
// (the partials folder and which `{{#if}}` conditions mean the case is resolved). No `vscode` here,
// so the unit tests run it under plain Node.
import Handlebars from 'handlebars';
// The server reads conditions back with the same printer, so the config matches what it sees.
import { printExpression } from '../../server/src/engine/prose/caseState.ts';

/** Template files Candor looks at: plain Handlebars and Candor templates. */
export const TEMPLATE_GLOB = '**/*.{hbs,handlebars,candor}';
/** Folders never searched for templates or configs. */
export const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
export const CONFIG_FILE = '.candorrc.json';

const TEMPLATE_EXTENSION = /\.(?:hbs|handlebars|candor)$/i;

/** One template: its path relative to the workspace folder (with `/`), and its text when it was read. */
export interface TemplateFile {
  path: string;
  text?: string;
}

export interface FirstRunGuess {
  /** Folder (relative, `/`-separated, no trailing slash) holding the partials, if one was found. */
  partialsFolder?: string;
  /** Glob for `partials`, e.g. `partials/**\/*.hbs`. */
  partialsGlob?: string;
  /** Conditions that look like "the case is resolved", most frequent first. */
  resolved: string[];
}

export function isTemplatePath(path: string): boolean {
  return TEMPLATE_EXTENSION.test(path) && !path.split('/').some((part) => part === 'node_modules' || part === '.git');
}

/** Partial names and `{{#if}}`/`{{#unless}}` conditions used by one template. */
export interface TemplateUsage {
  partials: string[];
  conditions: string[];
}

type Node = hbs.AST.Node;

/** Reads what a template calls and tests. Unparseable templates fall back to a rough scan of the text. */
export function scanTemplate(text: string): TemplateUsage {
  const usage: TemplateUsage = { partials: [], conditions: [] };
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch {
    return roughScan(text);
  }
  const visit = (node: Node | undefined | null): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const child of (node as hbs.AST.Program).body) visit(child);
        break;
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const helper = block.path.type === 'PathExpression' ? (block.path as hbs.AST.PathExpression).original : '';
        if ((helper === 'if' || helper === 'unless') && block.params.length === 1) usage.conditions.push(printExpression(block.params[0]));
        visit(block.program);
        visit(block.inverse);
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
        const name = partialName(partial.name);
        if (name) usage.partials.push(name);
        if (node.type === 'PartialBlockStatement') visit((node as hbs.AST.PartialBlockStatement).program);
        break;
      }
      default:
        break;
    }
  };
  visit(ast);
  return usage;
}

function partialName(node: hbs.AST.PathExpression | hbs.AST.SubExpression): string | undefined {
  // `{{> (dynamic)}}` names no file.
  if (node.type === 'PathExpression') return (node as hbs.AST.PathExpression).original;
  const literal = node as unknown as hbs.AST.StringLiteral;
  return literal.type === 'StringLiteral' ? literal.value : undefined;
}

function roughScan(text: string): TemplateUsage {
  const partials = [...text.matchAll(/\{\{~?#?>\s*(?:"([^"]+)"|'([^']+)'|([\w./@-]+))/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  const conditions = [...text.matchAll(/\{\{~?#(?:if|unless)\s+([^}]+?)\s*~?\}\}/g)].map((m) => m[1]!.replace(/\s+/g, ' ').replace(/^this\./, ''));
  return { partials, conditions };
}

const RESOLVED_WORD = /^(?:resolved|solved|closed|fixed|completed|done)$/i;
const NEGATING_WORD = /^(?:not|non|never)$/i;
const STATUS_FIELD = /(?:^|\.)(?:status|state|stage)$/i;
const RESOLVED_STATUS = /^(?:resolved|solved|closed|fixed|completed|complete|done)$/i;
const EQUALS = new Set(['eq', 'is', 'equals', 'equal', '==', '===', 'isEqual', 'ifEquals', 'ifeq']);

/**
 * Whether a printed condition looks like "the case is resolved": a field named resolved/solved/closed…
 * (`ticket.solved`, `case.isClosed`) or a status compared with such a value (`(eq ticket.status "solved")`).
 */
export function looksResolved(condition: string): boolean {
  const path = /^[\w.@/-]+$/.test(condition) ? condition : undefined;
  if (path) {
    // The last segment's words: `ticket.isSolved` → is, Solved; `case.not_closed` → not, closed.
    const words = (path.split(/[./]/).at(-1) ?? path).replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[_-]+/).filter(Boolean);
    return words.length > 0 && RESOLVED_WORD.test(words.at(-1)!) && !words.slice(0, -1).some((word) => NEGATING_WORD.test(word));
  }
  const comparison = /^\((\S+) (\S+) (\S+)\)$/.exec(condition);
  if (!comparison || !EQUALS.has(comparison[1]!)) return false;
  const [field, value] = comparison[2]!.startsWith('"') ? [comparison[3]!, comparison[2]!] : [comparison[2]!, comparison[3]!];
  if (!STATUS_FIELD.test(field) || !value.startsWith('"')) return false;
  try {
    return RESOLVED_STATUS.test(String(JSON.parse(value)).trim());
  } catch {
    return false;
  }
}

/** Strips what the server strips to name a partial file: `.hbs`/`.handlebars`, then `.html`, `.txt` or `.md`. */
function partialNameOf(path: string): string {
  return path.replace(/\.(?:hbs|handlebars|mustache|candor)$/i, '');
}

/**
 * The folder holding the partials: for each `{{> name}}` call, the template whose path ends in `name`
 * gives `path minus name`; the folder explaining the most distinct names wins. Without calls that
 * resolve, a folder called `partials` (the shallowest) is the guess.
 */
export function detectPartialsFolder(paths: string[], partialNames: Iterable<string>): string | undefined {
  const withoutExtension = paths.map((path) => ({ path, stem: partialNameOf(path) }));
  const score = new Map<string, Set<string>>();
  for (const name of new Set(partialNames)) {
    const clean = name.replace(/^\.\//, '');
    if (!clean || clean.startsWith('../') || clean.startsWith('/')) continue;
    for (const { stem } of withoutExtension) {
      for (const candidate of [stem, stem.replace(/\.(?:html|txt|md)$/i, '')]) {
        if (!candidate.endsWith(`/${clean}`)) continue;
        const folder = candidate.slice(0, -clean.length - 1);
        // A folder must be a real folder: partials at the top level would make every template a partial.
        if (!folder) continue;
        if (!score.has(folder)) score.set(folder, new Set());
        score.get(folder)!.add(clean);
      }
    }
  }
  let best: string | undefined;
  for (const [folder, names] of score) {
    const bestCount = best === undefined ? -1 : score.get(best)!.size;
    if (names.size > bestCount || (names.size === bestCount && (depth(folder) < depth(best!) || (depth(folder) === depth(best!) && folder < best!)))) best = folder;
  }
  if (best !== undefined) return best;
  const named = [...new Set(paths.map((path) => path.split('/').slice(0, -1)))]
    .map((parts) => parts.slice(0, parts.lastIndexOf('partials') + 1).join('/'))
    .filter((folder) => folder.endsWith('partials'));
  return named.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))[0];
}

function depth(folder: string): number {
  return folder.split('/').length;
}

/** `partials/**\/*.hbs`, or `…/*.{hbs,handlebars}` when the folder mixes extensions. */
export function partialsGlob(folder: string, paths: string[]): string {
  const extensions = new Set<string>();
  for (const path of paths) {
    if (!path.startsWith(`${folder}/`)) continue;
    const extension = /\.(hbs|handlebars)$/i.exec(path)?.[1]?.toLowerCase();
    if (extension) extensions.add(extension);
  }
  const list = extensions.size ? [...extensions].sort((a, b) => (a === 'hbs' ? -1 : b === 'hbs' ? 1 : a.localeCompare(b))) : ['hbs'];
  return `${folder}/**/*.${list.length === 1 ? list[0] : `{${list.join(',')}}`}`;
}

/** Conditions that look resolved, most frequent first (first seen wins a tie). */
export function guessResolved(conditions: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const condition of conditions) if (looksResolved(condition)) counts.set(condition, (counts.get(condition) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([condition]) => condition);
}

/** The whole guess for a workspace folder's templates (paths relative to that folder). */
export function guessConfig(templates: TemplateFile[]): FirstRunGuess {
  const paths = templates.map((template) => template.path).filter(isTemplatePath);
  const partialNames: string[] = [];
  const conditions: string[] = [];
  for (const template of templates) {
    if (template.text === undefined) continue;
    const usage = scanTemplate(template.text);
    partialNames.push(...usage.partials);
    conditions.push(...usage.conditions);
  }
  const partialsFolder = detectPartialsFolder(paths, partialNames);
  return {
    ...(partialsFolder !== undefined ? { partialsFolder, partialsGlob: partialsGlob(partialsFolder, paths) } : {}),
    resolved: guessResolved(conditions),
  };
}

/** The starter `.candorrc.json` text for a guess. */
export function configText(guess: FirstRunGuess): string {
  const config: Record<string, unknown> = { root: true, extends: ['candor:recommended'] };
  if (guess.partialsGlob) config['partials'] = [guess.partialsGlob];
  if (guess.resolved.length) config['caseState'] = { resolved: guess.resolved };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** One line for the notification: what the new config would say. */
export function describeGuess(guess: FirstRunGuess): string {
  const parts: string[] = [];
  if (guess.partialsFolder) parts.push(`partials from ${guess.partialsFolder}/`);
  if (guess.resolved.length) parts.push(`${guess.resolved.slice(0, 2).join(', ')}${guess.resolved.length > 2 ? ', …' : ''} meaning the case is resolved`);
  return parts.join('; ');
}

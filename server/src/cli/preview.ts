// `candor preview`: each template rendered once per message path, findings marked, as text or one HTML page.
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigResolver } from '../config/load.ts';
import { discoverTemplates } from './discover.ts';
import { lintFiles } from './lintFiles.ts';
import { buildModel } from '../engine/index.ts';
import { renderPreview } from '../preview/render.ts';
import { previewHtml, previewText, type FilePreview } from '../preview/format.ts';
import type { CliIo } from './main.ts';

export const PREVIEW_USAGE = `Usage: candor preview [options] <files, folders or globs…>

Shows each template as the customer will read it: one message per branch combination
("Resolved", "Unresolved", …), rendered with Handlebars and the configured sample data,
with the phrases that have findings marked.

Options:
      --case resolved|unresolved   only messages in this case state
      --data <file.json>           sample data to render with (default: the config's \`data\`)
  -f, --format text|html           text (default) or one standalone HTML page
  -o, --output-file <file>         write the report to a file (HTML reports are usually kept as CI artifacts)
  -c, --config <file>              use this config file
`;

/** The same surroundings as `candor check`; preview never reads standard input. */
export type PreviewIo = Omit<CliIo, 'readStdin'>;

export class PreviewUsageError extends Error {}

export function runPreview(args: string[], io: PreviewIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        case: { type: 'string' },
        data: { type: 'string' },
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new PreviewUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(PREVIEW_USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'html') throw new PreviewUsageError(`unknown preview format \`${format}\`. Formats: text, html.`);
  const caseFilter = values.case;
  if (caseFilter !== undefined && caseFilter !== 'resolved' && caseFilter !== 'unresolved') throw new PreviewUsageError(`--case expects resolved or unresolved, got \`${caseFilter}\`.`);
  if (!positionals.length) throw new PreviewUsageError('name the templates or folders to preview.');
  let data: unknown;
  if (values.data) {
    const path = resolve(io.cwd, values.data);
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PreviewUsageError(`--data ${values.data}: ${(error as Error).message}`);
    }
  }
  const resolver = new ConfigResolver({ configFile: values.config ? resolve(io.cwd, values.config) : undefined });
  const files = discoverTemplates(positionals, io.cwd, resolver, (problem) => io.stderr(`candor: ${problem.path}: ${problem.message}\n`));
  if (!files.length) return 2;
  const results = lintFiles(files, resolver);
  const previews: FilePreview[] = results
    .filter((r) => !r.fatal)
    .map((result) => {
      const config = resolver.forFile(result.filePath);
      const model = buildModel(result.text, result.filePath, config.engine, config.host);
      const partials = new Map<string, string>();
      for (const [name, path] of config.partialFiles) {
        try {
          partials.set(name, readFileSync(path, 'utf8'));
        } catch {
          /* an unreadable partial renders as a visible gap */
        }
      }
      const sample = data ?? (config.engine.data?.kind === 'sample' ? config.engine.data.value : undefined);
      return { filePath: result.filePath, findings: result.findings, messages: renderPreview(model, result.findings, { data: sample, partials, caseFilter: caseFilter as 'resolved' | 'unresolved' | undefined }) };
    });
  const color = io.isTTY && !('NO_COLOR' in io.env) && !values['output-file'];
  const report = format === 'html' ? previewHtml(previews, { cwd: io.cwd }) : previewText(previews, { cwd: io.cwd, color });
  if (values['output-file']) {
    const target = resolve(io.cwd, values['output-file']);
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, report);
    renameSync(temp, target);
  } else io.stdout(report);
  return 0;
}

// Lints a set of files with their configs, then runs the workspace-wide rules over all of them.
import { readFileSync } from 'node:fs';
import { buildModel, lintModel, lintWorkspace, type WorkspaceFile } from '../engine/index.ts';
import type { ConfigResolver } from '../config/load.ts';
import type { FileResult } from './results.ts';

export interface LintFilesOptions {
  /** Text to use instead of reading a file (stdin). */
  overrides?: Map<string, string>;
  onRuleError?: (file: string, ruleId: string, error: unknown) => void;
}

export function lintFiles(files: string[], resolver: ConfigResolver, options: LintFilesOptions = {}): FileResult[] {
  const results: FileResult[] = [];
  const workspace: WorkspaceFile[] = [];
  for (const filePath of files) {
    let text = options.overrides?.get(filePath);
    if (text === undefined) {
      try {
        text = readFileSync(filePath, 'utf8');
      } catch (error) {
        results.push({ filePath, text: '', findings: [], fatal: `Cannot read this file (${(error as NodeJS.ErrnoException).code ?? String(error)}).` });
        continue;
      }
    }
    const config = resolver.forFile(filePath);
    const model = buildModel(text, filePath, config.engine, config.host);
    const findings = lintModel(model, { onRuleError: (ruleId, error) => options.onRuleError?.(filePath, ruleId, error) });
    const result: FileResult = { filePath, text, findings };
    results.push(result);
    workspace.push({ model, findings });
  }
  lintWorkspace(workspace);
  return results;
}

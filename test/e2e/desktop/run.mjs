// The desktop tier: the editor scenarios through the API in a real VS Code, found through VSCODE_EXECUTABLE.
// Without VSCODE_EXECUTABLE it reports one skipped test and does nothing else (nothing is downloaded).
import { test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, repoRoot } from '../lib/codeServer.mjs';

const executable = process.env.VSCODE_EXECUTABLE;
const skip = executable ? false : 'desktop tier skipped: VSCODE_EXECUTABLE is not set (point it at a VS Code binary to run the scenarios in desktop VS Code)';

test('desktop VS Code (@vscode/test-electron): the editor scenarios through the API', { skip, timeout: 10 * 60_000 }, async () => {
  const { runTests } = await import('@vscode/test-electron');
  if (!process.env.CANDOR_E2E_SKIP_BUILD) build();
  const root = mkdtempSync(join(tmpdir(), 'candor-desktop-'));
  try {
    const workspace = join(root, 'workspace');
    cpSync(join(repoRoot, 'test', 'e2e', 'fixture'), workspace, { recursive: true });
    const exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'test', 'e2e', 'desktop', 'suite.cjs'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${join(root, 'user-data')}`, `--extensions-dir=${join(root, 'extensions')}`],
    });
    if (exitCode !== 0) throw new Error(`the desktop scenarios failed (exit code ${exitCode})`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

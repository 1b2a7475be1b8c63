// Drives the VS Code workbench in Chromium the way a writer would: keyboard, mouse, what is on screen.
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { timeouts, waitFor } from './wait.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts Chromium with its own HOME (it writes crash-report and dconf folders there) and opens the folder. */
export async function openWorkbench(executablePath, profileDir, url, folder, home) {
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache` };
  const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS, env, viewport: { width: 1600, height: 1000 } });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: timeouts.startup });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeouts.startup });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'attached', timeout: timeouts.startup });
  // A marker that survives only as long as the window is not reloaded.
  await page.evaluate(() => (window.__candorE2eMarker = 'not reloaded'));
  return { context, page };
}

/** Monaco renders spaces as U+00A0; compare text with ordinary spaces. */
export const normalise = (text) => (text ?? '').replace(/\u00a0/g, ' ');

export async function visibleLines(page) {
  const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((nodes) =>
    nodes.map((node) => ({ top: parseFloat(node.style.top) || 0, text: node.textContent })).sort((a, b) => a.top - b.top).map((line) => line.text),
  );
  return lines.map(normalise);
}

/** The on-screen line of the active editor holding `text`, as a locator. */
export function lineWith(page, text) {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\u00a0]'));
  return page.locator('.editor-instance .monaco-editor .view-lines .view-line').filter({ hasText: pattern }).first();
}

export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeouts.step });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: timeouts.step });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.step });
}

/** Opens a workspace file through Quick Open and waits until its first line is on screen. */
export async function openFile(page, relativePath, firstLine) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeouts.step });
  await input.fill(relativePath);
  const name = relativePath.split('/').pop();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: timeouts.step });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: timeouts.step });
  await lineWith(page, firstLine).waitFor({ state: 'visible', timeout: timeouts.step });
}

/** Puts the cursor at the start of the on-screen line holding `text` and focuses the editor. */
export async function cursorToLine(page, text) {
  const line = lineWith(page, text);
  // Monaco re-renders lines as decorations arrive, so the element can detach between the wait and the
  // measurement: measure again until it holds still.
  let box = null;
  const deadline = Date.now() + timeouts.step;
  while (!box) {
    if (Date.now() > deadline) throw new Error(`the line holding ${JSON.stringify(text)} never settled on screen`);
    await line.waitFor({ state: 'visible', timeout: timeouts.step });
    box = await line.boundingBox().catch(() => null);
  }
  await page.mouse.click(box.x + 1, box.y + box.height / 2);
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
  return box;
}

/** Puts the cursor on the first character of `word` inside the on-screen line holding `text`. */
export async function cursorToText(page, lineText, word) {
  await cursorToLine(page, lineText);
  const lines = await visibleLines(page);
  const index = lines.find((line) => line.includes(lineText)).indexOf(word);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
}

/** Selects `length` characters after the cursor and types `replacement` over them. */
export async function typeOver(page, length, replacement) {
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(replacement);
  await page.keyboard.press('Escape');
}

export async function focusProblems(page) {
  await runCommand(page, 'Focus on Problems View');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: timeouts.step });
}

export async function problemRows(page) {
  return (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map(normalise);
}

/** Waits until the Problems panel's rows satisfy `predicate(rows)`. */
export async function waitForProblems(page, predicate, what) {
  return waitFor(async () => predicate(await problemRows(page)), { what: `Problems panel: ${what}`, describe: async () => `rows now:\n  ${(await problemRows(page)).join('\n  ')}` });
}

export async function squiggleCount(page) {
  return page.locator('.editor-instance .monaco-editor .squiggly-warning, .editor-instance .monaco-editor .squiggly-error, .editor-instance .monaco-editor .squiggly-info').count();
}

/** Reads the probe extension's latest snapshot of diagnostics and open documents. */
export function readProbe(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function candorDiagnostics(snapshot, file) {
  return (snapshot?.diagnostics ?? []).filter((diagnostic) => diagnostic.source === 'candor' && (!file || diagnostic.file === file));
}

export function summarise(snapshot) {
  if (!snapshot) return 'probe: no snapshot yet (is the extension host running?)';
  const lines = candorDiagnostics(snapshot).map((d) => `  ${d.file}:${d.range[0] + 1}:${d.range[1] + 1} ${d.code} ${d.message}`);
  return `probe #${snapshot.sequence}: Candor extension ${snapshot.candor ? (snapshot.candor.isActive ? 'active' : 'installed, not active') : 'not installed'}; ${lines.length} Candor diagnostics${lines.length ? `\n${lines.join('\n')}` : ''}`;
}

export async function waitForProbe(file, predicate, what, timeout = timeouts.step) {
  return waitFor(() => {
    const snapshot = readProbe(file);
    return snapshot && predicate(snapshot) ? snapshot : undefined;
  }, { timeout, what, describe: () => summarise(readProbe(file)) });
}

/**
 * Opens the quick-fix menu at the cursor and returns its rows. The code actions may still be on their way when
 * the key is pressed, in which case the menu never opens: ask again a few times before giving up.
 */
export async function openQuickFixes(page, lineText, word) {
  const rows = page.locator('.action-widget .monaco-list-row');
  for (let attempt = 1; ; attempt++) {
    await cursorToText(page, lineText, word);
    await page.keyboard.press('Control+.');
    try {
      await rows.first().waitFor({ state: 'visible', timeout: attempt < 4 ? timeouts.step / 4 : timeouts.step });
      return rows;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

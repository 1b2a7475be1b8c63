// Candor's editor tests: packages the extension, runs it in code-server (VS Code in Chromium) and checks what a writer sees.
//
// `npm run test:e2e` runs this file. It installs what it needs on first use (scripts/e2e-setup.sh, cached
// outside the repo), so it needs root and the npm registry the first time. Screenshots of every step go
// to test-output/e2e/; when something fails, code-server's log and the editor's logs go there too.
// CANDOR_E2E_SKIP_BUILD=1 packages dist/ as it is; CANDOR_E2E_KEEP=1 keeps the session's state folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, ensureSetup, findFiles, freshState, installExtensions, packageExtension, repoRoot, startCodeServer, stopCodeServer, tail } from './lib/codeServer.mjs';
import { ALLOWED_IN_VSIX, REQUIRED_IN_VSIX, vsixEntries } from './lib/vsix.mjs';
import { timeouts, waitFor } from './lib/wait.mjs';
import {
  candorDiagnostics,
  cursorToLine,
  cursorToText,
  openQuickFixes,
  focusProblems,
  lineWith,
  normalise,
  openFile,
  openWorkbench,
  readProbe,
  runCommand,
  squiggleCount,
  summarise,
  typeOver,
  waitForProblems,
  waitForProbe,
} from './lib/workbench.mjs';

const OUTPUT = join(repoRoot, 'test-output', 'e2e');
const FIXTURE = join(repoRoot, 'test', 'e2e', 'fixture');
const REPLY = 'replies/unresolved-reply.hbs';
const UPDATE = 'updates/case-update.hbs';
const UNOPENED = 'replies/never-opened.hbs';
/** Opened only by the message preview scenario. */
const PARCEL = 'updates/parcel-update.hbs';
const CONFIG = '.candorrc.json';

const session = { failed: false, serverProblem: undefined, screenshots: 0 };
const timings = {};

async function screenshot(name) {
  if (!session.page) return;
  const file = join(OUTPUT, `${String(++session.screenshots).padStart(2, '0')}-${name}.png`);
  await session.page.screenshot({ path: file, timeout: 10_000 }).catch((error) => console.error(`screenshot ${file} failed: ${error.message}`));
}

/** A scenario: screenshot when done, a marked screenshot when it fails. */
function scenario(name, body, { needsServer = true } = {}) {
  test(name, { timeout: 4 * timeouts.step + timeouts.firstDiagnostics }, async () => {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    try {
      if (!session.page) throw new Error('the workbench did not open (see the set-up failure above)');
      if (needsServer && session.serverProblem) throw Object.assign(new Error(`not run: ${session.serverProblem}`), { notRun: true });
      await body();
      await screenshot(slug);
    } catch (error) {
      session.failed = true;
      if (!error.notRun) await screenshot(`${slug}-FAILED`);
      throw error;
    }
  });
}

const probe = () => readProbe(session.state.probeFile);

/** The first wait on the language server: fails once, clearly, and the later scenarios say why they did not run. */
async function serverFindings(file, rules) {
  if (session.serverProblem) throw new Error(session.serverProblem);
  try {
    return await waitForProbe(
      session.state.probeFile,
      (snapshot) => rules.every((rule) => candorDiagnostics(snapshot, file).some((d) => d.code === rule)),
      `Candor diagnostics ${rules.join(', ')} on ${file}`,
      session.sawDiagnostics ? timeouts.step : timeouts.firstDiagnostics,
    ).then((snapshot) => {
      session.sawDiagnostics = true;
      return snapshot;
    });
  } catch (error) {
    if (!session.sawDiagnostics && candorDiagnostics(probe()).length === 0) {
      const candorLogs = findFiles(join(session.state.userData, 'logs'), /^Candor\.log$/).map((log) => tail(log, 20)).join('\n').trim();
      session.serverProblem =
        `the Candor language server produced no diagnostics within ${timeouts.firstDiagnostics / 1000} s. ` +
        `Is dist/server.js the real server yet (not a placeholder)? The Candor output channel ${candorLogs ? `ends:\n${candorLogs}` : 'is empty (the server never answered, or never started)'}`;
      throw new Error(`${session.serverProblem}\n${error.message}`);
    }
    throw error;
  }
}

describe('Candor in VS Code (code-server in Chromium)', { timeout: 20 * 60_000 }, () => {
  before(async () => {
    rmSync(OUTPUT, { recursive: true, force: true });
    mkdirSync(OUTPUT, { recursive: true });
    let started = Date.now();
    session.paths = ensureSetup();
    timings.setup = session.paths.seconds;
    console.log(`# e2e: setup ready in ${timings.setup.toFixed(1)} s`);

    started = Date.now();
    if (!process.env.CANDOR_E2E_SKIP_BUILD) build();
    session.stateRoot = mkdtempSync(join(tmpdir(), 'candor-e2e-'));
    session.packageDir = mkdtempSync(join(tmpdir(), 'candor-e2e-vsix-'));
    process.on('exit', () => rmSync(session.packageDir, { recursive: true, force: true }));
    session.vsix = join(session.packageDir, 'candor.vsix');
    // CANDOR_E2E_EXTENSION_DIR packages another extension tree (a release candidate, or one with a stub server).
    const extensionDir = process.env.CANDOR_E2E_EXTENSION_DIR ?? repoRoot;
    session.packaging = packageExtension(session.vsix, { cwd: extensionDir, readmeLinks: true });
    session.probeVsix = join(session.packageDir, 'probe.vsix');
    packageExtension(session.probeVsix, { cwd: join(repoRoot, 'test', 'e2e', 'probe'), extraArgs: ['--skip-license', '--allow-missing-repository'] });
    timings.package = (Date.now() - started) / 1000;
    console.log(`# e2e: built and packaged in ${timings.package.toFixed(1)} s`);

    started = Date.now();
    session.state = freshState(session.stateRoot, FIXTURE);
    session.installOutput = installExtensions(session.paths, session.state, [session.vsix, session.probeVsix]);
    session.server = await startCodeServer(session.paths, session.state);
    const { context, page } = await openWorkbench(session.paths.CHROMIUM, session.state.browserProfile, session.server.url, session.state.workspace, session.state.home);
    session.context = context;
    session.page = page;
    timings.start = (Date.now() - started) / 1000;
    console.log(`# e2e: code-server ${session.server.url} and the workbench up in ${timings.start.toFixed(1)} s`);
    timings.scenariosStarted = Date.now();
  });

  after(async () => {
    if (timings.scenariosStarted) console.log(`# e2e: scenarios took ${((Date.now() - timings.scenariosStarted) / 1000).toFixed(1)} s`);
    await session.context?.close().catch(() => {});
    await stopCodeServer(session.server?.child);
    if (!session.state) return;
    if (session.failed) {
      cpSync(session.state.log, join(OUTPUT, 'code-server.log'), { force: true });
      cpSync(join(session.state.userData, 'logs'), join(OUTPUT, 'logs'), { recursive: true, force: true });
      const snapshot = probe();
      if (snapshot) writeFileSync(join(OUTPUT, 'probe.json'), JSON.stringify(snapshot, null, 1));
      console.log(`# e2e: code-server log, editor logs and the last probe snapshot are in ${OUTPUT}`);
    }
    if (process.env.CANDOR_E2E_KEEP) console.log(`# e2e: state kept in ${session.stateRoot}`);
    else rmSync(session.stateRoot, { recursive: true, force: true });
  });

  test('the .vsix holds only the bundles, manifest, docs, icon, grammar, snippets and schemas', () => {
    const names = vsixEntries(session.vsix).map((entry) => entry.name);
    const unexpected = names.filter((name) => !ALLOWED_IN_VSIX.some((pattern) => pattern.test(name)));
    assert.deepEqual(unexpected, [], `unexpected files in the .vsix:\n${unexpected.join('\n')}`);
    for (const required of REQUIRED_IN_VSIX) assert.ok(names.some((name) => name.toLowerCase() === required.toLowerCase()), `${required} is missing from the .vsix`);
  });

  test('vsce packages the extension without warnings', () => {
    assert.deepEqual(session.packaging.warnings, [], `vsce warned:\n${session.packaging.warnings.join('\n')}`);
  });

  test('the .vsix installs into a clean code-server without warnings', () => {
    const output = session.installOutput;
    assert.match(output, /Extension 'candor\.vsix' was successfully installed/);
    const warnings = output.split('\n').filter((line) => /warn|error|fail/i.test(line));
    assert.deepEqual(warnings, [], `code-server --install-extension printed:\n${output}`);
  });

  scenario(
    'the workbench opens the fixture template repository',
    async () => {
      const { page } = session;
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'replies' }).first().waitFor({ state: 'visible', timeout: timeouts.step });
      await waitForProbe(session.state.probeFile, (snapshot) => snapshot.candor, 'the probe extension to report the Candor extension as installed');
    },
    { needsServer: false },
  );

  scenario('Problems lists findings for templates that are not open (workspace lint)', async () => {
    const { page } = session;
    await serverFindings(UNOPENED, ['shifts-blame']);
    const snapshot = probe();
    assert.ok(!snapshot.documents[UNOPENED], `${UNOPENED} should not be open`);
    await focusProblems(page);
    await waitForProblems(page, (rows) => rows.some((row) => row.includes('never-opened.hbs')) && rows.some((row) => row.includes('shifts-blame')), `a row for ${UNOPENED} with shifts-blame`);
  });

  scenario('squiggles and Problems rows show the findings with their rule ids', async () => {
    const { page } = session;
    await openFile(page, REPLY, 'Dear Customer,');
    await serverFindings(REPLY, ['generic-greeting', 'vague-timeline', 'missing-next-update']);
    const expected = candorDiagnostics(probe(), REPLY).length;
    await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: timeouts.step });
    assert.ok((await squiggleCount(page)) >= Math.min(expected, 2), `expected squiggles for ${expected} findings, saw ${await squiggleCount(page)}`);
    await waitForProblems(page, (rows) => ['generic-greeting', 'vague-timeline', 'missing-next-update'].every((rule) => rows.some((row) => row.includes(rule))), 'rows naming generic-greeting, vague-timeline and missing-next-update');
  });

  scenario('hovering a finding shows its explanation', async () => {
    const { page } = session;
    const line = lineWith(page, 'Dear Customer,');
    const box = await line.boundingBox();
    await page.mouse.move(box.x + 30, box.y + box.height / 2);
    // VS Code shows the marker part of the hover first and adds the server's hover when it arrives: wait for both.
    const hover = page.locator('.monaco-hover:visible', { hasText: 'generic-greeting' }).filter({ hasText: 'mail merge' }).first();
    await hover.waitFor({ state: 'visible', timeout: timeouts.step });
    const text = normalise(await hover.textContent());
    assert.match(text, /greets a category/, 'the hover shows the finding');
    assert.match(text, /mail merge/, "the hover shows the rule's explanation (why)");
    await screenshot('hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  scenario('the quick-fix menu offers the fix and "Disable … for this line"; the fix changes the text and clears the finding', async () => {
    const { page } = session;
    const rows = await openQuickFixes(page, 'Dear Customer,', 'Customer');
    const titles = (await rows.allTextContents()).map(normalise);
    const fixTitle = 'Replace “Dear Customer” with “Hi {{customer.firstName}}”';
    assert.ok(titles.some((title) => title.includes(fixTitle)), `menu offers "${fixTitle}"; it shows:\n${titles.join('\n')}`);
    assert.ok(titles.some((title) => title.includes('Disable generic-greeting for this line')), `menu offers "Disable generic-greeting for this line"; it shows:\n${titles.join('\n')}`);
    await screenshot('quick-fix-menu');
    await rows.filter({ hasText: fixTitle }).first().click();
    await lineWith(page, 'Hi {{customer.firstName}},').waitFor({ state: 'visible', timeout: timeouts.step });
    const snapshot = await waitForProbe(session.state.probeFile, (s) => !candorDiagnostics(s, REPLY).some((d) => d.code === 'generic-greeting'), `generic-greeting to clear from ${REPLY}`);
    assert.ok(candorDiagnostics(snapshot, REPLY).some((d) => d.code === 'vague-timeline'), 'the other findings stay');
    assert.match(snapshot.documents[REPLY].text, /^---\ncase: unresolved\n---\nHi \{\{customer\.firstName\}\},\n/);
    await waitForProblems(page, (rows) => !rows.some((row) => row.includes('generic-greeting')) && rows.some((row) => row.includes('vague-timeline')), 'no generic-greeting row, the vague-timeline row still there');
  });

  scenario('editing the {{#if case.resolved}} condition moves the sign-off finding in and out', async () => {
    const { page } = session;
    await openFile(page, UPDATE, '{{#if case.resolved}}');
    await waitForProbe(session.state.probeFile, (s) => s.documents[UPDATE], `${UPDATE} to be open`);
    assert.deepEqual(candorDiagnostics(probe(), UPDATE).filter((d) => d.code === 'cheerful-sign-off'), [], 'no sign-off finding while the signature sits in the resolved branch');

    // {{#if case.resolved}} → {{#unless case.resolved}}: the signature now goes out while the case is open.
    await cursorToText(page, '{{#if case.resolved}}', 'if');
    await typeOver(page, 2, 'unless');
    await cursorToText(page, '{{/if}}', 'if');
    await typeOver(page, 2, 'unless');
    await waitForProbe(session.state.probeFile, (s) => s.documents[UPDATE]?.text.includes('{{#unless case.resolved}}') && s.documents[UPDATE].text.includes('{{/unless}}'), 'the edited condition in the document');
    const withFinding = await waitForProbe(session.state.probeFile, (s) => candorDiagnostics(s, UPDATE).some((d) => d.code === 'cheerful-sign-off'), `cheerful-sign-off on ${UPDATE}`);
    const signOff = candorDiagnostics(withFinding, UPDATE).find((d) => d.code === 'cheerful-sign-off');
    assert.equal(signOff.range[0], 4, 'the finding sits on the {{> signature}} call (line 5)');
    await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: timeouts.step });
    await waitForProblems(page, (rows) => rows.some((row) => row.includes('cheerful-sign-off')), 'a cheerful-sign-off row');
    await screenshot('sign-off-in');

    await cursorToText(page, '{{#unless case.resolved}}', 'unless');
    await typeOver(page, 6, 'if');
    await cursorToText(page, '{{/unless}}', 'unless');
    await typeOver(page, 6, 'if');
    await waitForProbe(session.state.probeFile, (s) => !candorDiagnostics(s, UPDATE).some((d) => d.code === 'cheerful-sign-off'), `cheerful-sign-off to leave ${UPDATE}`);
    await waitForProblems(page, (rows) => !rows.some((row) => row.includes('cheerful-sign-off')) && rows.some((row) => row.includes('shifts-blame')), 'no cheerful-sign-off row, the shifts-blame row still there');
  });

  scenario('completion after {{customer. offers the fields of the sample data', async () => {
    const { page } = session;
    const before = probe().documents[UPDATE].text;
    await cursorToLine(page, 'Hi {{customer.firstName}},');
    await page.keyboard.press('End');
    await page.keyboard.type(' {{customer.');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.filter({ hasText: 'firstName' }).first().waitFor({ state: 'visible', timeout: timeouts.step });
    const labels = (await rows.allTextContents()).map(normalise).join('\n');
    for (const field of ['firstName', 'lastName', 'email']) assert.match(labels, new RegExp(field), `completion offers ${field}; it shows:\n${labels}`);
    await screenshot('completion');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 10 && probe().documents[UPDATE].text !== before; i++) {
      await page.keyboard.press('Control+Z');
      await waitForProbe(session.state.probeFile, (s) => s.sequence > 0, 'probe', 2_000).catch(() => {});
    }
  });

  scenario('the message preview shows one message per case state, follows typing, switches state, and a click selects the finding', async () => {
    const { page } = session;
    await openFile(page, PARCEL, '{{#if case.resolved}}');
    const before = (await waitForProbe(session.state.probeFile, (s) => s.documents[PARCEL], `${PARCEL} to be open`)).documents[PARCEL].text;
    await runCommand(page, 'Candor: Preview message');
    // Webviews sit two iframes deep: the workbench's host frame, then the page's own.
    const view = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
    const labels = async () => (await view.locator('.message .label').allTextContents()).map(normalise);
    await waitFor(async () => (await labels()).join(' | ') === 'Resolved | Unresolved', { what: 'the preview to show the Resolved and Unresolved messages', describe: async () => `labels now: ${(await labels()).join(' | ')}` });
    const resolved = view.locator('.message').filter({ has: view.locator('.label', { hasText: /^Resolved$/ }) });
    assert.match(normalise(await resolved.locator('.text').textContent()), /Have a great day!\nThe Acme support team/, 'the resolved message renders the signature partial');
    assert.match(normalise(await resolved.locator('.text').textContent()), /^Hi Ada,/, 'the sample data fills the variables');
    await screenshot('preview-opened');

    // A blame phrase typed into the open branch shows up highlighted without reopening the preview.
    await cursorToLine(page, 'We are still tracking your parcel');
    const typed = 'The delay is due to circumstances beyond our control. ';
    await page.keyboard.type(typed);
    await page.keyboard.press('Escape');
    const unresolved = view.locator('.message').filter({ has: view.locator('.label', { hasText: /^Unresolved$/ }) });
    const highlight = unresolved.locator('.hl', { hasText: 'due to circumstances beyond our control' }).first();
    await highlight.waitFor({ state: 'visible', timeout: timeouts.step });
    assert.equal(await highlight.getAttribute('data-rule'), 'shifts-blame');
    assert.match(await highlight.getAttribute('class'), /sev-warning/, 'coloured by severity');
    assert.match(normalise(await unresolved.locator('.facts').textContent()), /1 warning · gives a next update/, 'the header counts the findings and says whether the message gives a next update');
    await highlight.hover();
    const tooltip = view.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: timeouts.step });
    assert.match(normalise(await tooltip.textContent()), /shifts-blame.*points at someone else/s, 'hovering shows the finding and why');
    await screenshot('preview-highlight-hover');

    await view.locator('button[data-filter="unresolved"]').click();
    await waitFor(async () => (await labels()).join(' | ') === 'Unresolved', { what: 'only the Unresolved message after switching the case state', describe: async () => `labels now: ${(await labels()).join(' | ')}` });

    await highlight.click();
    const revealed = await waitForProbe(
      session.state.probeFile,
      (s) => {
        const finding = candorDiagnostics(s, PARCEL).find((d) => d.code === 'shifts-blame');
        return finding && s.activeEditor?.file === PARCEL && s.activeEditor.selection.join(',') === finding.range.join(',');
      },
      'the template editor to select the shifts-blame finding after clicking its highlight',
    );
    assert.ok(revealed.activeEditor, 'the template editor is active again');
    await screenshot('preview-revealed');

    // Take the phrase out again (undo steps are word by word, so delete it). The reveal left the editor focused on
    // that line, scrolled sideways: move with the keyboard, as a click at the line's left edge would miss the editor.
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    for (let i = 0; i < typed.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Backspace');
    await waitForProbe(session.state.probeFile, (s) => s.documents[PARCEL]?.text === before, 'the typed phrase to be removed');
  });

  scenario('turning a rule off in .candorrc.json clears its findings without reloading the window', async () => {
    const { page } = session;
    const extensionHost = probe().extensionHostPid;
    assert.ok(candorDiagnostics(probe(), REPLY).some((d) => d.code === 'vague-timeline'), 'vague-timeline is reported before the change');
    await openFile(page, CONFIG, '"rules": {');
    await cursorToLine(page, '"rules": {');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"vague-timeline": "off",');
    await page.keyboard.press('Escape');
    const edited = await waitForProbe(session.state.probeFile, (s) => s.documents[CONFIG]?.text.includes('"vague-timeline": "off",'), 'the edited configuration');
    assert.doesNotMatch(edited.documents[CONFIG].text, /"off",?"|""/, `the typed line came out as typed:\n${edited.documents[CONFIG].text}`);
    await page.keyboard.press('Control+S');
    await waitForProbe(session.state.probeFile, (s) => s.documents[CONFIG] && !s.documents[CONFIG].isDirty, 'the configuration to be saved');
    const after = await waitForProbe(session.state.probeFile, (s) => !candorDiagnostics(s).some((d) => d.code === 'vague-timeline'), 'vague-timeline findings to clear');
    assert.ok(candorDiagnostics(after, REPLY).some((d) => d.code === 'missing-next-update'), 'other rules still report');
    assert.ok(candorDiagnostics(after, UNOPENED).some((d) => d.code === 'shifts-blame'), 'unopened templates still report');
    await waitForProblems(page, (rows) => !rows.some((row) => row.includes('vague-timeline')) && rows.some((row) => row.includes('missing-next-update')), 'no vague-timeline row, the missing-next-update row still there');
    assert.equal(await page.evaluate(() => window.__candorE2eMarker), 'not reloaded', 'the window was not reloaded');
    assert.equal(after.extensionHostPid, extensionHost, 'the extension host was not restarted');
  });

  test("the editor's logs hold no warnings or errors from Candor", () => {
    const logs = findFiles(join(session.state.userData, 'logs'), /\.log$/);
    const complaints = logs.flatMap((log) => {
      const own = /(^|\/)Candor\.log$/.test(log);
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => /\[(warning|error)\]/.test(line) && (own || /candor\.candor|\bCandor\b/.test(line)))
        .map((line) => `${log.slice(session.state.userData.length + 1)}: ${line}`);
    });
    assert.deepEqual(complaints, [], complaints.join('\n'));
  });
});

// The desktop tier's API scenarios, run by the probe in code-server's extension host: proves that suite here,
// where no desktop VS Code exists, on a second fresh session so the UI steps above cannot disturb it.
describe('the desktop scenarios through the API, in code-server', { timeout: 10 * 60_000 }, () => {
  const api = {};
  before(async () => {
    if (!session.paths || !session.vsix) throw new Error('the set-up above failed');
    if (session.serverProblem) {
      api.outcome = [{ name: 'API scenarios', ok: false, error: `not run: ${session.serverProblem}` }];
      return;
    }
    api.root = mkdtempSync(join(tmpdir(), 'candor-e2e-api-'));
    api.state = freshState(api.root, FIXTURE);
    api.results = join(api.root, 'api-results.json');
    installExtensions(session.paths, api.state, [session.vsix, session.probeVsix]);
    api.server = await startCodeServer(session.paths, api.state, {
      CANDOR_E2E_API_SCENARIOS: join(repoRoot, 'test', 'e2e', 'desktop', 'scenarios.cjs'),
      CANDOR_E2E_API_RESULTS: api.results,
    });
    const { context, page } = await openWorkbench(session.paths.CHROMIUM, api.state.browserProfile, api.server.url, api.state.workspace, api.state.home);
    api.context = context;
    api.page = page;
    const scale = Number(process.env.CANDOR_E2E_TIMEOUT_SCALE ?? 1) || 1;
    api.outcome = await waitFor(() => existsSync(api.results) && JSON.parse(readFileSync(api.results, 'utf8')), {
      timeout: (120_000 + 7 * 20_000) * scale,
      what: 'the API scenarios to finish in the extension host',
      describe: () => summarise(readProbe(api.state.probeFile)),
    }).catch((error) => [{ name: 'API scenarios', ok: false, error: error.message }]);
  });

  after(async () => {
    const failed = !api.outcome || api.outcome.some((result) => !result.ok);
    if (failed && api.page) await api.page.screenshot({ path: join(OUTPUT, 'api-scenarios-FAILED.png') }).catch(() => {});
    await api.context?.close().catch(() => {});
    await stopCodeServer(api.server?.child);
    if (failed && api.state) {
      mkdirSync(OUTPUT, { recursive: true });
      cpSync(api.state.log, join(OUTPUT, 'code-server-api.log'), { force: true });
      cpSync(join(api.state.userData, 'logs'), join(OUTPUT, 'logs-api'), { recursive: true, force: true });
    }
    if (api.root && !process.env.CANDOR_E2E_KEEP) rmSync(api.root, { recursive: true, force: true });
  });

  test('every API scenario passes', () => {
    const failures = api.outcome.filter((result) => !result.ok);
    for (const result of api.outcome) console.log(`# ${result.ok ? 'ok' : 'not ok'} - ${result.name}${result.ms !== undefined ? ` (${result.ms} ms)` : ''}`);
    assert.deepEqual(failures.map((f) => f.name), [], failures.map((f) => `${f.name}:\n${f.error}`).join('\n\n'));
    assert.ok(api.outcome.length >= 7, `all scenarios ran (${api.outcome.length} results)`);
  });

  // Issue 8's first-run experience (client/src/firstRun.ts). Required; CANDOR_E2E_FIRST_RUN=todo reports them without
  // failing the run, for an extension tree (CANDOR_E2E_EXTENSION_DIR) that predates the feature.
  const FIRST_RUN_TODO = process.env.CANDOR_E2E_FIRST_RUN === 'todo' ? 'first-run checks reported only (CANDOR_E2E_FIRST_RUN=todo)' : false;

  /** Opens `fixture` (copied fresh) in a new window of the same code-server; the old window closes unasked. */
  async function openWindow(fixture) {
    const folder = mkdtempSync(join(api.root, 'window-'));
    cpSync(fixture, folder, { recursive: true });
    await api.page?.close().catch(() => {});
    api.page = await api.context.newPage();
    await api.page.setViewportSize({ width: 1600, height: 1000 });
    await api.page.goto(`${api.server.url}/?folder=${encodeURIComponent(folder)}`, { timeout: timeouts.startup });
    await api.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeouts.startup });
    return folder;
  }

  test('first run: templates without .candorrc.json get a one-time offer to create one', { todo: FIRST_RUN_TODO, timeout: 3 * timeouts.startup }, async () => {
    if (!api.server) throw new Error('the session did not start');
    const folder = await openWindow(join(repoRoot, 'test', 'e2e', 'fixture-first-run'));
    const toast = api.page.locator('.notifications-toasts .notification-toast', { hasText: '.candorrc.json' }).first();
    await toast.waitFor({ state: 'visible', timeout: timeouts.step }).catch(() => {
      throw new Error(`no notification mentioning .candorrc.json within ${timeouts.step / 1000} s of the window opening on a template folder without a config`);
    });
    await api.page.screenshot({ path: join(OUTPUT, 'first-run-offer.png') });
    await toast.locator('.monaco-button', { hasText: /create/i }).first().click();
    const config = await waitFor(() => existsSync(join(folder, '.candorrc.json')) && readFileSync(join(folder, '.candorrc.json'), 'utf8'), { what: '.candorrc.json to be created' });
    assert.match(config, /partials\//, 'the detected partials folder is in the new config');
    assert.match(config, /ticket\.solved/, 'the caseState guess comes from the templates\' {{#if}} conditions');
  });

  test('first run: a workspace without templates sees nothing from Candor', { todo: FIRST_RUN_TODO, timeout: 3 * timeouts.startup }, async () => {
    if (!api.server) throw new Error('the session did not start');
    rmSync(api.state.probeFile, { force: true });
    const folder = await openWindow(join(repoRoot, 'test', 'e2e', 'fixture-no-templates'));
    // The probe activates once start-up has finished: by then Candor would have spoken. Earlier windows' extension
    // hosts outlive their pages and write the same probe file, so only this window's snapshot counts.
    const snapshot = await waitForProbe(api.state.probeFile, (s) => s.candor && s.workspaceFolders?.some((path) => basename(path) === basename(folder)), 'the probe to report after start-up in the new window', timeouts.startup);
    assert.equal(snapshot.candor.isActive, false, 'Candor is not activated');
    const toasts = (await api.page.locator('.notifications-toasts .notification-toast').allTextContents()).filter((text) => /candor/i.test(text));
    assert.deepEqual(toasts, [], 'no Candor notification');
    assert.equal(await api.page.locator('.statusbar-item', { hasText: 'Candor' }).count(), 0, 'no Candor status bar item');
  });
});

await import('./desktop/run.mjs');

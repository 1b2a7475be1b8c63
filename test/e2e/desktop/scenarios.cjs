// The editor scenarios through the VS Code API, for the desktop tier (@vscode/test-electron) and the probe.
// Each scenario gets the `vscode` module and throws on failure; they run in order on a fresh fixture copy.
const assert = require('node:assert/strict');

const REPLY = 'replies/unresolved-reply.hbs';
const UPDATE = 'updates/case-update.hbs';
const UNOPENED = 'replies/never-opened.hbs';
const CONFIG = '.candorrc.json';
const STEP_TIMEOUT = 20_000 * (Number(process.env.CANDOR_E2E_TIMEOUT_SCALE ?? 1) || 1);

function uriOf(vscode, relative) {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, relative);
}

function findings(vscode, relative) {
  return vscode.languages.getDiagnostics(uriOf(vscode, relative)).filter((d) => d.source === 'candor');
}

function ruleOf(diagnostic) {
  return typeof diagnostic.code === 'object' && diagnostic.code ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** Waits, bounded, until `predicate()` holds; rechecks whenever diagnostics change and every 100 ms. */
function until(vscode, predicate, what, timeout = STEP_TIMEOUT) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error, value) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      listener.dispose();
      error ? reject(error) : resolve(value);
    };
    const check = () => {
      try {
        const value = predicate();
        if (value) finish(undefined, value);
      } catch (error) {
        finish(error);
      }
    };
    const listener = vscode.languages.onDidChangeDiagnostics(check);
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => finish(new Error(`Timed out after ${timeout / 1000} s waiting for ${what}`)), timeout);
    check();
  });
}

const hasRule = (vscode, file, rule) => findings(vscode, file).some((d) => ruleOf(d) === rule);

async function open(vscode, relative) {
  const document = await vscode.workspace.openTextDocument(uriOf(vscode, relative));
  await vscode.window.showTextDocument(document);
  return document;
}

async function replaceAll(vscode, document, search, replacement) {
  const text = document.getText();
  const edit = new vscode.WorkspaceEdit();
  let index = text.indexOf(search);
  assert.ok(index >= 0, `${search} is in ${document.uri.path}`);
  while (index >= 0) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(index), document.positionAt(index + search.length)), replacement);
    index = text.indexOf(search, index + search.length);
  }
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const scenarios = [
  {
    name: 'workspace lint reports templates that are not open',
    async run(vscode) {
      await until(vscode, () => hasRule(vscode, UNOPENED, 'shifts-blame'), `shifts-blame on ${UNOPENED}`, 3 * STEP_TIMEOUT);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith(UNOPENED)), `${UNOPENED} is not open`);
    },
  },
  {
    name: 'diagnostics carry the rule ids',
    async run(vscode) {
      await open(vscode, REPLY);
      await until(vscode, () => ['generic-greeting', 'vague-timeline', 'missing-next-update'].every((rule) => hasRule(vscode, REPLY, rule)), `the findings on ${REPLY}`);
    },
  },
  {
    name: 'hover explains the finding',
    async run(vscode) {
      const greeting = findings(vscode, REPLY).find((d) => ruleOf(d) === 'generic-greeting');
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uriOf(vscode, REPLY), greeting.range.start.translate(0, 2));
      const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      assert.match(text, /generic-greeting/);
      assert.match(text, /mail merge/);
    },
  },
  {
    name: 'quick fixes offer the fix and "Disable … for this line"; the fix clears the finding',
    async run(vscode) {
      const uri = uriOf(vscode, REPLY);
      const greeting = findings(vscode, REPLY).find((d) => ruleOf(d) === 'generic-greeting');
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, greeting.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((action) => action.title);
      const fix = actions.find((action) => action.title === 'Replace “Dear Customer” with “Hi {{customer.firstName}}”');
      assert.ok(fix, `the fix is offered among: ${titles.join(' | ')}`);
      assert.ok(titles.includes('Disable generic-greeting for this line'), `"Disable generic-greeting for this line" is offered among: ${titles.join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.getText(), /\nHi \{\{customer\.firstName\}\},\n/);
      await until(vscode, () => !hasRule(vscode, REPLY, 'generic-greeting') && hasRule(vscode, REPLY, 'vague-timeline'), 'generic-greeting to clear');
    },
  },
  {
    name: 'editing {{#if case.resolved}} moves the sign-off finding in and out',
    async run(vscode) {
      const document = await open(vscode, UPDATE);
      assert.ok(!hasRule(vscode, UPDATE, 'cheerful-sign-off'), 'no sign-off finding in the resolved branch');
      await replaceAll(vscode, document, '{{#if case.resolved}}', '{{#unless case.resolved}}');
      await replaceAll(vscode, document, '{{/if}}', '{{/unless}}');
      await until(vscode, () => hasRule(vscode, UPDATE, 'cheerful-sign-off'), 'cheerful-sign-off to appear');
      await replaceAll(vscode, document, '{{#unless case.resolved}}', '{{#if case.resolved}}');
      await replaceAll(vscode, document, '{{/unless}}', '{{/if}}');
      await until(vscode, () => !hasRule(vscode, UPDATE, 'cheerful-sign-off'), 'cheerful-sign-off to leave');
    },
  },
  {
    name: 'completion after {{customer. offers the sample-data fields',
    async run(vscode) {
      const document = await open(vscode, UPDATE);
      const end = document.lineAt(0).range.end;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, end, ' {{customer.}}');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const position = end.translate(0, ' {{customer.'.length);
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, position, '.');
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      for (const field of ['firstName', 'lastName', 'email']) assert.ok(labels.includes(field), `${field} is offered among: ${labels.join(', ')}`);
      const undo = new vscode.WorkspaceEdit();
      undo.delete(document.uri, new vscode.Range(end, position.translate(0, 2)));
      assert.ok(await vscode.workspace.applyEdit(undo));
    },
  },
  {
    name: 'turning a rule off in .candorrc.json clears its findings',
    async run(vscode) {
      assert.ok(hasRule(vscode, REPLY, 'vague-timeline'));
      const document = await open(vscode, CONFIG);
      await replaceAll(vscode, document, '"rules": {', '"rules": {\n    "vague-timeline": "off",');
      assert.ok(await document.save(), 'the configuration was saved');
      await until(vscode, () => !hasRule(vscode, REPLY, 'vague-timeline'), 'vague-timeline to clear');
      assert.ok(hasRule(vscode, REPLY, 'missing-next-update'), 'other rules still report');
      assert.ok(hasRule(vscode, UNOPENED, 'shifts-blame'), 'unopened templates still report');
    },
  },
];

/**
 * Runs the scenarios in order and returns one result per scenario. When the first finds no Candor
 * diagnostics at all, the server is not working and the rest fail at once with that reason.
 */
async function runScenarios(vscode) {
  const results = [];
  let serverProblem;
  for (const scenario of scenarios) {
    const started = Date.now();
    if (serverProblem) {
      results.push({ name: scenario.name, ok: false, ms: 0, error: `not run: ${serverProblem}` });
      continue;
    }
    try {
      await scenario.run(vscode);
      results.push({ name: scenario.name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name: scenario.name, ok: false, ms: Date.now() - started, error: error && error.stack ? error.stack : String(error) });
      const anyFindings = vscode.languages.getDiagnostics().some(([, diagnostics]) => diagnostics.some((d) => d.source === 'candor'));
      if (!anyFindings) serverProblem = 'the Candor language server produced no diagnostics (is dist/server.js the real server?)';
    }
  }
  return results;
}

module.exports = { scenarios, runScenarios };

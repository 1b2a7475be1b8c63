// Entry point @vscode/test-electron loads inside desktop VS Code: runs the API scenarios in order.
const { runScenarios } = require('./scenarios.cjs');

async function run() {
  const results = await runScenarios(require('vscode'));
  for (const result of results) console.log(`${result.ok ? 'ok' : 'not ok'} - ${result.name} (${result.ms} ms)${result.ok ? '' : `\n${result.error}`}`);
  const failures = results.filter((result) => !result.ok);
  if (failures.length) throw new Error(`${failures.length} desktop scenario(s) failed: ${failures.map((f) => f.name).join('; ')}`);
}

module.exports = { run };

// Measures Candor's precision and recall on the labelled dev corpus in ../shared/eval-dev (run from the repo root).
// Usage: node scripts/eval.mjs [--keep] [--details]
//   --keep     keep the temporary folder (materialized templates and findings) and print its path
//   --details  also list, per message, the false positives and false negatives
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(repoRoot, '..', 'shared', 'eval-dev');
const args = new Set(process.argv.slice(2));

if (!existsSync(join(evalDir, 'score.mjs'))) {
  console.error(`No dev corpus at ${evalDir}; nothing to evaluate.`);
  process.exit(2);
}

function run(command, commandArgs, allowed = [0]) {
  const result = spawnSync(process.execPath, [command, ...commandArgs], { cwd: repoRoot, encoding: 'utf8' });
  if (!allowed.includes(result.status ?? -1)) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`\n${command} exited with ${result.status}`);
    process.exit(2);
  }
  return result.stdout;
}

// The CLI bundle must be current, or the score describes old rules.
run('scripts/build.mjs', []);

const workDir = mkdtempSync(join(tmpdir(), 'candor-eval-'));
const templates = join(workDir, 'dev');
const findings = join(workDir, 'dev.json');
const labels = join(evalDir, 'labels.jsonl');
run(join(evalDir, 'materialize.mjs'), [join(evalDir, 'messages.jsonl'), labels, templates]);
// candor exits 1 when it finds anything, which is the point here.
run('bin/candor.js', ['check', templates, '--format', 'json', '--output-file', findings], [0, 1]);
process.stdout.write(run(join(evalDir, 'score.mjs'), [labels, findings]));

if (args.has('--details')) {
  const expected = new Map(readFileSync(labels, 'utf8').trim().split('\n').map((line) => {
    const label = JSON.parse(line);
    return [label.id, label];
  }));
  const scored = new Set(readFileSync(join(evalDir, 'score.mjs'), 'utf8').match(/const RULES = \[([^\]]*)\]/)[1].match(/[a-z-]+/g));
  const got = new Map();
  for (const file of JSON.parse(readFileSync(findings, 'utf8'))) {
    const id = file.filePath.replace(/\\/g, '/').match(/([^/]+\/\d{3})\.hbs$/)?.[1];
    if (id) got.set(id, file.messages.filter((m) => scored.has(m.ruleId)));
  }
  console.log('\nmessage                        case        false positives / false negatives');
  for (const [id, label] of expected) {
    const messages = got.get(id) ?? [];
    const fired = new Set(messages.map((m) => m.ruleId));
    const fp = [...fired].filter((r) => !label.rules.includes(r));
    const fn = label.rules.filter((r) => !fired.has(r));
    if (!fp.length && !fn.length) continue;
    const fpText = fp.map((r) => `${r} (${messages.filter((m) => m.ruleId === r).map((m) => JSON.stringify(m.excerpt ?? m.message.slice(0, 50))).join(', ')})`);
    console.log(`${id.padEnd(31)}${label.case.padEnd(12)}+ ${fpText.join('; ') || '-'}  |  - ${fn.join(', ') || '-'}`);
  }
}

if (args.has('--keep')) console.log(`\nkept ${workDir}`);
else rmSync(workDir, { recursive: true, force: true });

// The benchmark's floors and peer, each run as its own process over a corpus manifest's files:
// `read` (read every file), `parse` (read + Handlebars.parse every file), `write-good` (read + strip to prose + write-good).
// Usage: node bench/floors.mjs <read|parse|write-good> <manifest.json>. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));

const FRONT_MATTER = /^(?:\uFEFF)?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Same offsets as the text, front matter blanked (newlines kept), as Candor feeds Handlebars. */
function blankFrontMatter(text) {
  const m = FRONT_MATTER.exec(text);
  return m ? m[0].replace(/[^\r\n]/g, ' ') + text.slice(m[0].length) : text;
}

/**
 * The prose a reader would see, for tools that only read plain text: front matter, Handlebars comments and block
 * tags (`{{#…}}`, `{{/…}}`, `{{else}}`, `{{> …}}`) and HTML tags removed; every other mustache becomes the word "Name"
 * so sentences stay sentences. Both branches of an if/else stay in (write-good sees every word Candor sees).
 */
function stripToProse(text) {
  return text
    .replace(FRONT_MATTER, '')
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '')
    .replace(/\{\{~?\s*(?:[#^/>]|else\b)[\s\S]*?\}\}/g, '')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, 'Name')
    .replace(/<[^>]+>/g, ' ');
}

const [mode, manifestPath] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const files = manifest.allFiles;
const cpuBefore = process.cpuUsage();
const started = performance.now();
let bytes = 0;
let findings = 0;
let failures = 0;
if (mode === 'read') {
  for (const file of files) bytes += readFileSync(file, 'utf8').length;
} else if (mode === 'parse') {
  const Handlebars = require('handlebars');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    try {
      Handlebars.parse(blankFrontMatter(text));
    } catch {
      failures++;
    }
  }
} else if (mode === 'write-good') {
  const writeGood = require('write-good');
  for (const file of files) {
    const text = stripToProse(readFileSync(file, 'utf8'));
    bytes += text.length;
    findings += writeGood(text).length;
  }
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ mode, files: files.length, chars: bytes, findings, failures, inProcessMs: performance.now() - started, inProcessCpuMs: (cpu.user + cpu.system) / 1000 }));

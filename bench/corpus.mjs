// Generates the benchmark's template repository: deterministic (seeded PRNG), cached in the temp folder by size and version.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 3;
const MANIFEST = 'bench-manifest.json';

/** mulberry32: small, fast and the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random choices over one PRNG stream. */
function chooser(seed) {
  const next = prng(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, chance, int };
}

// Word lists. "Good" sentences are what a careful support writer sends; "bad" ones carry the phrasing Candor
// exists to catch (boilerplate, blame, vague timelines, flippancy, chiding, unkeepable promises, cheer on open cases).
const TOPICS = [
  { folder: 'billing', things: ['invoice', 'refund', 'charge', 'subscription', 'payment'], vars: ['invoice.number', 'refund.amount', 'order.total'] },
  { folder: 'shipping', things: ['parcel', 'order', 'delivery', 'return label', 'replacement'], vars: ['order.number', 'order.carrier', 'order.trackingUrl'] },
  { folder: 'account', things: ['password reset', 'sign-in', 'two-factor code', 'email change', 'account'], vars: ['customer.email', 'account.id', 'account.plan'] },
  { folder: 'outages', things: ['outage', 'sync problem', 'checkout error', 'slow dashboard', 'failed export'], vars: ['incident.startedAt', 'incident.statusUrl', 'incident.region'] },
  { folder: 'general', things: ['question', 'feature request', 'feedback', 'complaint', 'request'], vars: ['ticket.id', 'ticket.subject', 'agent.team'] },
];

const GOOD = [
  'I have checked {thing} {var} and can see exactly what happened.',
  'I will write to you again by {{next_update_time}} with what we have found.',
  'You do not need to do anything else for now.',
  'I have asked our {team} team to look at {thing} {var} today.',
  'If anything changes before then, reply to this email and it comes straight to me.',
  'Here is what I have done so far: I cancelled the duplicate {thing} and flagged your account.',
  'The {thing} reaches your account within 5 business days, usually sooner.',
  'You were right to contact us about this {thing}.',
  'We made a mistake with your {thing}, and I have corrected it.',
  'Your {thing} is now fixed, and I have checked it twice.',
  'I can see the {thing} was sent on {{order.shippedAt}} and has not moved since.',
  'Our engineers found the cause: a change we released this morning.',
  'You can follow progress on our status page at {{incident.statusUrl}}.',
  'I have added a note so that nobody asks you for these details again.',
  'The new {thing} will arrive by {{eta}}.',
  'We rolled the change back at {{incident.fixedAt}}, and everything has worked since.',
];

const BAD = [
  'We apologize for any inconvenience this may have caused.',
  'Thank you for your patience and understanding.',
  'This was due to circumstances beyond our control.',
  'Our team is looking into it and we will get back to you shortly.',
  'Oops! Looks like something went wrong with your {thing}.',
  'As stated in our terms, you should have read the instructions.',
  'Unfortunately the courier lost your {thing}, which is not our fault.',
  'Rest assured this will never happen again.',
  'We will resolve this in due course.',
  'Please be advised that your {thing} is being processed.',
  'We are sorry if you feel upset about the {thing}.',
  'Your {thing} will be sorted in a few days.',
  'It is what it is, but we are working on it.',
  'Have a great day!',
  'Thanks for reaching out!',
  'Please do not hesitate to contact us should you have any further questions.',
  'Your call is important to us.',
  'You failed to enter the correct details.',
  'We guarantee a 100% fix by tomorrow.',
  'Stay tuned for updates.',
];

const RESOLVED = [
  'Everything is back to normal now, and your {thing} has gone through.',
  'Your {thing} is sorted, and I have closed the ticket.',
  'Good news: the {thing} has been refunded in full.',
  'Have a great day!',
  'Thanks again for letting us know.',
];

const UNRESOLVED = [
  'We have not fixed the {thing} yet; I will update you by {{next_update_time}}.',
  'Your {thing} is still delayed, and I am chasing it with the carrier today.',
  'The problem is still open, and our engineers are working on it now.',
  'We will get back to you soon.',
  'Have a wonderful weekend!',
];

const TEAMS = ['billing', 'payments', 'warehouse', 'engineering', 'logistics', 'security'];
const ITEM_FIELDS = ['name', 'quantity', 'sku', 'price'];
const REASONS = ['the carrier is named on purpose', 'legal asked for this wording', 'quoted from the customer', 'approved by the support lead'];
const RULE_IDS = ['vague-timeline', 'impersonal-boilerplate', 'shifts-blame', 'cheerful-sign-off', 'flippant-tone'];

function sentence(c, topic, badRate) {
  const list = c.chance(badRate) ? BAD : GOOD;
  return fill(c, c.pick(list), topic);
}

function fill(c, template, topic) {
  return template
    .replace(/\{thing\}/g, () => c.pick(topic.things))
    .replace(/\{var\}/g, () => `{{${c.pick(topic.vars)}}}`)
    .replace(/\{team\}/g, () => c.pick(TEAMS));
}

function paragraph(c, topic, badRate, html) {
  const count = c.int(1, 4);
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(sentence(c, topic, badRate));
  const text = parts.join(' ');
  return html ? `<p>${text}</p>\n` : `${text}\n\n`;
}

/** One self-contained piece of template body: a paragraph or a block construct. */
function block(c, topic, badRate, html) {
  const r = c.next();
  if (r < 0.4) return paragraph(c, topic, badRate, html);
  if (r < 0.6) {
    const condition = c.pick(['case.resolved', 'case.resolved', 'ticket.resolved', '(eq ticket.status "solved")', 'isResolved']);
    const yes = fill(c, c.pick(RESOLVED), topic);
    const no = fill(c, c.pick(UNRESOLVED), topic);
    return html ? `{{#if ${condition}}}\n<p>${yes}</p>\n{{else}}\n<p>${no}</p>\n{{/if}}\n` : `{{#if ${condition}}}\n${yes}\n{{else}}\n${no}\n{{/if}}\n\n`;
  }
  if (r < 0.72) {
    const fields = ITEM_FIELDS.slice(0, c.int(1, ITEM_FIELDS.length));
    const line = fields.map((f) => `{{${f}}}`).join(' · ');
    return html
      ? `<ul>\n{{#each order.items}}\n  <li>${line}</li>\n{{/each}}\n</ul>\n`
      : `Here is what we have on file:\n{{#each order.items}}\n- ${line}\n{{else}}\n- (no items recorded)\n{{/each}}\n\n`;
  }
  if (r < 0.82) {
    const text = sentence(c, topic, badRate);
    return html ? `{{#unless customer.isNew}}<p>${text}</p>{{/unless}}\n` : `{{#unless customer.isNew}}\n${text}\n{{/unless}}\n\n`;
  }
  if (r < 0.88) {
    const rule = c.pick(RULE_IDS);
    const bad = fill(c, c.pick(BAD), topic);
    return `{{!-- candor-disable-next-line ${rule} -- ${c.pick(REASONS)} --}}\n${html ? `<p>${bad}</p>` : bad}\n\n`;
  }
  if (r < 0.92) return `{{> next-update}}\n\n`;
  if (r < 0.96) return `{{!-- ${c.pick(['TODO: check with legal', 'Macro owner: ' + c.pick(TEAMS), 'Keep in sync with the help-centre article', 'Variant B of the A/B test'])} --}}\n`;
  const rule = c.pick(RULE_IDS);
  const inner = `${sentence(c, topic, 0.5)} ${sentence(c, topic, 0.5)}`;
  return `{{!-- candor-disable ${rule} --}}\n${html ? `<p>${inner}</p>` : inner}\n{{!-- candor-enable ${rule} --}}\n\n`;
}

function frontMatter(c, topic, index) {
  if (c.chance(0.15)) return '';
  const lines = ['---', `title: ${topic.folder} reply ${index}`];
  const state = c.next();
  if (state < 0.35) lines.push('case: unresolved');
  else if (state < 0.6) lines.push('case: resolved');
  else if (state < 0.7) lines.push('case: any');
  if (c.chance(0.5)) lines.push(`tags: [${c.pick(TEAMS)}, ${topic.folder}]`);
  if (c.chance(0.3)) lines.push(`locale: ${c.pick(['en-GB', 'en-US', 'en-IE'])}`);
  lines.push('---', '');
  return lines.join('\n');
}

/** One template of about `target` bytes (bodies grow block by block until they pass it). */
export function template(index, target, seedBase = 0xc0ffee) {
  const c = chooser(seedBase ^ Math.imul(index + 1, 0x9e3779b1));
  const topic = TOPICS[index % TOPICS.length];
  const html = c.chance(0.3);
  const badRate = c.pick([0.05, 0.1, 0.2, 0.35]);
  let out = frontMatter(c, topic, index);
  if (c.chance(0.4)) out += `{{! ${c.pick(['Canned reply', 'Macro', 'Auto-responder'])} for ${topic.things[0]} tickets }}\n`;
  const greeting = c.next();
  out += greeting < 0.6 ? '{{> greeting}}\n\n' : greeting < 0.85 ? 'Hi {{customer.firstName}},\n\n' : 'Dear valued customer,\n\n';
  if (html) out = out.replace(/\n\n$/, '\n') + '<div class="message">\n';
  const closing = (html ? '</div>\n' : '') + (c.chance(0.75) ? '{{> signature}}\n' : '{{agent.name}}\n{{brand}} Support\n');
  while (out.length + closing.length < target) out += block(c, topic, badRate, html);
  out += closing;
  // A few templates are broken mid-edit, as in any real repository.
  if (index % 337 === 336) out = out.replace('{{/if}}', '');
  return out;
}

const PARTIALS = {
  'greeting.hbs': 'Hi {{customer.firstName}},\n',
  'signature.hbs': '{{#if case.resolved}}\nHave a great day!\n{{/if}}\n\n{{agent.name}}\n{{brand}} Customer Support\n',
  'next-update.hbs': "I'll write to you again by {{next_update_time}} with what we've found.\n",
  'apology.hbs': "I'm sorry: this is our mistake, and I'm fixing it now.\n",
  'footer-html.hbs': '<p style="color:#666">{{brand}} · <a href="{{help.url}}">Help centre</a></p>\n',
};

const CONFIG = `// Benchmark corpus config: the recommended rules, partials and a case-state override, like a real team's.
{
  "root": true,
  "extends": ["candor:recommended"],
  "partials": ["partials/**/*.hbs"],
  "data": "data/sample.json",
  "caseState": { "resolved": ["case.resolved", "(eq ticket.status \\"solved\\")"] },
  "overrides": [{ "files": ["outages/**"], "case": "unresolved" }]
}
`;

const SAMPLE_DATA = {
  brand: 'Fernleaf',
  customer: { firstName: 'Amara', email: 'amara@example.com', isNew: false },
  agent: { name: 'Jonas', team: 'Billing' },
  ticket: { id: 'FL-1', status: 'open', resolved: false, subject: 'Refund' },
  case: { resolved: false },
  order: { number: '100-1', carrier: 'Northline', trackingUrl: 'https://t.example.com', total: '€10', shippedAt: 'Monday', items: [{ name: 'Lamp', quantity: 1, sku: 'L1', price: '€10' }] },
  refund: { amount: '€10' },
  invoice: { number: 'INV-1' },
  incident: { startedAt: '09:40', statusUrl: 'https://status.example.com', fixedAt: '11:02', region: 'EU' },
  account: { id: 'A-1', plan: 'Pro' },
  help: { url: 'https://help.example.com' },
  next_update_time: '4pm today',
  eta: 'Thursday',
  isResolved: false,
};

/** A target size for template `index`: 0.3–3 KB, skewed small (mean about 1.35 KB, like a real macro library). */
function targetSize(index) {
  const c = chooser(0x5eed ^ Math.imul(index + 7, 0x85ebca6b));
  return Math.round(300 + 2700 * Math.pow(c.next(), 1.6));
}

function buildBig(targetBytes) {
  let out = '---\ntitle: Weekly knowledge-base digest (every macro in one file)\ncase: any\n---\n{{> greeting}}\n\n';
  let i = 0;
  while (out.length < targetBytes) {
    out += `{{!-- section ${i} --}}\n## Section ${i}\n\n` + template(1_000_000 + i, 1500).replace(/^---[\s\S]*?---\n/, '') + '\n';
    i++;
  }
  return out;
}

/**
 * Writes (or reuses) a corpus of `count` templates plus partials, a config, a 5 KB template and a 200 KB template.
 * Returns the manifest: folder, file lists and sizes.
 */
export function ensureCorpus(count, { root = join(tmpdir(), 'candor-bench'), log = () => {} } = {}) {
  const dir = join(root, `v${GENERATOR_VERSION}-${count}`);
  const manifestPath = join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (manifest.version === GENERATOR_VERSION && manifest.count === count) return { ...manifest, reused: true };
    } catch {
      // A half-written corpus: regenerate it.
    }
  }
  log(`generating ${count} templates in ${dir}…`);
  rmSync(dir, { recursive: true, force: true });
  const write = (rel, text) => {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  write('.candorrc.json', CONFIG);
  write('data/sample.json', JSON.stringify(SAMPLE_DATA, null, 2) + '\n');
  const partials = Object.entries(PARTIALS).map(([name, text]) => write(join('partials', name), text));
  const templates = [];
  let bytes = 0;
  // Template 0 is the 5 KB one, linted on its own and edited in the server benchmark.
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const text = i === 0 ? template(0, 5000) : template(i, targetSize(i));
    const name = i === 0 ? 'general/reply-5kb.hbs' : `${topic.folder}/group-${String(Math.floor(i / 100)).padStart(3, '0')}/reply-${String(i).padStart(5, '0')}${text.includes('<p>') ? '.html' : ''}.hbs`;
    templates.push(write(name, text));
    bytes += Buffer.byteLength(text);
  }
  const bigText = buildBig(200 * 1024);
  const big = write('digests/digest-200kb.hbs', bigText);
  bytes += Buffer.byteLength(bigText);
  const manifest = {
    version: GENERATOR_VERSION,
    count,
    dir,
    templates,
    partials,
    fiveKb: templates[0],
    big,
    /** Every file `candor check <dir>` lints: the templates, the big one and the partials. */
    allFiles: [...templates, big, ...partials],
    bytes: bytes + partials.reduce((sum, p) => sum + Buffer.byteLength(readFileSync(p)), 0),
  };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { ...manifest, reused: false };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  const manifest = ensureCorpus(count, { log: console.error });
  console.log(`${manifest.dir}: ${manifest.allFiles.length} files, ${(manifest.bytes / 1e6).toFixed(2)} MB${manifest.reused ? ' (reused)' : ''}`);
}

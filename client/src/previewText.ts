// The message preview's text: HTML messages turned into readable plain text (tags dropped, blocks as line
// breaks, entities decoded) with a map from rendered offsets to shown ones, so highlights still land on their
// words. The webview only ever shows text (textContent), so nothing in a template can run or load there.
// No `vscode` import: unit-tested in test/client/.

export interface ShownText {
  text: string;
  /** `map[i]` is the offset in `text` of the rendered text's offset `i` (length + 1 entries). */
  map: number[];
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/y;
const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/y;
/** Elements dropped with their content. */
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg']);
/** Elements that start a new line; those in PARAGRAPH leave a blank line. */
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figure', 'footer', 'form', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul', 'body', 'html', 'center']);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®', trade: '™', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•', euro: '€', pound: '£' };

/** Element names that make a message HTML; other `<words>` in plain text stay as they are. */
const HTML_ELEMENTS = new Set([
  ...BLOCK, ...PARAGRAPH, ...HIDDEN, 'a', 'abbr', 'b', 'br', 'code', 'em', 'font', 'i', 'img', 'link', 'meta', 'small', 'span', 'strong', 'sub', 'sup', 'u', 'button', 'input', 'label',
]);

/** Whether a rendered message is HTML (has a tag of a known element), so the preview shows it as readable text. */
export function looksLikeHtml(text: string): boolean {
  if (/<!--/.test(text) || /<!doctype/i.test(text)) return true;
  for (const match of text.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^<>"']|"[^"]*"|'[^']*')*>/g)) if (HTML_ELEMENTS.has(match[1]!.toLowerCase())) return true;
  return false;
}

function decode(entity: string): string | undefined {
  if (entity.startsWith('#')) {
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED[entity.toLowerCase()];
}

/** Plain text shows as it is; HTML as readable text. */
export function shownText(rendered: string): ShownText {
  if (!looksLikeHtml(rendered)) return { text: rendered, map: Array.from({ length: rendered.length + 1 }, (_, i) => i) };
  return readableHtml(rendered);
}

export function readableHtml(raw: string): ShownText {
  let out = '';
  const map: number[] = new Array<number>(raw.length + 1);
  const lower = raw.toLowerCase();
  let pre = 0;
  const breakLines = (count: number) => {
    if (!out) return;
    let have = 0;
    while (have < out.length && out[out.length - 1 - have] === '\n') have++;
    for (; have < count; have++) out += '\n';
  };
  const skip = (from: number, to: number) => {
    for (let k = from; k < to; k++) map[k] = out.length;
  };
  let i = 0;
  while (i < raw.length) {
    map[i] = out.length;
    const ch = raw[i]!;
    if (ch === '<') {
      if (raw.startsWith('<!--', i)) {
        const close = raw.indexOf('-->', i + 4);
        const end = close < 0 ? raw.length : close + 3;
        skip(i, end);
        i = end;
        continue;
      }
      if (raw.startsWith('<!', i) || raw.startsWith('<?', i)) {
        const close = raw.indexOf('>', i);
        const end = close < 0 ? raw.length : close + 1;
        skip(i, end);
        i = end;
        continue;
      }
      TAG.lastIndex = i;
      const tag = TAG.exec(raw);
      if (tag) {
        const closing = tag[1] === '/';
        const name = tag[2]!.toLowerCase();
        let end = i + tag[0].length;
        if (!closing && HIDDEN.has(name) && !tag[0].endsWith('/>')) {
          const close = lower.indexOf(`</${name}`, end);
          end = close < 0 ? raw.length : raw.indexOf('>', close) + 1 || raw.length;
        }
        skip(i, end);
        if (name === 'br') out += '\n';
        else if (PARAGRAPH.has(name)) breakLines(2);
        else if (BLOCK.has(name)) breakLines(name === 'table' || name === 'ul' || name === 'ol' ? 2 : 1);
        if (name === 'pre') pre += closing ? -1 : 1;
        if (name === 'li' && !closing) out += '• ';
        if ((name === 'td' || name === 'th') && closing) out += ' ';
        i = end;
        continue;
      }
    }
    if (ch === '&') {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(raw);
      const decoded = entity && decode(entity[1]!);
      if (entity && decoded !== undefined) {
        skip(i, i + entity[0].length);
        out += decoded;
        i += entity[0].length;
        continue;
      }
    }
    if (pre <= 0 && /\s/.test(ch) && ch !== '\u00a0') {
      if (out && !/\s$/.test(out)) out += ' ';
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  map[raw.length] = out.length;
  // Blank space at the end (from closing blocks) is not shown; offsets past the end land on it.
  const trimmed = out.replace(/\s+$/, '');
  return { text: trimmed, map: map.map((offset) => Math.min(offset, trimmed.length)) };
}

// Writing a report in pieces. A 10,000-template JSON report is about 50 MB of text (twice that in memory when a
// message holds a non-Latin-1 character such as a curly quote), and building it as one string, after building the
// whole object tree it is made from, was most of the CLI's peak memory. Formatters that can emit a report in
// order write it here one file at a time; the pieces are joined into chunks of about a megabyte before they reach
// the terminal or the output file, so there are few system calls and the bytes are exactly those of the one string.

/**
 * Receives the report's text in order. `repeated` marks a piece the formatter writes many times over, the very
 * same string (a rule's explanation under each of its messages): a sink may keep what it made of it.
 */
export type Write = (text: string, repeated?: boolean) => void;

/** Collects what a formatter writes into one string (for callers and tests that want the whole report). */
export function collect(format: (write: Write) => void): string {
  const parts: string[] = [];
  format((text) => parts.push(text));
  return parts.join('');
}

/** Buffers small writes into chunks of about `chunkSize` characters; call `flush` at the end. */
export function chunked(sink: (text: string) => void, chunkSize = 1 << 20): { write: Write; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (!size) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    sink(text);
  };
  return {
    write: (text) => {
      if (!text) return;
      parts.push(text);
      size += text.length;
      if (size >= chunkSize) flush();
    },
    flush,
  };
}

/**
 * Like `chunked`, for a sink of bytes (a file): each piece is encoded as UTF-8 straight into a buffer of `size`
 * bytes, which goes to `sink` when the next piece might not fit, instead of joining pieces into a string and
 * encoding that again. A piece is always a whole string from a formatter, so no surrogate pair is split. A
 * `repeated` piece is encoded once and its bytes copied each time after (half of a JSON report is rules'
 * explanations, each written under every message of its rule). `sink` gets a view of the buffer that is valid
 * until it returns.
 */
export function bufferedBytes(sink: (bytes: Uint8Array) => void, size = 1 << 20): { write: Write; flush: () => void } {
  const buffer = Buffer.allocUnsafe(size);
  const encoded = new Map<string, Buffer>();
  let used = 0;
  const flush = () => {
    if (!used) return;
    sink(buffer.subarray(0, used));
    used = 0;
  };
  return {
    write: (text, repeated) => {
      if (!text) return;
      if (repeated) {
        let bytes = encoded.get(text);
        if (!bytes) encoded.set(text, (bytes = Buffer.from(text, 'utf8')));
        if (used + bytes.length > size) flush();
        if (bytes.length > size) sink(bytes);
        else used += bytes.copy(buffer, used);
        return;
      }
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + text.length * 3 > size) flush();
      if (text.length * 3 > size) sink(Buffer.from(text, 'utf8'));
      else used += buffer.write(text, used, 'utf8');
    },
    flush,
  };
}

/**
 * `JSON.stringify(value, null, 2)` of a value nested `indent` deep (two spaces per level) in a document, as the
 * whole document's `JSON.stringify(…, null, 2)` writes it, starting with the indent. The value is wrapped in as
 * many one-element arrays as it has levels, and the wrappers' brackets are cut off: at depth d they are
 * `[\n` `  [\n` … before the value and `\n  ]` `\n]` … after it, d(d + 1) characters each side. (Indenting
 * every line of the value's own text with a regular expression gives the same text, at twice the cost.)
 */
export function nestedJson(value: unknown, indent: string): string {
  const depth = indent.length / 2;
  let wrapped = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const cut = depth * (depth + 1);
  return text.slice(cut, text.length - cut);
}

/**
 * The members of `object` as `JSON.stringify(…, null, 2)` writes them inside that object when the object is
 * `indent` deep: `"key": value` lines (each starting with the indent of the object's keys) joined by `,\n`,
 * without the braces; undefined members are left out, as JSON leaves them out. Empty for an object without any.
 */
export function jsonMembers(object: object, indent: string): string {
  const text = nestedJson(object, indent);
  // `<indent>{\n` … `\n<indent>}`, or `<indent>{}`.
  return text.length === indent.length + 2 ? '' : text.slice(indent.length + 2, text.length - indent.length - 2);
}

/**
 * Writes `JSON.stringify(document, null, 2)` where one array of the document (`slot`, an array the caller put in
 * the document holding only the marker `SLOT`) is written from `items` one element at a time. `items` yields
 * `undefined` for elements to skip; `empty` says whether it yields no element at all, which the caller knows
 * beforehand (JSON writes an empty array as `[]`, on one line). `render` writes one element, in as many pieces
 * as it likes, as it appears at the slot's `indent` (by default `nestedJson`'s text; a formatter with a faster
 * writer for its own elements passes it).
 */
export function writeJsonWithStreamedArray<T>(write: Write, document: unknown, items: Iterable<T | undefined>, empty: boolean, render: (item: T, indent: string, write: Write) => void = (item, indent, out) => out(nestedJson(item, indent))): void {
  const text = JSON.stringify(document, null, 2);
  const marker = `"${SLOT}"`;
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error('internal error: the report skeleton must hold its slot exactly once');
  if (empty) {
    // `[\n<indent>"slot"\n<outer>]` becomes `[]`, as JSON.stringify writes an empty array.
    const open = text.lastIndexOf('[', at);
    const close = text.indexOf(']', at + marker.length);
    write(text.slice(0, open + 1) + text.slice(close));
    return;
  }
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, at);
  if (!/^(?: {2})+$/.test(indent)) throw new Error('internal error: the report slot must be indented by two spaces per level');
  write(text.slice(0, lineStart));
  let first = true;
  for (const item of items) {
    if (item === undefined) continue;
    if (!first) write(',\n');
    render(item, indent, write);
    first = false;
  }
  write(text.slice(at + marker.length));
}

/**
 * `transform`, remembered per text for one report: a report writes the same rule ids, states, conditions and
 * messages tens of thousands of times, and quoting or escaping a short string costs more than a look-up.
 */
export function rememberedText<T extends string | null>(transform: (text: T) => string): (text: T) => string {
  const done = new Map<T, string>();
  return (text) => {
    let out = done.get(text);
    if (out === undefined) done.set(text, (out = transform(text)));
    return out;
  };
}

/** `JSON.stringify` of a string, remembered (see `rememberedText`). */
export function quoter(): (text: string | null) => string {
  return rememberedText<string | null>((text) => JSON.stringify(text));
}

/** The placeholder element `writeJsonWithStreamedArray` replaces. */
export const SLOT = 'candor:streamed-array-slot:9f1c2e';

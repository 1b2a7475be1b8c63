// A compact unified line diff (LCS-based) for `--fix-dry-run`; templates are small, so O(n·m) is fine.

interface Line {
  text: string;
  /** Whether the line ends with a line break. */
  newline: boolean;
}

type Op = { kind: ' ' | '-' | '+'; line: Line; oldNo: number; newNo: number };

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split(/(?<=\n)/);
  return parts.map((part) => ({ text: part.replace(/\r?\n$/, ''), newline: part.endsWith('\n') }));
}

function sameLine(a: Line, b: Line): boolean {
  return a.text === b.text && a.newline === b.newline;
}

function operations(before: Line[], after: Line[]): Op[] {
  // Trim the common head and tail first so the table only covers the changed middle.
  let head = 0;
  while (head < before.length && head < after.length && sameLine(before[head]!, after[head]!)) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && sameLine(before[before.length - 1 - tail]!, after[after.length - 1 - tail]!)) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = sameLine(a[i]!, b[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', line: before[k]!, oldNo: k + 1, newNo: k + 1 });
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && sameLine(a[i]!, b[j]!)) {
      ops.push({ kind: ' ', line: a[i]!, oldNo: head + i + 1, newNo: head + j + 1 });
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && table[i + 1]![j]! >= table[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i]!, oldNo: head + i + 1, newNo: head + j });
      i++;
    } else {
      ops.push({ kind: '+', line: b[j]!, oldNo: head + i, newNo: head + j + 1 });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) {
    const oldIndex = before.length - tail + k;
    const newIndex = after.length - tail + k;
    ops.push({ kind: ' ', line: before[oldIndex]!, oldNo: oldIndex + 1, newNo: newIndex + 1 });
  }
  return ops;
}

/** A unified diff between two texts, or '' when they are equal. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) return '';
  const ops = operations(splitLines(before), splitLines(after));
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  if (!changed.length) {
    // Only line endings differ, which the line view cannot show.
    out.push('@@ line endings changed @@');
    return out.join('\n') + '\n';
  }
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k]! + context);
    }
    k++;
    const hunk = ops.slice(start, end + 1);
    const oldLines = hunk.filter((op) => op.kind !== '+');
    const newLines = hunk.filter((op) => op.kind !== '-');
    const oldStart = oldLines.length ? oldLines[0]!.oldNo : hunk[0]!.oldNo;
    const newStart = newLines.length ? newLines[0]!.newNo : hunk[0]!.newNo;
    out.push(`@@ -${oldStart},${oldLines.length} +${newStart},${newLines.length} @@`);
    for (const op of hunk) {
      out.push(`${op.kind}${op.line.text}`);
      if (!op.line.newline) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n') + '\n';
}

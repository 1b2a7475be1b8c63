// Rejects user regular expressions that can backtrack catastrophically: a repeated group that itself repeats
// (`(a+)+`, `(\w*)*`) or a repeated choice between alternatives that can start alike (`(a|a)*`, `(\w|x)+`).

interface Frame {
  /** An unbounded quantifier somewhere inside this group. */
  repeats: boolean;
  /** First character of each alternative so far, or '' when it cannot be told (class, escape, group, empty). */
  firsts: string[];
  /** Whether the current alternative has its first atom yet. */
  started: boolean;
}

/**
 * Why `source` risks catastrophic backtracking, or undefined when it does not. A conservative check in the
 * spirit of safe-regex's star height: it may refuse a harmless pattern, never accepts `(a+)+`.
 */
export function backtrackingRisk(source: string): string | undefined {
  const stack: Frame[] = [{ repeats: false, firsts: [], started: false }];
  // The atom a following quantifier applies to: a closed group's frame, or a plain atom.
  let last: { group?: Frame } | undefined;
  const atom = (first: string, group?: Frame) => {
    const top = stack.at(-1)!;
    if (!top.started) {
      top.firsts.push(first);
      top.started = true;
    }
    last = { group };
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if ((next === 'p' || next === 'P' || next === 'u' || next === 'x') && source[i + 1] === '{') i = Math.max(i, source.indexOf('}', i));
      // A letter escape is a class (\w, \s, \d) or a boundary; other escapes are the literal character.
      if (next === 'b' || next === 'B') continue;
      atom(/[a-z]/i.test(next) ? '' : next.toLowerCase());
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      atom('');
      continue;
    }
    if (ch === '(') {
      const lookaround = /^\(\?<?[=!]/.test(source.slice(i, i + 4));
      stack.push({ repeats: false, firsts: [], started: false });
      if (source[i + 1] === '?') {
        // (?:…), (?<name>…), lookarounds: skip the group syntax.
        const named = /^\(\?<(?![=!])[^>]*>/.exec(source.slice(i));
        i += named ? named[0].length - 1 : lookaround ? (source[i + 2] === '<' ? 3 : 2) : 2;
      }
      continue;
    }
    if (ch === ')') {
      const group = stack.length > 1 ? stack.pop()! : { repeats: false, firsts: [], started: false };
      if (!group.started && group.firsts.length) group.firsts.push('');
      if (group.repeats) stack.at(-1)!.repeats = true;
      atom(group.firsts.length === 1 ? group.firsts[0]! : '', group);
      continue;
    }
    if (ch === '|') {
      const top = stack.at(-1)!;
      if (!top.started) top.firsts.push('');
      top.started = false;
      last = undefined;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '{') {
      let unbounded = ch !== '{';
      if (ch === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) {
          atom('{');
          continue;
        }
        unbounded = m[2] !== undefined && (m[3] === '' || Number(m[3]) > 10);
        i += m[0].length - 1;
      }
      if (source[i + 1] === '?') i++;
      if (!unbounded || !last) continue;
      const group = last.group;
      if (group?.repeats) return 'it repeats a group that itself repeats, like `(a+)+` or `(\\w*)*`';
      if (group && group.firsts.length > 1) {
        const known = group.firsts.filter(Boolean);
        if (known.length < group.firsts.length || new Set(known).size < known.length) return 'it repeats a choice whose alternatives can match the same text, like `(a|a)*`';
      }
      stack.at(-1)!.repeats = true;
      continue;
    }
    if (ch === '?' || ch === '^' || ch === '$') continue;
    atom(ch === '.' ? '' : ch.toLowerCase());
  }
  return undefined;
}

// Rewrites the math delimiters found in datasets and LLM output into remark-math's `$…$` / `$$`-fence forms. Pure string code: no React, no DOM.
//
// remark-math only knows `$…$` (inline) and a `$$` fence on its own line (display); a one-line
// `$$x$$` renders as *inline* math and `$$x\n= y$$` swallows the rest of the document. Writers of
// LLM prompts and outputs also use `\(…\)`, `\[…\]` (which markdown turns into literal brackets)
// and bare `\begin{align*}…\end{align*}`. Code spans and fenced code blocks are left untouched.

/** Environments that only make sense in math mode; a bare one in prose is wrapped as display math. */
const MATH_ENVIRONMENTS = new Set([
  'equation',
  'equation*',
  'align',
  'align*',
  'alignat',
  'alignat*',
  'gather',
  'gather*',
  'multline',
  'multline*',
  'flalign',
  'flalign*',
  'eqnarray',
  'eqnarray*',
  'aligned',
  'alignedat',
  'gathered',
  'split',
  'cases',
  'dcases',
  'rcases',
  'drcases',
  'matrix',
  'pmatrix',
  'bmatrix',
  'Bmatrix',
  'vmatrix',
  'Vmatrix',
  'smallmatrix',
  'array',
  'CD',
]);

const FENCE_OPEN = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})(.*)$/;
const LINE_START_ONLY = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?$/;
const CONTAINER_PREFIX = /^((?:[ \t]*>[ \t]?)*)([ \t]*)((?:[-*+]|\d{1,9}[.)])[ \t]+)?/;

/**
 * Converts `\(x\)` → `$x$`; `\[x\]`, `$$x$$` and bare math environments → a `$$` fence block on
 * lines of its own (indented to stay inside the surrounding list item or blockquote); escapes a
 * lone `$` that cannot pair up as inline math (Pandoc's rule: the opening `$` is followed by a
 * non-space, the closing one preceded by a non-space and not followed by a digit), so
 * "$5 and $10" stays prose. Code spans and ``` / ~~~ fenced blocks pass through unchanged.
 * Line endings are normalised to `\n`. Indented (4-space) code blocks are not recognised.
 */
export function normalizeMathDelimiters(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) out.push(convertProse(prose.join('\n')));
    prose = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const open = FENCE_OPEN.exec(line);
    const fence = open?.[1];
    if (open && fence && !(fence.startsWith('`') && (open[2] ?? '').includes('`'))) {
      flushProse();
      const close = new RegExp(`^[ \\t>]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j]!)) j++;
      // An unclosed fence runs to the end of the document, as in CommonMark.
      out.push(lines.slice(i, Math.min(j + 1, lines.length)).join('\n'));
      i = j + 1;
      continue;
    }
    prose.push(line);
    i++;
  }
  flushProse();
  return out.join('\n');
}

/** Converts one run of non-fenced lines. */
function convertProse(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const converted = convertBackslash(s, i, out);
      if (converted) {
        out = converted.out;
        i = converted.next;
        continue;
      }
      // Any other backslash escapes the next character (`\\`, `\$`, `` \` ``): copy the pair.
      out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '`') {
      const n = runLength(s, i, '`');
      const close = findRun(s, '`', n, i + n, paragraphEnd(s, i));
      const end = close < 0 ? i + n : close + n;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === '$') {
      const n = runLength(s, i, '$');
      if (n === 2) {
        const atStart = isLineStart(s, i);
        const close = findRun(s, '$', 2, i + 2, atStart ? s.length : paragraphEnd(s, i));
        if (close >= 0) {
          const r = emitDisplay(s, i, s.slice(i + 2, close), close + 2, out);
          out = r.out;
          i = r.next;
          continue;
        }
      } else if (n === 1) {
        const close = findRun(s, '$', 1, i + 1, paragraphEnd(s, i));
        if (close < 0 || !pandocPair(s, i, close)) {
          out += '\\$';
          i += 1;
          continue;
        }
        out += s.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      out += s.slice(i, i + n);
      i += n;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** `\(…\)`, `\[…\]` or `\begin{env}…\end{env}` starting at `i`, or undefined when it is none. */
function convertBackslash(s: string, i: number, out: string): { out: string; next: number } | undefined {
  const kind = s[i + 1];
  if (kind === '(') {
    const close = findDelimiter(s, '\\)', i + 2, paragraphEnd(s, i));
    const body = close < 0 ? '' : s.slice(i + 2, close).trim();
    if (body === '') return undefined;
    // remark-math closes text math at the first run of dollars as long as the opener, and a
    // backslash does not escape it; so fence with a run longer than any inside.
    const fence = '$'.repeat(longestRun(body, '$') + 1);
    return { out: out + fence + body + fence, next: close + 2 };
  }
  if (kind === '[') {
    const close = findDelimiter(s, '\\]', i + 2, isLineStart(s, i) ? s.length : paragraphEnd(s, i));
    if (close < 0) return undefined;
    return emitDisplay(s, i, s.slice(i + 2, close), close + 2, out);
  }
  const env = /^\\begin\{([A-Za-z]+\*?)\}/.exec(s.slice(i, i + 40));
  if (env && MATH_ENVIRONMENTS.has(env[1]!)) {
    const end = matchingEnd(s, env[1]!, i + env[0].length);
    if (end < 0) return undefined;
    return emitDisplay(s, i, s.slice(i, end), end, out);
  }
  return undefined;
}

/**
 * Appends `body` as a `$$` fence block replacing `s[start, next)`. The block starts on a new line
 * unless only container markers precede it, and prose after it continues on a new line.
 */
function emitDisplay(s: string, start: number, body: string, next: number, out: string): { out: string; next: number } {
  const lineStart = s.lastIndexOf('\n', start - 1) + 1;
  const lineEndIdx = s.indexOf('\n', start);
  const line = s.slice(lineStart, lineEndIdx < 0 ? s.length : lineEndIdx);
  const m = CONTAINER_PREFIX.exec(line);
  const quote = m?.[1] ?? '';
  const quoteDepth = (quote.match(/>/g) ?? []).length;
  const prefix = quote + (m?.[2] ?? '') + ' '.repeat((m?.[3] ?? '').length);

  const bodyLines = body.split('\n').map((l, k) => (k === 0 ? l : stripQuotes(l, quoteDepth)).trim());
  while (bodyLines.length > 0 && bodyLines[0] === '') bodyLines.shift();
  while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1] === '') bodyLines.pop();

  let result = out;
  if (!LINE_START_ONLY.test(s.slice(lineStart, start))) result = trimEndSpaces(result) + '\n' + prefix;
  result += '$$\n' + bodyLines.map((l) => prefix + l).join('\n') + '\n' + prefix + '$$';

  let after = next;
  while (after < s.length && (s[after] === ' ' || s[after] === '\t')) after++;
  if (after < s.length && s[after] !== '\n') result += '\n' + prefix;
  return { out: result, next: after };
}

/** Removes up to `depth` blockquote markers (and the whitespace around them) from a line. */
function stripQuotes(line: string, depth: number): string {
  let l = line;
  for (let d = 0; d < depth; d++) {
    const m = /^[ \t]*>[ \t]?/.exec(l);
    if (!m) break;
    l = l.slice(m[0].length);
  }
  return l;
}

/** Pandoc's rule for a `$…$` pair at `open` and `close`. */
function pandocPair(s: string, open: number, close: number): boolean {
  const after = s[open + 1];
  const before = s[close - 1];
  const next = s[close + 1];
  return (
    after !== undefined && !/\s/.test(after) && before !== undefined && !/\s/.test(before) && (next === undefined || !/[0-9]/.test(next))
  );
}

/** Whether only container markers (blockquote, list marker, spaces) precede `i` on its line. */
function isLineStart(s: string, i: number): boolean {
  const lineStart = s.lastIndexOf('\n', i - 1) + 1;
  return LINE_START_ONLY.test(s.slice(lineStart, i));
}

const BLANK_LINE = /\n[ \t>]*\n/g;

/** Index of the blank line ending the paragraph containing `i` (or the text's length). */
function paragraphEnd(s: string, i: number): number {
  BLANK_LINE.lastIndex = i;
  const m = BLANK_LINE.exec(s);
  return m ? m.index : s.length;
}

function trimEndSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(0, end);
}

function runLength(s: string, i: number, ch: string): number {
  let n = 0;
  while (s[i + n] === ch) n++;
  return n;
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  for (let i = 0; i < s.length;) {
    const n = runLength(s, i, ch);
    if (n > best) best = n;
    i += Math.max(n, 1);
  }
  return best;
}

/** Start of the first run of exactly `n` × `ch` in `[from, limit)`, or -1. */
function findRun(s: string, ch: string, n: number, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    if (s[i] === ch) {
      const len = runLength(s, i, ch);
      if (len === n && i + len <= limit) return i;
      i += len;
    } else {
      i++;
    }
  }
  return -1;
}

/** First `delim` (`\)` or `\]`) in `[from, limit)` whose backslash is not itself escaped. */
function findDelimiter(s: string, delim: string, from: number, limit: number): number {
  let i = s.indexOf(delim, from);
  while (i >= 0 && i + delim.length <= limit) {
    let backslashes = 0;
    while (i - 1 - backslashes >= from && s[i - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return i;
    i = s.indexOf(delim, i + 1);
  }
  return -1;
}

/** Index just past the `\end{name}` matching a `\begin{name}` whose body starts at `from`, or -1. */
function matchingEnd(s: string, name: string, from: number): number {
  const begin = `\\begin{${name}}`;
  const end = `\\end{${name}}`;
  let depth = 1;
  let i = from;
  while (depth > 0) {
    const b = s.indexOf(begin, i);
    const e = s.indexOf(end, i);
    if (e < 0) return -1;
    if (b >= 0 && b < e) {
      depth++;
      i = b + begin.length;
    } else {
      depth--;
      i = e + end.length;
    }
  }
  return i;
}

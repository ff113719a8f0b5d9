// Rehype step that keeps a long unbroken token cheap to lay out (docs/ARCHITECTURE.md §11.3):
// a text node holding a run of more than LONG_RUN_CHUNK non-whitespace characters becomes a span
// per piece (`splitLongRuns`), which Chromium lays out in linear instead of quadratic time. The text
// is unchanged (copying it gives the same characters). Formulas (KaTeX output) are left alone. No React here.
import { splitLongRuns } from '../domain/textPrefix.ts';

/** The slice of the hast tree this step touches (kept local: `hast` is not a direct dependency). */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const isFormula = (node: HastNode): boolean => {
  if (node.tagName === 'math') return true;
  const cls = node.properties?.className;
  return Array.isArray(cls) && (cls.includes('katex') || cls.includes('katex-display'));
};

function pieces(value: string): HastNode[] | null {
  const parts = splitLongRuns(value);
  if (parts.length === 1) return null;
  return parts.map((p) => ({ type: 'element', tagName: 'span', properties: {}, children: [{ type: 'text', value: p }] }));
}

export function rehypeLongWords() {
  return (tree: HastNode): void => {
    // An explicit stack: a deeply nested document must not overflow the call stack here.
    const stack: HastNode[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!node.children || isFormula(node)) continue;
      const children: HastNode[] = [];
      for (const child of node.children) {
        const split = child.type === 'text' && child.value !== undefined ? pieces(child.value) : null;
        if (split) children.push(...split);
        else {
          children.push(child);
          stack.push(child);
        }
      }
      node.children = children;
    }
  };
}

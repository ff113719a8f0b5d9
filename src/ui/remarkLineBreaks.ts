// Remark step that keeps the line breaks of dataset text (docs/ARCHITECTURE.md §11.3): a single newline inside a paragraph becomes a hard break, as remark-breaks does. No React here.
//
// CommonMark joins the lines of a paragraph into one ("User: hi\nAssistant: hello" reads as one
// line), which turns a dialogue's turns or an LLM's numbered reasoning lines into one block.
// Only `text` nodes are split: math (`inlineMath`, `math`), code and raw HTML keep their own
// values, so formulas spanning lines and code blocks are untouched.

/** The slice of the mdast tree this step touches (kept local: `mdast` is not a direct dependency). */
interface MdastNode {
  type: string;
  value?: string;
  children?: MdastNode[];
}

const NEWLINE = /\r\n?|\n/;

function splitText(node: MdastNode): MdastNode[] {
  const parts = (node.value ?? '').split(NEWLINE);
  if (parts.length === 1) return [node];
  const out: MdastNode[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push({ type: 'break' });
    // Spaces around a line end are not content (CommonMark strips them around soft breaks too).
    let text = part;
    if (i > 0) text = text.replace(/^[ \t]+/, '');
    if (i < parts.length - 1) text = text.replace(/[ \t]+$/, '');
    if (text !== '') out.push({ type: 'text', value: text });
  });
  return out;
}

function walk(node: MdastNode): void {
  if (!node.children) return;
  node.children = node.children.flatMap((child) => {
    if (child.type === 'text') return splitText(child);
    walk(child);
    return [child];
  });
}

/** Unified plugin for react-markdown's `remarkPlugins`: soft line breaks become `break` nodes (`<br>`). */
export function remarkLineBreaks() {
  return (tree: MdastNode): void => walk(tree);
}

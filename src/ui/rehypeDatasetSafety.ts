// Rehype step that makes rendered dataset markdown inert (docs/ARCHITECTURE.md §11.3): raw HTML becomes visible text, images become text placeholders (never fetched), links become text followed by their full URL (never followed). No React here.

/** The slice of the hast tree this step touches (kept local: `hast` is not a direct dependency). */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** The tooltip of a link from the data, which is shown but never followed. */
export const LINK_TITLE = 'Link not opened: the workbench contacts no other host. Copy the address to visit it.';

function text(value: string): HastNode {
  return { type: 'text', value };
}

function span(className: string, title: string, children: HastNode[]): HastNode {
  return { type: 'element', tagName: 'span', properties: { className: [className], title }, children };
}

/** The text a node shows (a link's label), its elements' text included. */
function textOf(nodes: HastNode[]): string {
  return nodes.map((n) => (n.type === 'text' ? (n.value ?? '') : textOf(n.children ?? []))).join('');
}

/**
 * A link as inert text: its label, then its target in full (monospace, in ⟨⟩), so the reader sees
 * where it points and can copy it, but a click goes nowhere. Any scheme (https, mailto, javascript:,
 * data:) is only text here. An autolink (`<https://…>`, label = target) shows its target once.
 */
function inertLink(href: string, children: HastNode[]): HastNode {
  const target = span('rir-md-url', LINK_TITLE, [text(`⟨${href}⟩`)]);
  const label = textOf(children).trim();
  const shown = !href ? children : label === href || `mailto:${label}` === href ? [target] : [...children, text(' '), target];
  return span('rir-md-link', LINK_TITLE, shown);
}

function rewrite(node: HastNode): HastNode {
  // Raw HTML from the data: shown as its source text, in a span styled to keep its line breaks.
  if (node.type === 'raw') return span('rir-md-html', 'HTML in the data, shown as text', [text(node.value ?? '')]);
  if (node.type !== 'element') {
    if (node.children) node.children = node.children.map(rewrite);
    return node;
  }
  const props = node.properties ?? {};
  if (node.tagName === 'img') {
    const alt = typeof props.alt === 'string' ? props.alt : '';
    const src = typeof props.src === 'string' ? props.src : '';
    return span('rir-md-image', `Image not loaded: ${src}`, [text(alt ? `[image: ${alt}]` : '[image]')]);
  }
  const children = (node.children ?? []).map(rewrite);
  // No request after load (docs/ARCHITECTURE.md §12): a link in the data never becomes an <a>.
  if (node.tagName === 'a') return inertLink(typeof props.href === 'string' ? props.href : '', children);
  return { ...node, children };
}

/**
 * Unified plugin for react-markdown's `rehypePlugins`. It runs on the hast tree before rendering,
 * so it does not depend on react-markdown's own (default) handling of raw HTML.
 */
export function rehypeDatasetSafety() {
  return (tree: HastNode): HastNode => rewrite(tree);
}

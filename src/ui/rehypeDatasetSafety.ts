// Rehype step that makes rendered dataset markdown inert (docs/ARCHITECTURE.md §11.3): raw HTML becomes visible text, images become text placeholders (never fetched), links keep only http(s)/mailto targets. No React here.

/** The slice of the hast tree this step touches (kept local: `hast` is not a direct dependency). */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const SAFE_HREF = /^(?:https?:|mailto:)/i;

/** Whether a link target may be rendered as an `href`: only http(s) and mailto URLs. */
export function isSafeHref(href: string): boolean {
  return SAFE_HREF.test(href);
}

function text(value: string): HastNode {
  return { type: 'text', value };
}

function span(className: string, title: string, children: HastNode[]): HastNode {
  return { type: 'element', tagName: 'span', properties: { className: [className], title }, children };
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
  if (node.tagName === 'a') {
    const href = typeof props.href === 'string' ? props.href : '';
    if (!isSafeHref(href)) {
      // Show what the data holds instead of silently dropping the target.
      const label = children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      const shown = href && href !== label ? [...children, text(` <${href}>`)] : children;
      return span('rir-md-unsafe-link', 'Link not followed (only http(s) and mailto links open)', shown);
    }
    return {
      ...node,
      properties: { ...props, rel: ['noopener', 'noreferrer'], target: '_blank' },
      children,
    };
  }
  return { ...node, children };
}

/**
 * Unified plugin for react-markdown's `rehypePlugins`. It runs on the hast tree before rendering,
 * so it does not depend on react-markdown's own (default) handling of raw HTML.
 */
export function rehypeDatasetSafety() {
  return (tree: HastNode): HastNode => rewrite(tree);
}

// Security and math rendering of <Markdown> (docs/ARCHITECTURE.md §11.3): hostile dataset text must come out as inert text.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from './Markdown.tsx';

const render = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

/** Element start tags in the markup, e.g. `<img`, `<a` (a `&lt;img` text is not one). */
const tags = (html: string) => [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());

describe('Markdown', () => {
  it('shows inline raw HTML as escaped text, never as elements or attributes', () => {
    const html = render('hi <img src=x onerror=alert(1)> there');
    expect(html).toContain('<span class="rir-md-html" title="HTML in the data, shown as text">&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(tags(html)).not.toContain('img');
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
  });

  it('shows block raw HTML (script, event handlers) as escaped text', () => {
    const html = render('<script>alert(1)</script>\n\n<div onclick="steal()">x</div>\n\n<iframe src="https://evil"></iframe>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;div onclick=&quot;steal()&quot;&gt;');
    expect(tags(html)).not.toContain('script');
    expect(tags(html)).not.toContain('iframe');
    expect(html).not.toMatch(/<[^>]*\sonclick=/i);
  });

  it('renders a markdown image as a text placeholder and loads nothing', () => {
    const html = render('see ![a cat](https://example.com/cat.png) here');
    expect(html).toContain('[image: a cat]');
    expect(tags(html)).not.toContain('img');
    // React 19 would add <link rel="preload" as="image"> for a real <img>.
    expect(tags(html)).not.toContain('link');
    expect(html).not.toMatch(/src=/);
  });

  it('renders http(s) and mailto links with a safe rel and a new tab', () => {
    const html = render('[docs](https://example.com/x) and [mail](mailto:a@b.c)');
    expect(html).toContain('<a href="https://example.com/x" rel="noopener noreferrer" target="_blank">docs</a>');
    expect(html).toContain('<a href="mailto:a@b.c" rel="noopener noreferrer" target="_blank">mail</a>');
  });

  it('renders a javascript: link (also entity-encoded or as autolink) as text, not as <a href>', () => {
    const html = render('[click](javascript:alert(1)) [x](jav&#x61;script:alert(2)) <javascript:alert(3)> [d](data:text/html,hi)');
    expect(tags(html)).not.toContain('a');
    expect(html).not.toMatch(/href=/);
    expect(html).toContain('click &lt;javascript:alert(1)&gt;');
    expect(html).toContain('data:text/html,hi');
  });

  it('renders inline and display math with KaTeX', () => {
    const inline = render('so $x^2$ holds');
    expect(inline).toContain('class="katex"');
    expect(inline).not.toContain('katex-display');
    const display = render('$$\n\\frac{a}{b}\n$$');
    expect(display).toContain('class="katex-display"');
  });

  it('renders \\(…\\), \\[…\\] and bare align* as math (through the normaliser)', () => {
    expect(render('so \\(x\\) holds')).toContain('class="katex"');
    expect(render('we get \\[ y \\] ok')).toContain('class="katex-display"');
    const align = render('\\begin{align*}\na &= b\n\\end{align*}');
    expect(align).toContain('class="katex-display"');
    expect(align).not.toContain('katex-error');
  });

  it('shows bad TeX as an error span instead of throwing', () => {
    expect(render('$\\frac{1}{$ and $\\undefinedmacro$')).toContain('katex-error');
  });

  it('does not honour \\href or \\includegraphics inside math (trust: false)', () => {
    // https targets would survive the link filter, so only trust: false keeps these out.
    const html = render('$\\href{https://e.x/}{x}$ $\\url{https://e.x/}$ $\\includegraphics{https://e.x/a.png}$');
    expect(html).toContain('class="katex"');
    expect(tags(html)).not.toContain('a');
    expect(tags(html)).not.toContain('img');
    expect(html).not.toContain('rir-md-image');
  });

  it('does not render code spans as math', () => {
    const html = render('`$x$`');
    expect(html).toContain('<code>$x$</code>');
    expect(html).not.toContain('katex');
  });
});

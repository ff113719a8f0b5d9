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

  it('renders a link as inert text followed by its full URL, never as an <a>', () => {
    const html = render('[docs](https://example.com/x?q=1) and [mail](mailto:a@b.c)');
    expect(tags(html)).not.toContain('a');
    expect(html).not.toMatch(/href=|target=/);
    expect(html).toMatch(
      /<span class="rir-md-link"[^>]*>docs <span class="rir-md-url"[^>]*>⟨https:\/\/example.com\/x\?q=1⟩<\/span><\/span>/,
    );
    expect(html).toMatch(/<span class="rir-md-link"[^>]*>mail <span class="rir-md-url"[^>]*>⟨mailto:a@b.c⟩<\/span><\/span>/);
    expect(html).toContain('title="Link not opened: the workbench contacts no other host. Copy the address to visit it."');
  });

  it('shows an autolink or a reference link once, as its URL; a bare URL stays text', () => {
    const html = render(
      'see <https://example.com/auto> and <a@b.c> and [ref][r] and https://example.com/bare\n\n[r]: https://example.com/ref',
    );
    expect(tags(html)).not.toContain('a');
    expect(html).not.toMatch(/href=/);
    expect(html).toMatch(/<span class="rir-md-link"[^>]*><span class="rir-md-url"[^>]*>⟨https:\/\/example.com\/auto⟩<\/span><\/span>/);
    expect(html).toMatch(/<span class="rir-md-url"[^>]*>⟨mailto:a@b.c⟩<\/span>/);
    expect(html).toMatch(/ref <span class="rir-md-url"[^>]*>⟨https:\/\/example.com\/ref⟩<\/span>/);
    expect(html).toContain('https://example.com/bare');
  });

  it('renders a javascript: or data: link (also entity-encoded or as autolink) as text, not as <a href>', () => {
    const html = render('[click](javascript:alert(1)) [x](jav&#x61;script:alert(2)) <javascript:alert(3)> [d](data:text/html,hi)');
    expect(tags(html)).not.toContain('a');
    expect(html).not.toMatch(/href=/);
    expect(html).toMatch(/click <span class="rir-md-url"[^>]*>⟨javascript:alert\(1\)⟩/);
    expect(html).toContain('⟨javascript:alert(3)⟩');
    expect(html).toContain('⟨data:text/html,hi⟩');
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

  describe('line breaks', () => {
    /** The paragraphs of the markup, each as its lines (split at <br/>), tags other than br dropped. */
    const paragraphLines = (html: string) =>
      [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]!.split(/<br\/>\n?/).map((l) => l.replace(/<[^>]+>/g, '')));

    it('keeps each turn of a dialogue on its own line (a single newline is a hard break)', () => {
      const html = render('User: Is 0.1 + 0.2 = 0.3?\nAssistant: Not in floating point.\nUser: Why?');
      expect(paragraphLines(html)).toEqual([['User: Is 0.1 + 0.2 = 0.3?', 'Assistant: Not in floating point.', 'User: Why?']]);
    });

    it('still separates paragraphs at a blank line and does not double explicit hard breaks', () => {
      expect(paragraphLines(render('a\nb\n\nc'))).toEqual([['a', 'b'], ['c']]);
      expect(paragraphLines(render('two spaces  \nbackslash\\\nend'))).toEqual([['two spaces', 'backslash', 'end']]);
    });

    it('breaks lines inside list items, blockquotes and emphasis', () => {
      expect(render('- a\n  b')).toContain('<li>a<br/>\nb</li>');
      expect(render('> q1\n> q2')).toContain('<p>q1<br/>\nq2</p>');
      expect(render('*x\ny*')).toContain('<em>x<br/>\ny</em>');
    });

    it('leaves math, code and raw HTML alone: a formula spanning lines is one formula, code keeps its newlines', () => {
      const inline = render('so $a +\nb$ holds\nnext');
      expect(inline.match(/class="katex"/g)).toHaveLength(1);
      expect(inline).not.toContain('katex-error');
      // The one <br> is after the formula, between "holds" and "next".
      expect(inline.match(/<br\/>/g)).toHaveLength(1);
      expect(inline).toMatch(/holds<br\/>\nnext/);
      const display = render('$$\na \\\\\nb\n$$');
      expect(display).toContain('katex-display');
      expect(display).not.toContain('<br');
      expect(render('```\nx\ny\n```')).toContain('<pre><code>x\ny\n</code></pre>');
      expect(render('`x\ny`')).not.toContain('<br');
    });

    it('keeps the safety rules across lines: raw HTML on one line, a link on the next, both inert', () => {
      const html = render('see <img src=x onerror=alert(1)>\n[go](javascript:alert(1))\nend');
      expect(tags(html)).not.toContain('img');
      expect(tags(html)).not.toContain('a');
      expect(html.match(/<br\/>/g)).toHaveLength(2);
    });
  });
});

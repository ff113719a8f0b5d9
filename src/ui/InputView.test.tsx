// How <InputView> lays out string and JSON inputs, and that object values stay inert text.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { InputView } from './InputView.tsx';
import { humaniseKey } from './humaniseKey.ts';

describe('InputView', () => {
  it('renders a string input as markdown', () => {
    const html = renderToStaticMarkup(<InputView input={'**Find** $x$'} />);
    expect(html).toContain('<strong>Find</strong>');
    expect(html).toContain('class="katex"');
  });

  it('gives each key of an object its own headed section, in key order', () => {
    const html = renderToStaticMarkup(<InputView input={{ problem: 'Solve it', steps: ['a', 'b'] }} />);
    const headings = [...html.matchAll(/<h3 class="rir-input-key">([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['problem', 'steps']);
  });

  it('numbers a list of strings from 1, each item as markdown', () => {
    const html = renderToStaticMarkup(<InputView input={{ steps: ['First $a$', 'Second *b*'] }} />);
    expect(html).toContain('<ol class="rir-input-list" start="1">');
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain('<em>b</em>');
    expect(html).toContain('class="katex"');
  });

  it('can number steps from 0', () => {
    expect(renderToStaticMarkup(<InputView input={{ steps: ['a'] }} listStart={0} />)).toContain('start="0"');
  });

  it('shows numbers, booleans and null as text, nested values as JSON', () => {
    const html = renderToStaticMarkup(
      <InputView input={{ n: 4, ok: false, none: null, meta: { k: [1, 2] }, mixed: ['a', 1] }} headingLevel={4} />,
    );
    expect(html).toContain('<h4 class="rir-input-key">meta</h4>');
    expect(html).toContain('<p class="rir-input-scalar">4</p>');
    expect(html).toContain('<p class="rir-input-scalar">false</p>');
    expect(html).toContain('null</p>');
    expect(html).toContain('<pre class="rir-input-json">{\n  &quot;k&quot;: [\n    1,\n    2\n  ]\n}</pre>');
    expect(html).toContain('<pre class="rir-input-json">[\n  &quot;a&quot;,\n  1\n]</pre>');
  });

  it('keeps the line breaks of a dialogue: a string input, a string field and a list item', () => {
    const dialogue = 'User: Explain the score.\nAssistant: It is 3 because…';
    const lines = '<p>User: Explain the score.<br/>\nAssistant: It is 3 because…</p>';
    expect(renderToStaticMarkup(<InputView input={dialogue} />)).toContain(lines);
    expect(renderToStaticMarkup(<InputView input={{ conversation: dialogue }} />)).toContain(lines);
    expect(renderToStaticMarkup(<InputView input={{ turns: [dialogue, 'x'] }} />)).toContain(lines);
  });

  it('keeps line breaks of strings inside nested JSON, still as inert text', () => {
    const html = renderToStaticMarkup(
      <InputView
        input={[
          { role: 'user', content: 'Hi\n<img src=x onerror=alert(1)>' },
          { role: 'assistant', content: 'Hello' },
        ]}
      />,
    );
    // The second line of the string continues under its first character (column 16), not as "\n".
    expect(html).toContain('&quot;content&quot;: &quot;Hi\n                &lt;img src=x onerror=alert(1)&gt;&quot;');
    expect(html).not.toContain('\\n');
    expect(html).not.toMatch(/<img\b/i);
  });

  it('keeps hostile HTML in keys, values and JSON as text', () => {
    const html = renderToStaticMarkup(
      <InputView input={{ '<img src=x onerror=alert(1)>': '<script>alert(1)</script>', j: { h: '<img src=y>' } }} />,
    );
    expect(html).not.toMatch(/<(img|script)\b/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=y&gt;');
  });
});

describe('humaniseKey', () => {
  it('splits snake, kebab and camel case into lower-case words', () => {
    expect(humaniseKey('problem_statement')).toBe('problem statement');
    expect(humaniseKey('problem-statement')).toBe('problem statement');
    expect(humaniseKey('problemStatement')).toBe('problem statement');
    expect(humaniseKey('question')).toBe('question');
    expect(humaniseKey('__')).toBe('__');
  });
});

// Long and deep dataset text on screen (issue 14.2, 14.3): a bounded prefix with "Show all (N
// characters)" in Markdown and JSON inputs, long unbroken runs laid out in pieces with the text
// unchanged, and an input nested 10,000 levels deep shown to 50 levels then "… N more levels".
// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { JsonValue } from '../domain/types.ts';
import { SHOWN_TEXT_CHARS } from '../domain/textPrefix.ts';
import { click, mountPerTest } from '../test/renderDom.tsx';
import { InputView } from './InputView.tsx';
import { Markdown } from './Markdown.tsx';

const { mount, view } = mountPerTest();
const TOKEN = 'A'.repeat(300_000);

const showAll = (root: Element) => [...root.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show all')) ?? null;

function nested(levels: number): JsonValue {
  let v: JsonValue = 'bottom';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

describe('Markdown with a long text', () => {
  it('shows the first characters and "Show all (N characters)"', () => {
    const root = mount(<Markdown text={`Question: ${TOKEN}`} />);
    expect(root.textContent).toContain(`Question: ${'A'.repeat(SHOWN_TEXT_CHARS - 'Question: '.length)}`);
    expect(root.textContent).not.toContain('A'.repeat(SHOWN_TEXT_CHARS));
    expect(showAll(root)?.textContent).toBe('Show all (300,010 characters)');
    expect(root.textContent).toContain(`Shortened: the first ${SHOWN_TEXT_CHARS.toLocaleString('en-US')} characters are shown.`);
  });

  it('shows all of it when asked, and starts bounded again for another text', () => {
    const root = mount(<Markdown text={TOKEN} />);
    click(showAll(root)!);
    expect(showAll(root)).toBeNull();
    expect(root.querySelector('.rir-md p')?.textContent).toBe(TOKEN);
    view().rerender(<Markdown text={`${TOKEN}B`} />);
    expect(showAll(root)?.textContent).toBe('Show all (300,001 characters)');
  });

  it('leaves a text under the bound alone', () => {
    const root = mount(<Markdown text={'word '.repeat(3000)} />);
    expect(showAll(root)).toBeNull();
  });

  it('lays a long unbroken run out in spans of 100 characters, the text unchanged', () => {
    const text = `Before ${'B'.repeat(1000)} after`;
    const html = renderToStaticMarkup(<Markdown text={text} />);
    expect(html).toContain(`<span>${'B'.repeat(100)}</span>`);
    const root = mount(<Markdown text={text} />);
    expect(root.querySelector('.rir-md p')?.textContent).toBe(text);
    expect(root.querySelectorAll('.rir-md p span')).toHaveLength(10);
  });

  it('leaves formulas whole', () => {
    const html = renderToStaticMarkup(<Markdown text={`$${'x'.repeat(150)}$`} />);
    expect(html).toContain('class="katex"');
    expect(html).not.toContain(`<span>${'x'.repeat(100)}</span>`);
  });
});

describe('InputView with a long or deep input', () => {
  it('bounds a long string inside a JSON value, with "Show all"', () => {
    const root = mount(<InputView input={{ meta: { blob: TOKEN } }} />);
    const pre = root.querySelector('pre.rir-input-json')!;
    expect(pre.textContent!.length).toBe(SHOWN_TEXT_CHARS);
    expect(pre.querySelectorAll('span').length).toBeGreaterThan(100);
    click(showAll(root)!);
    expect(root.querySelector('pre.rir-input-json')!.textContent).toContain(TOKEN);
  });

  it('bounds a string input, with "Show all"', () => {
    const root = mount(<InputView input={TOKEN} />);
    expect(showAll(root)?.textContent).toBe('Show all (300,000 characters)');
  });

  it('shows an input nested 10,000 levels deep to 50 levels, then the rest in words', () => {
    const root = mount(<InputView input={{ tree: nested(10_000) }} />);
    const pre = root.querySelector('pre.rir-input-json')!;
    expect(pre.textContent).toContain('… 9950 more levels');
    expect(pre.textContent!.match(/"a":/g)).toHaveLength(50);
    const top = mount(<InputView input={[nested(10_000)]} />);
    expect(top.textContent).toContain('… 9951 more levels');
  });
});

describe('Markdown nested thousands of levels deep', () => {
  it('is shown as plain text, with why, instead of failing', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const text = `${'>'.repeat(10_000)} deep quote`;
    const root = mount(<Markdown text={text} />);
    expect(root.querySelector('.rir-md-plain')?.textContent).toBe(text);
    expect(root.textContent).toContain('Shown as plain text: it could not be rendered as Markdown (Maximum call stack size exceeded)');
    // Another text renders as Markdown again.
    view().rerender(<Markdown text="**fine**" />);
    expect(root.querySelector('strong')?.textContent).toBe('fine');
    spy.mockRestore();
  });
});

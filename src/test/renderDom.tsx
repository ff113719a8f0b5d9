// Mounts React elements into a DOM container for component tests that click (run them with
// `// @vitest-environment happy-dom`). Static markup tests use `renderToStaticMarkup` instead.
import { act, type ReactNode } from 'react';
import { afterEach } from 'vitest';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  rerender(node: ReactNode): void;
  unmount(): void;
}

export function renderDom(node: ReactNode): Rendered {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  act(() => root.render(node));
  return {
    container,
    rerender: (next) => act(() => root.render(next)),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Dispatches a bubbling click at client coordinates (x, y) on `el`. */
export function click(el: Element, x = 0, y = 0): void {
  act(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));
  });
}

/**
 * Mounting for test files that render one element at a time: `mount(node)` unmounts the previous
 * one, renders `node` and returns its container; the last is unmounted after each test. Call at
 * module level.
 */
export function mountPerTest(): { mount: (node: ReactNode) => HTMLElement; view: () => Rendered } {
  let current: Rendered | undefined;
  afterEach(() => {
    current?.unmount();
    current = undefined;
  });
  return {
    mount: (node) => {
      current?.unmount();
      return (current = renderDom(node)).container;
    },
    view: () => {
      if (!current) throw new Error('nothing mounted');
      return current;
    },
  };
}

/** A numeric SVG attribute (`cx`, `y1`, …). */
export const numAttr = (el: Element, name: string): number => Number(el.getAttribute(name));

/** Every element under `root` matching `selector`, as an array. */
export const all = (root: Element, selector: string): Element[] => [...root.querySelectorAll(selector)];

/** Lets pending promises (a load from storage, its state update) run and React render what they set. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

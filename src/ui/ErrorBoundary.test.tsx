// A screen that throws while rendering shows the error's message as text and a way back; "Try
// again" and a new route mount it afresh.
// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { click, mountPerTest } from '../test/renderDom.tsx';
import { ErrorBoundary, errorMessage } from './ErrorBoundary.tsx';

const { mount, view } = mountPerTest();

let broken = true;
function Screen({ name }: { name: string }) {
  if (broken) throw new Error(`<b>${name}</b> is broken`);
  return <p>{name} works</p>;
}

const button = (root: Element, name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name) ?? null;

describe('ErrorBoundary', () => {
  beforeEach(() => {
    broken = true;
    // React and the boundary log the caught error; keep the test output quiet.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('renders its children when nothing throws', () => {
    broken = false;
    const root = mount(
      <ErrorBoundary>
        <Screen name="Browse" />
      </ErrorBoundary>,
    );
    expect(root.textContent).toBe('Browse works');
  });

  it('shows the message as text, "Try again" and a link to the datasets', () => {
    const root = mount(
      <ErrorBoundary what="the Example screen">
        <Screen name="Example" />
      </ErrorBoundary>,
    );
    const alert = root.querySelector('[role="alert"]');
    expect(alert?.querySelector('h1')?.textContent).toBe('Something went wrong on the Example screen');
    expect(alert?.querySelector('code')?.textContent).toBe('<b>Example</b> is broken');
    // The message is text, never markup.
    expect(alert?.querySelector('b')).toBeNull();
    expect(alert?.querySelector('a[href="#/"]')?.textContent).toBe('Go to datasets');
    expect(button(root, 'Try again')).not.toBeNull();
  });

  it('"Try again" mounts the children afresh', () => {
    const root = mount(
      <ErrorBoundary>
        <Screen name="Annotate" />
      </ErrorBoundary>,
    );
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    broken = false;
    click(button(root, 'Try again')!);
    expect(root.textContent).toBe('Annotate works');
  });

  it('navigating resets it: a new key, or a new reset key on the same screen', () => {
    const root = mount(
      <ErrorBoundary key="example" resetKey="#/example/d/a">
        <Screen name="Example" />
      </ErrorBoundary>,
    );
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    // Another example of the same screen: the boundary stays, the error goes.
    broken = false;
    view().rerender(
      <ErrorBoundary key="example" resetKey="#/example/d/b">
        <Screen name="Example" />
      </ErrorBoundary>,
    );
    expect(root.textContent).toBe('Example works');
    // Another screen (App keys a boundary per screen) starts clean even after an error.
    broken = true;
    view().rerender(
      <ErrorBoundary key="example" resetKey="#/example/d/c">
        <Screen name="Example" />
      </ErrorBoundary>,
    );
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    broken = false;
    view().rerender(
      <ErrorBoundary key="browse" resetKey="#/browse/d">
        <Screen name="Browse" />
      </ErrorBoundary>,
    );
    expect(root.textContent).toBe('Browse works');
  });

  it('names any thrown value', () => {
    expect(errorMessage(new RangeError('Maximum call stack size exceeded'))).toBe('Maximum call stack size exceeded');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(Object.create(null))).toBe('unknown error');
  });
});

// Prompt versions named like Object.prototype members ("__proto__", "constructor", "toString"):
// the example body shows each with its own header text, or none, never an inherited member (issue 14.1).
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { makeDatasetInfo, makeExample, makeRollout } from '../../test/builders.ts';
import { mountPerTest } from '../../test/renderDom.tsx';
import { ExampleBody } from './ExampleBody.tsx';

const VERSIONS = ['__proto__', 'constructor', 'toString'];
const { mount } = mountPerTest();

describe('ExampleBody with prompt versions named like prototype members', () => {
  const example = makeExample({ id: '__proto__', rollouts: VERSIONS.map((prompt, i) => makeRollout({ prompt, score: i + 1 })) });
  const section = (root: HTMLElement, v: string) => root.querySelector(`section[aria-label="Prompt ${v}"]`);

  it('renders every version without header texts (nothing inherited is taken for one)', () => {
    const info = makeDatasetInfo('d', { promptOrder: VERSIONS, prompts: {} });
    const root = mount(<ExampleBody info={info} example={example} />);
    for (const v of VERSIONS) {
      expect(section(root, v)).not.toBeNull();
      expect(section(root, v)!.textContent).not.toContain('Prompt text');
    }
  });

  it('shows each version’s own header text, "__proto__" included', () => {
    const prompts: Record<string, string> = JSON.parse('{"__proto__":"text zero","constructor":"text one","toString":"text two"}');
    const info = makeDatasetInfo('d', { promptOrder: VERSIONS, prompts });
    const root = mount(<ExampleBody info={info} example={example} calibrated={JSON.parse('{"toString":2.5}')} />);
    expect(section(root, '__proto__')!.textContent).toContain('text zero');
    expect(section(root, 'constructor')!.textContent).toContain('text one');
    expect(section(root, 'toString')!.textContent).toContain('text two');
    expect(section(root, 'toString')!.textContent).toContain('calibrator');
    expect(section(root, 'constructor')!.textContent).not.toContain('calibrator');
  });
});

// @vitest-environment happy-dom
// README, Annotate: "Pointer users get value buttons (stepped scales up to 21 values) or a slider."
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { all, click, mountPerTest } from '../../test/renderDom.tsx';
import { LabelButtons } from './LabelButtons.tsx';

const { mount } = mountPerTest();
const buttonTexts = (root: Element) => all(root, '[role="group"][aria-label="Label values"] button').map((b) => b.textContent);

describe('LabelButtons', () => {
  it('gives a 1–5 scale one button per value, and a click chooses that value', () => {
    const onChoose = vi.fn();
    const root = mount(<LabelButtons scale={{ min: 1, max: 5, step: 1 }} value={3} onChoose={onChoose} />);
    expect(buttonTexts(root)).toEqual(['1', '2', '3', '4', '5']);
    expect(root.querySelector('button[aria-pressed="true"]')!.textContent).toBe('3');
    expect(root.querySelector('input[type="range"]')).toBeNull();
    click(root.querySelector('button[aria-label="Label 4"]')!);
    expect(onChoose).toHaveBeenCalledExactlyOnceWith(4);
  });

  it('keeps buttons up to 21 values (0–10 by 0.5) and gives decimal steps exactly', () => {
    const onChoose = vi.fn();
    const root = mount(<LabelButtons scale={{ min: 0, max: 10, step: 0.5 }} value={null} onChoose={onChoose} />);
    const texts = buttonTexts(root);
    expect(texts).toHaveLength(21);
    expect(texts.slice(0, 4)).toEqual(['0', '0.5', '1', '1.5']);
    expect(texts.at(-1)).toBe('10');
    click(root.querySelector('button[aria-label="Label 0.5"]')!);
    expect(onChoose).toHaveBeenCalledExactlyOnceWith(0.5);
  });

  it('switches to a slider with a Save button above 21 values (0–21 by 1: 22 values) and without a step', () => {
    for (const scale of [
      { min: 0, max: 21, step: 1 },
      { min: 0, max: 1 },
    ]) {
      const onChoose = vi.fn();
      const root = mount(<LabelButtons scale={scale} value={null} onChoose={onChoose} />);
      expect(buttonTexts(root)).toEqual([]);
      const slider = root.querySelector<HTMLInputElement>('input[type="range"][aria-label="Label slider"]')!;
      expect(slider).not.toBeNull();
      expect([slider.min, slider.max]).toEqual([String(scale.min), String(scale.max)]);
      // It starts mid-scale; Save chooses what it shows.
      const save = all(root, 'button').find((b) => b.textContent?.startsWith('Save'))!;
      expect(save.textContent).toBe(`Save ${(scale.min + scale.max) / 2}`);
      click(save);
      expect(onChoose).toHaveBeenCalledExactlyOnceWith((scale.min + scale.max) / 2);
    }
  });

  it('saves the value the slider was moved to', () => {
    const onChoose = vi.fn();
    const root = mount(<LabelButtons scale={{ min: 0, max: 100, step: 1 }} value={null} onChoose={onChoose} />);
    const slider = root.querySelector<HTMLInputElement>('input[type="range"]')!;
    act(() => {
      // React tracks the value through the native setter; set it that way, then fire input.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, '73');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const save = all(root, 'button').find((b) => b.textContent?.startsWith('Save'))!;
    expect(save.textContent).toBe('Save 73');
    click(save);
    expect(onChoose).toHaveBeenCalledExactlyOnceWith(73);
  });
});

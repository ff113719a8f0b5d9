// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { renderDom } from '../test/renderDom.tsx';
import { isTextEntry, keymap } from './keymap.ts';
import { ShortcutSheet } from './ShortcutSheet.tsx';

describe('shortcut sheet', () => {
  it('lists every action of its scope from the keymap, with its keys, and nothing of other scopes', () => {
    const r = renderDom(<ShortcutSheet scope="annotate" extra={[{ keys: '0–9', label: 'Type the label' }]} onClose={() => undefined} />);
    const rows = [...r.container.querySelectorAll('tr')];
    const annotate = Object.entries(keymap).filter(([, b]) => b.scope === 'annotate');
    expect(rows).toHaveLength(annotate.length + 1);
    expect(rows[0]!.textContent).toBe('0–9Type the label');
    const undo = rows.find((row) => row.getAttribute('data-action') === 'annotate.undo')!;
    expect(undo.querySelector('kbd')!.textContent).toBe('u');
    expect(undo.querySelector('td')!.textContent).toBe(keymap['annotate.undo'].label);
    const next = rows.find((row) => row.getAttribute('data-action') === 'annotate.next')!;
    expect([...next.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['j', '↓', '→']);
    expect(rows.some((row) => row.getAttribute('data-action')?.startsWith('example.'))).toBe(false);
    r.unmount();
  });

  it('closes on Escape and on ?', () => {
    const onClose = vi.fn();
    const r = renderDom(<ShortcutSheet scope="annotate" onClose={onClose} />);
    const dialog = r.container.querySelector('dialog')!;
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true }));
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onClose).toHaveBeenCalledTimes(2);
    r.unmount();
  });
});

describe('text entry', () => {
  it('counts text fields and selects, not checkboxes or buttons', () => {
    const el = (html: string) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      return div.firstElementChild;
    };
    expect(isTextEntry(el('<input type="text">'))).toBe(true);
    expect(isTextEntry(el('<input>'))).toBe(true);
    expect(isTextEntry(el('<textarea></textarea>'))).toBe(true);
    expect(isTextEntry(el('<select></select>'))).toBe(true);
    expect(isTextEntry(el('<input type="checkbox">'))).toBe(false);
    expect(isTextEntry(el('<button>x</button>'))).toBe(false);
  });
});

// Annotate's note on which target wins: plain words, the example's own target only when it may be
// shown, and a link to the setting on the Agreement screen.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { PrecedenceNote } from './PrecedenceNote.tsx';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;|&apos;/g, "'");

describe('PrecedenceNote', () => {
  it('says dataset targets take precedence, with this example’s target when it is shown, and links the setting', () => {
    const html = renderToStaticMarkup(<PrecedenceNote datasetId="d 1" prefer="dataset" exampleTarget={7} revealed />);
    expect(text(html)).toMatch(
      /^This dataset's own targets take precedence over hand labels\. This example has one \(7\): it stays the target/,
    );
    expect(html).toContain('href="#/agreement/d%201"');
    expect(text(html)).toContain('Change this in Agreement → Target preference.');
  });

  it('tells the user their label becomes the target of an example without one', () => {
    const html = renderToStaticMarkup(<PrecedenceNote datasetId="d" prefer="dataset" exampleTarget={undefined} revealed />);
    expect(text(html)).toContain('This example has none, so your label becomes its target.');
  });

  it('in blind mode before the reveal, says nothing about this example’s target', () => {
    const hidden = text(renderToStaticMarkup(<PrecedenceNote datasetId="d" prefer="dataset" exampleTarget={7} revealed={false} />));
    const none = text(renderToStaticMarkup(<PrecedenceNote datasetId="d" prefer="dataset" exampleTarget={undefined} revealed={false} />));
    expect(hidden).toBe(none);
    expect(hidden).not.toMatch(/7|This example/);
  });

  it('says hand labels take precedence when the setting says so', () => {
    const html = text(renderToStaticMarkup(<PrecedenceNote datasetId="d" prefer="labels" exampleTarget={7} revealed />));
    expect(html).toMatch(/^Hand labels take precedence over this dataset's own targets/);
    expect(html).not.toContain('own targets take precedence over hand labels');
  });
});

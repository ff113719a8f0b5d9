// Markdown-with-math renderer for dataset and rollout text (docs/ARCHITECTURE.md §11.3): never injects HTML, never fetches images, keeps single line breaks. Props only; no store.
import { memo } from 'react';
import ReactMarkdown, { type Options } from 'react-markdown';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import 'katex/dist/katex.min.css';
import './ui.css';
import { normalizeMathDelimiters } from './mathDelimiters.ts';
import { rehypeDatasetSafety } from './rehypeDatasetSafety.ts';
import { rehypeLongWords } from './rehypeLongWords.ts';
import { remarkLineBreaks } from './remarkLineBreaks.ts';
import { ErrorBoundary, errorMessage } from './ErrorBoundary.tsx';
import { LongText, useShownText } from './ShowAll.tsx';

export interface MarkdownProps {
  /** Dataset or LLM text; raw HTML in it is shown as text, and every line break is kept. */
  text: string;
  /** Characters laid out before "Show all" (SHOWN_TEXT_CHARS by default): a long unbroken token takes the browser seconds. */
  maxChars?: number;
}

// remarkLineBreaks after remarkMath: math nodes are not text, so a formula's own newlines stay.
const remarkPlugins: Options['remarkPlugins'] = [remarkMath, remarkLineBreaks];
const rehypePlugins: Options['rehypePlugins'] = [
  // rehype-katex renders with throwOnError, then falls back to throwOnError: false itself (its
  // options type omits the flag). trust: false keeps \href, \url, \includegraphics and \html* off;
  // maxSize bounds hostile \rule / \kern sizes (em).
  [rehypeKatex, { strict: 'ignore', trust: false, maxSize: 50, maxExpand: 1000 }],
  // Last, so it also sees KaTeX output.
  rehypeDatasetSafety,
  // After it: only splits text into spans, so a long unbroken token lays out in linear time.
  rehypeLongWords,
];

/** Second line of defence behind rehypeDatasetSafety: no URL attribute (href, src, …) survives at all. */
function urlTransform(): null {
  return null;
}

export const Markdown = memo(function Markdown({ text, maxChars }: MarkdownProps) {
  const { shown, more } = useShownText(text, maxChars);
  return (
    <div className="rir-md">
      {/* The parser and its plugins recurse: text nested thousands of levels deep (">>>>…") overflows
          the stack, and is then shown as plain text rather than blanking the screen. */}
      <ErrorBoundary resetKey={shown} fallback={(error) => <PlainText text={shown} error={error} />}>
        <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} skipHtml={false} urlTransform={urlTransform}>
          {normalizeMathDelimiters(shown)}
        </ReactMarkdown>
      </ErrorBoundary>
      {more}
    </div>
  );
});

/** Text Markdown could not render, as it is (line breaks kept), and why. */
function PlainText({ text, error }: { text: string; error: unknown }) {
  return (
    <>
      <p className="rir-muted">Shown as plain text: it could not be rendered as Markdown ({errorMessage(error)}).</p>
      <p className="rir-md-plain">
        <LongText text={text} />
      </p>
    </>
  );
}

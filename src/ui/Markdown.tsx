// Markdown-with-math renderer for dataset and rollout text (docs/ARCHITECTURE.md §11.3): never injects HTML, never fetches images, keeps single line breaks. Props only; no store.
import { memo } from 'react';
import ReactMarkdown, { type Options } from 'react-markdown';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import 'katex/dist/katex.min.css';
import './ui.css';
import { normalizeMathDelimiters } from './mathDelimiters.ts';
import { isSafeHref, rehypeDatasetSafety } from './rehypeDatasetSafety.ts';
import { remarkLineBreaks } from './remarkLineBreaks.ts';

export interface MarkdownProps {
  /** Dataset or LLM text; raw HTML in it is shown as text, and every line break is kept. */
  text: string;
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
];

/** Second line of defence behind rehypeDatasetSafety: no URL attribute but a safe link target survives. */
function urlTransform(url: string, key: string): string | null {
  return key === 'href' && isSafeHref(url) ? url : null;
}

export const Markdown = memo(function Markdown({ text }: MarkdownProps) {
  return (
    <div className="rir-md">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} skipHtml={false} urlTransform={urlTransform}>
        {normalizeMathDelimiters(text)}
      </ReactMarkdown>
    </div>
  );
});

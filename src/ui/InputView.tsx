// Renders an example's input (docs/ARCHITECTURE.md §3.1, §11.3): markdown text, or one section per key of a JSON object; line breaks are kept in both. Props only; no store.
import { memo, useMemo } from 'react';
import type { ExampleInput, JsonValue } from '../domain/types.ts';
import { humaniseKey } from './humaniseKey.ts';
import { formatJson } from './jsonText.ts';
import { Markdown } from './Markdown.tsx';
import { LongText, useShownText } from './ShowAll.tsx';
import './ui.css';

export interface InputViewProps {
  input: ExampleInput;
  /** Level of the per-key section headings, to fit the page outline. Default 3. */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /**
   * Number of the first item in a list of strings (solution steps). Default 1; 0 matches
   * datasets whose labels index steps from 0 (ProcessBench's first-error index).
   */
  listStart?: number;
}

const isStringArray = (v: JsonValue[]): v is string[] => v.length > 0 && v.every((x) => typeof x === 'string');

function Value({ value, listStart }: { value: JsonValue; listStart: number }) {
  if (typeof value === 'string') return <Markdown text={value} />;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return <p className="rir-input-scalar">{String(value)}</p>;
  }
  if (value === null) return <p className="rir-input-scalar rir-input-null">null</p>;
  if (Array.isArray(value) && isStringArray(value)) {
    return (
      <ol className="rir-input-list" start={listStart}>
        {value.map((item, i) => (
          <li key={i}>
            <Markdown text={item} />
          </li>
        ))}
      </ol>
    );
  }
  // Nested values as JSON; line breaks inside their strings are kept, levels past 50 summarised (formatJson).
  return <JsonText value={value} />;
}

/** A JSON value as text, bounded like Markdown: a long string inside it is laid out only when asked for. */
export function JsonText({ value, className = 'rir-input-json' }: { value: JsonValue; className?: string }) {
  const { shown, more } = useShownText(useMemo(() => formatJson(value), [value]));
  return (
    <>
      <pre className={className}>
        <LongText text={shown} />
      </pre>
      {more}
    </>
  );
}

export const InputView = memo(function InputView({ input, headingLevel = 3, listStart = 1 }: InputViewProps) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return (
      <div className="rir-input">
        <Value value={input} listStart={listStart} />
      </div>
    );
  }
  const Heading = `h${headingLevel}` as const;
  const entries = Object.entries(input);
  return (
    <div className="rir-input">
      {entries.length === 0 && <p className="rir-input-scalar rir-input-null">(empty input)</p>}
      {entries.map(([key, value]) => (
        <section key={key} className="rir-input-section">
          <Heading className="rir-input-key">{humaniseKey(key)}</Heading>
          <Value value={value} listStart={listStart} />
        </section>
      ))}
    </div>
  );
});

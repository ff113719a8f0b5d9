// What the text ridge learned from the reasoning (issue 15 point 4): the hashed word n-grams whose
// weight pushes predictions up most and down most, each named by the n-grams of the dataset's
// reasoning that fall in its bucket. The dictionary is computed here, once per model and examples,
// for the listed buckets only (textExplain.ts), from the version's reasoning read from storage a
// chunk at a time.
import { useEffect, useMemo, useState } from 'react';
import { topBuckets, topNgrams, type NamedBucket, type NgramDictionary, type NgramWeight } from '../../calibrator/textExplain.ts';
import type { TextRidgeModel } from '../../calibrator/textModel.ts';
import { loadNgramDictionary, type ExampleTexts } from '../../store/exampleTexts.ts';
import { plural } from '../format.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

export interface TextExplainPanelProps {
  model: TextRidgeModel;
  /** The dataset's examples. */
  examples: readonly ExampleCore[];
  /** Their text, in storage: the reasoning names the buckets. */
  texts: ExampleTexts;
  /** The examples the model was fitted on (default: every example); "in N examples" counts these. */
  trainExamples?: ArrayLike<number> | null;
  /** N-grams listed each way. */
  k?: number;
}

/** A signed contribution or weight: "+0.21", "−0.15" (a true minus sign); two decimals, one significant digit below 0.01. */
export function formatSigned(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 0.01 || a === 0 ? a.toFixed(2) : a.toPrecision(1);
  return `${v < 0 ? '\u2212' : '+'}${digits}`;
}

/** The bucket's top n-gram in quotes, "+N more" when others hash to the same bucket (listed in the title). */
export function NgramName({ item }: { item: NamedBucket }) {
  if (item.ngrams.length === 0) return <span className="rir-muted">{item.label}</span>;
  const title =
    item.more > 0
      ? `Bucket ${item.bucket} holds ${item.more + 1} n-grams of the reasoning read; the most frequent: ${item.ngrams
          .map((g) => `“${g.text}” ×${g.count}`)
          .join(', ')}`
      : undefined;
  return (
    <span className="rir-ngram" title={title}>
      <q>{item.ngrams[0]!.text}</q>
      {item.more > 0 && <span className="rir-muted"> +{item.more} more</span>}
    </span>
  );
}

function NgramList({ title, items, direction }: { title: string; items: NgramWeight[]; direction: 'up' | 'down' }) {
  return (
    <div className={`rir-ngram-list rir-ngram-${direction}`}>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="rir-muted">None.</p>
      ) : (
        <ol aria-label={title}>
          {items.map((it) => (
            <li key={it.bucket} data-bucket={it.bucket}>
              <span className="rir-num rir-ngram-weight">{formatSigned(it.weight)}</span> <NgramName item={it} />{' '}
              <span className="rir-muted">· {plural(it.examples, 'example')}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function TextExplainPanel({ model, examples, texts: exampleTexts, trainExamples = null, k = 10 }: TextExplainPanelProps) {
  const [read, setRead] = useState<{ key: string; dictionary: NgramDictionary | null; error: string | null } | null>(null);
  const key = `${exampleTexts.datasetId}\u0000${model.prompt}\u0000${examples.length}`;
  const buckets = useMemo(() => topBuckets(model, k), [model, k]);
  useEffect(() => {
    // Only the listed buckets are named, over a pass of the stored reasoning a chunk at a time: no
    // string is made for the other buckets, and the version's reasoning is never held whole.
    const controller = new AbortController();
    loadNgramDictionary(
      exampleTexts,
      model.prompt,
      model.text,
      new Set([...buckets.up, ...buckets.down]),
      trainExamples,
      controller.signal,
    ).then(
      (dictionary) => !controller.signal.aborted && setRead({ key, dictionary, error: null }),
      (e: unknown) => !controller.signal.aborted && setRead({ key, dictionary: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => controller.abort();
  }, [exampleTexts, model, buckets, trainExamples, key]);
  const dictionary = read?.key === key ? read.dictionary : null;
  const top = useMemo(() => (dictionary ? { ...topNgrams(model, dictionary, k), n: dictionary.n } : null), [model, dictionary, k]);
  if (!top) {
    const error = read?.key === key ? read.error : null;
    return (
      <section aria-label="What the reasoning says" className="rir-text-explain">
        <h3>What the reasoning says</h3>
        {error ? (
          <p role="alert" className="rir-error">
            The reasoning could not be read: {error}
          </p>
        ) : (
          <p role="status" className="rir-muted">
            Reading the reasoning…
          </p>
        )}
      </section>
    );
  }
  return (
    <section aria-label="What the reasoning says" className="rir-text-explain">
      <h3>What the reasoning says</h3>
      <p className="rir-muted">
        The word n-grams of the reasoning with the largest weights in the text ridge, in points of the scale per unit of tf-idf (a
        reasoning’s tf-idf row has length 1, so one n-gram moves a prediction by a fraction of its weight). Each is a hashed bucket, named
        by its most frequent n-gram in the {plural(top.n, 'example')}
        {trainExamples === null ? '' : ' it was fitted on'}; “+N more” counts the others that share it.
      </p>
      <div className="rir-text-explain-lists">
        <NgramList title="Push predictions up" items={top.up} direction="up" />
        <NgramList title="Push predictions down" items={top.down} direction="down" />
      </div>
    </section>
  );
}

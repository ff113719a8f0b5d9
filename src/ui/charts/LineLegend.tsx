// The key to line charts that share colours (the Train screen's curves): an entry per colour slot, e.g. per
// configuration, and what solid and dashed mean. HTML beside the charts, so it wraps however many entries there are.
import { LINE_COLOURS } from './LineChart.tsx';

export interface LegendEntry {
  label: string;
  /** Colour slot, as in `LineSeries.colour`. */
  colour: number;
  /** Drawn thick, like its highlighted series. */
  highlighted?: boolean;
}

/**
 * The key to one or more line charts that share colours: an entry per colour (e.g. per configuration) and, when
 * `styles` is given, what a solid and a dashed line mean. HTML beside the charts, so it wraps however many entries.
 */
export function LineLegend({
  label,
  entries,
  styles,
}: {
  /** Accessible name of the legend. */
  label: string;
  entries: readonly LegendEntry[];
  styles?: readonly { label: string; dashed: boolean }[];
}) {
  return (
    <div className="rir-line-legend" role="group" aria-label={label}>
      <ul className="rir-line-legend-entries">
        {entries.map((e, i) => (
          <li
            key={i}
            className={`rir-line-legend-item rir-line-${e.colour % LINE_COLOURS}${e.highlighted ? ' rir-line-highlight' : ''}`}
            data-colour={e.colour % LINE_COLOURS}
          >
            <span className="rir-line-swatch" aria-hidden="true" />
            {e.label}
          </li>
        ))}
      </ul>
      {styles && styles.length > 0 && (
        <ul className="rir-line-legend-styles">
          {styles.map((s) => (
            <li key={s.label} className="rir-line-legend-item">
              <span className={`rir-line-swatch${s.dashed ? ' rir-line-swatch-dashed' : ''}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

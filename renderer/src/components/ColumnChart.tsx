// A vertical SVG column chart for a run of days (or any short sequence), with each value
// above its column. Like BarChart, the picture is hidden from screen readers and the same
// numbers are in a visually hidden table, so nothing is conveyed by the picture alone.
import { ChartFigure } from './ChartFigure';

/** `label` sits under the column (short, e.g. a day of the month); `name` is its full name for the table. */
export type Column = { label: string; name: string; value: number };

const COLUMN = 34;
const HEIGHT = 90;
const LABEL = 18;
const VALUE = 16;

export function ColumnChart({ columns, caption, testId }: { columns: readonly Column[]; caption: string; testId?: string }) {
  const max = Math.max(1, ...columns.map((c) => c.value));
  return (
    <ChartFigure caption={caption} testId={testId} rows={columns.map((column) => ({ key: column.label, name: column.name, value: column.value }))}>
      <svg viewBox={`0 0 ${columns.length * COLUMN} ${VALUE + HEIGHT + LABEL}`} width={columns.length * COLUMN} height={VALUE + HEIGHT + LABEL} aria-hidden="true" focusable="false">
        {columns.map((column, i) => {
          const height = column.value === 0 ? 0 : Math.max(2, (column.value / max) * HEIGHT);
          return (
            <g key={column.label} transform={`translate(${i * COLUMN} 0)`}>
              <rect x={4} y={VALUE} width={COLUMN - 8} height={HEIGHT} rx={3} className="chart-track" />
              <rect x={4} y={VALUE + HEIGHT - height} width={COLUMN - 8} height={height} rx={3} className="chart-bar neutral" />
              <text x={COLUMN / 2} y={VALUE - 4} textAnchor="middle" className="chart-value">{column.value === 0 ? '' : column.value.toLocaleString()}</text>
              <text x={COLUMN / 2} y={VALUE + HEIGHT + LABEL - 4} textAnchor="middle" className="chart-label">{column.label}</text>
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}

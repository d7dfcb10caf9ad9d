// A horizontal SVG bar chart with its numbers as text beside each bar. The SVG is
// decorative for screen readers (aria-hidden); the same data is in the table the chart
// sits on (ChartFigure), so nothing is conveyed by the picture alone.
import { ChartFigure } from './ChartFigure';

/** `level-0` … `level-5`: the security level's own colour, from red to green. */
export type Bar = { label: string; value: number; tone?: 'good' | 'warn' | 'bad' | 'neutral' | `level-${0 | 1 | 2 | 3 | 4 | 5}` };

const ROW = 26;
const LABEL_WIDTH = 170;
const BAR_WIDTH = 260;

export function BarChart({ bars, caption, testId }: { bars: readonly Bar[]; caption: string; testId?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ChartFigure caption={caption} testId={testId} rows={bars.map((bar) => ({ key: bar.label, name: bar.label, value: bar.value }))}>
      <svg viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${bars.length * ROW}`} width={LABEL_WIDTH + BAR_WIDTH + 60} height={bars.length * ROW} aria-hidden="true" focusable="false">
        {bars.map((bar, i) => {
          const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * BAR_WIDTH);
          return (
            <g key={bar.label} transform={`translate(0 ${i * ROW})`}>
              <text x={LABEL_WIDTH - 8} y={ROW / 2} dominantBaseline="middle" textAnchor="end" className="chart-label">{bar.label}</text>
              <rect x={LABEL_WIDTH} y={4} width={BAR_WIDTH} height={ROW - 8} rx={3} className="chart-track" />
              <rect x={LABEL_WIDTH} y={4} width={width} height={ROW - 8} rx={3} className={`chart-bar ${bar.tone ?? 'neutral'}`} />
              <text x={LABEL_WIDTH + BAR_WIDTH + 8} y={ROW / 2} dominantBaseline="middle" className="chart-value">{bar.value.toLocaleString()}</text>
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}

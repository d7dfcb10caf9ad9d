// The frame every chart sits in: the picture (hidden from screen readers), the same numbers
// in a visually hidden table, and a caption. Charts draw only their picture.
import type { ReactNode } from 'react';

export function ChartFigure({ caption, rows, testId, children }: {
  caption: string;
  /** What the picture shows, row by row, for the table. */
  rows: ReadonlyArray<{ key: string; name: string; value: number }>;
  testId?: string | undefined;
  /** The SVG picture; it must be aria-hidden. */
  children: ReactNode;
}) {
  return (
    <figure className="chart" data-testid={testId}>
      {children}
      {/* The wrapper is what is hidden: a table never shrinks below its content, so hiding the
          table itself left it wide enough to scroll the page sideways. */}
      <div className="visually-hidden">
        <table>
          <caption>{caption}</caption>
          <tbody>
            {rows.map((row) => <tr key={row.key}><th scope="row">{row.name}</th><td>{row.value}</td></tr>)}
          </tbody>
        </table>
      </div>
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}

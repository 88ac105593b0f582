export interface Bar {
  key: string;
  label: string;
  count: number;
}

const ROW = 36;
const LABEL_WIDTH = 150;
const BAR_SPACE = 280;
const WIDTH = LABEL_WIDTH + BAR_SPACE + 60;

/**
 * A horizontal bar chart in plain SVG, each bar labelled with its name and count. The drawing is
 * hidden from screen readers; a visually hidden table beside it carries the same numbers.
 */
export function BarChart({
  id,
  title,
  labelHeading,
  countHeading,
  bars,
}: {
  id: string;
  title: string;
  labelHeading: string;
  countHeading: string;
  bars: readonly Bar[];
}) {
  const largest = Math.max(1, ...bars.map((bar) => bar.count));
  const height = bars.length * ROW;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH * 1.5}px` }}
        aria-hidden="true"
        focusable="false"
      >
        {bars.map((bar, index) => {
          const y = index * ROW;
          const length = Math.max(2, (bar.count / largest) * BAR_SPACE);
          return (
            <g
              key={bar.key}
              data-testid={`${id}-bar`}
              data-label={bar.label}
              data-count={bar.count}
            >
              <text x={LABEL_WIDTH - 10} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 6} width={length} height={ROW - 12} rx={3} />
              <text x={LABEL_WIDTH + length + 8} y={y + ROW / 2} dominantBaseline="middle">
                {bar.count}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col">{countHeading}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td>{bar.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

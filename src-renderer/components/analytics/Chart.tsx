import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A CSS variable of styles.css (`--accent`): read when drawing, so the chart follows the theme. */
  color: string;
  values: (number | null)[];
  /** Bars instead of a line (counts per day). */
  bars?: boolean;
}

const HEIGHT = 220;

/**
 * The colour a CSS value (a variable name such as `--accent`, or any colour) stands for inside
 * `element`, as `rgb(…)`: the palette's variables hold `light-dark(…)`, which only a style
 * property resolves, so a probe element reads it back computed.
 */
function computedColour(element: HTMLElement, value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value.startsWith('--') ? `var(${value})` : value;
  element.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

/** `rgb(r, g, b)` made see-through, for the bars' fill. */
const withAlpha = (colour: string, alpha: number) => colour.replace(/^rgb\((.*)\)$/, `rgba($1, ${alpha})`);

/**
 * A uPlot chart that fits its container: redrawn when the data changes, resized with the
 * container (ResizeObserver), destroyed on unmount so no canvas or observer outlives the page.
 * `x` are unix seconds (days) or category positions with `xLabels`.
 */
export function Chart({
  x,
  series,
  xLabels,
  testId,
  title,
}: {
  x: number[];
  series: ChartSeries[];
  xLabels?: string[];
  testId: string;
  title: string;
}) {
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    // Canvas takes no var(): the theme's colours are read now (the light or dark palette in force).
    const css = (value: string) => computedColour(element, value);
    const axis = { stroke: css('--muted'), grid: { stroke: css('--border') }, ticks: { stroke: css('--border') } };
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      scales: { x: { time: !xLabels } },
      legend: { show: true },
      axes: [
        xLabels ? { ...axis, values: (_u, splits) => splits.map((v) => xLabels[v] ?? '') } : axis,
        { ...axis, size: 44 },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: css(s.color),
          fill: s.bars ? withAlpha(css(s.color), 0.6) : undefined,
          width: s.bars ? 0 : 2,
          paths: s.bars ? bars : undefined,
          points: { show: !s.bars },
        })),
      ],
    };
    const chart = new uPlot(options, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [x, series, xLabels]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={holder} />
    </figure>
  );
}

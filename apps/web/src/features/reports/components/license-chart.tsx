import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from 'recharts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { axisLabel, type LicenseBar } from '../license-chart-data.ts';
import { useNarrowScreen } from '../use-narrow-screen.ts';

// The colours of the two series; each has at least 3:1 contrast with the white card behind it.
const IN_USE_COLOUR = '#1d4ed8';
const AVAILABLE_COLOUR = '#15803d';
const AXIS_COLOUR = '#526077';
const TEXT_COLOUR = '#0f172a';

const CHART_CHROME = 76;

interface BarTickProps extends YAxisTickContentProps {
  bars: readonly LicenseBar[];
  maxLength: number;
}

/** A bar's name on the axis, with its token on a second line for apps. */
function BarTick({ x, y, index, bars, maxLength }: BarTickProps) {
  const bar = bars[index];
  if (!bar) return null;
  const twoLines = bar.detail !== undefined;
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="end" fontSize={12.5} fill={TEXT_COLOUR}>
      <tspan x={Number(x)} dy={twoLines ? '-0.15em' : '0.35em'}>
        {axisLabel(bar.label, maxLength)}
      </tspan>
      {twoLines && (
        <tspan x={Number(x)} dy="1.2em" fontSize={11.5} fill={AXIS_COLOUR}>
          {axisLabel(bar.detail ?? '', maxLength)}
        </tspan>
      )}
    </text>
  );
}

/**
 * Horizontal bars, one per app or token: licenses in use, with the available ones stacked after
 * them. Drawing only; what it shows is in the table beside it for screen readers and keyboards.
 */
export function LicenseChart({ bars }: { bars: readonly LicenseBar[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const narrow = useNarrowScreen();
  const barHeight = bars.some((bar) => bar.detail !== undefined) ? 38 : 30;
  const maxLength = narrow ? 16 : 28;
  const byId = new Map(bars.map((bar) => [bar.id, bar]));

  return (
    <BarChart
      layout="vertical"
      data={[...bars]}
      responsive
      style={{ width: '100%', height: bars.length * barHeight + CHART_CHROME }}
      margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
      barCategoryGap="24%"
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} stroke="#e2e8f0" />
      <XAxis
        type="number"
        allowDecimals={false}
        tickFormatter={(value: number) => format.number(value)}
        stroke={AXIS_COLOUR}
        fontSize={12}
      />
      <YAxis
        type="category"
        dataKey="id"
        width={narrow ? 120 : 200}
        interval={0}
        stroke={AXIS_COLOUR}
        tick={(props: YAxisTickContentProps) => <BarTick {...props} bars={bars} maxLength={maxLength} />}
      />
      <Tooltip
        formatter={(value) => format.number(Number(value))}
        labelFormatter={(id) => {
          const bar = byId.get(String(id));
          return bar?.detail ? `${bar.label} · ${bar.detail}` : bar?.label;
        }}
        cursor={{ fill: 'rgba(29, 78, 216, 0.06)' }}
      />
      <Legend verticalAlign="top" align="left" height={34} iconType="square" itemSorter={null} />
      <Bar
        dataKey="inUse"
        name={t('reports.chart.inUse')}
        stackId="licenses"
        fill={IN_USE_COLOUR}
        isAnimationActive={false}
      />
      <Bar
        dataKey="available"
        name={t('reports.chart.available')}
        stackId="licenses"
        fill={AVAILABLE_COLOUR}
        isAnimationActive={false}
      />
    </BarChart>
  );
}

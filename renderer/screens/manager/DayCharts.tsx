import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { BarChart } from './BarChart';

type Hours = ChannelOutput<'day.dosesByHour'>['hours'];
type ByProduct = ChannelOutput<'day.closeOutSummary'>['dosesByProduct'];

const twoDigits = (hour: number) => String(hour).padStart(2, '0');

/** The open day's doses per hour (Malaysia time) and per product, as two bar charts. */
export function DayCharts({ hours, byProduct }: { hours: Hours; byProduct: ByProduct }) {
  const { t } = useI18n();
  if (hours.length === 0) return null;
  const perProduct = new Map<string, number>();
  for (const row of byProduct) {
    perProduct.set(row.productCode, (perProduct.get(row.productCode) ?? 0) + row.count);
  }
  return (
    <div className="charts">
      <BarChart
        id="chart-hours"
        title={t('manager.charts.byHour')}
        labelHeading={t('manager.charts.hour')}
        countHeading={t('manager.charts.count')}
        bars={hours.map(({ hour, count }) => ({
          key: String(hour),
          label: t('manager.charts.hourRange', {
            from: twoDigits(hour),
            to: twoDigits((hour + 1) % 24),
          }),
          count,
        }))}
      />
      <BarChart
        id="chart-products"
        title={t('manager.charts.byProduct')}
        labelHeading={t('manager.closeOut.product')}
        countHeading={t('manager.charts.count')}
        bars={[...perProduct].map(([productCode, count]) => ({
          key: productCode,
          label: productCode,
          count,
        }))}
      />
    </div>
  );
}

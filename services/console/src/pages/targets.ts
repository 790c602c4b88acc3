import { get } from '../api';
import { barChart } from '../charts';
import { h, section, table, type Column } from '../dom';
import { grouped } from '../format';
import { t } from '../i18n';

/** `GET /v1/targets?asOf=` progress (docs/api.md "Targets"): every figure as the API gives it. */
export interface TargetProgress {
  targetId: string;
  title?: string;
  metric: string;
  region: string;
  baselineDate: string;
  dueDate: string;
  baselineValue: number;
  value: number;
  targetLevel: number;
  sharePercent: string | null;
  projectedValue: number | null;
  onTrack: boolean;
  remaining: number;
  daysLeft: number;
  paceSoFarPerMonth: string | null;
  paceNeededPerMonth: string | null;
}

/** The regulator's programme targets on `asOf()`: a table and a chart of value, target level and projection. */
export function targetsSection(asOf: () => string): HTMLElement & { reload: () => void } {
  return section('targets', t('targets'), async () => {
    const { items } = await get<{ items: TargetProgress[] }>('/v1/targets', { asOf: asOf() });
    const cols: Column<TargetProgress>[] = [
      { key: 'target', label: t('target'), text: (r) => (r.title ? `${r.title} (${r.targetId})` : r.targetId) },
      { key: 'metric', label: t('metric'), text: (r) => `${r.metric} · ${r.region}` },
      { key: 'period', label: t('period'), text: (r) => `${r.baselineDate} – ${r.dueDate}` },
      { key: 'baselineValue', label: t('baselineValue'), text: (r) => grouped(r.baselineValue), numeric: true },
      { key: 'value', label: t('value'), text: (r) => grouped(r.value), numeric: true },
      { key: 'targetLevel', label: t('targetLevel'), text: (r) => grouped(r.targetLevel), numeric: true },
      { key: 'sharePercent', label: t('sharePercent'), text: (r) => grouped(r.sharePercent), numeric: true },
      { key: 'projectedValue', label: t('projectedValue'), text: (r) => grouped(r.projectedValue), numeric: true },
      { key: 'onTrack', label: t('onTrack'), text: (r) => (r.onTrack ? t('yes') : t('no')) },
      { key: 'remaining', label: t('remaining'), text: (r) => grouped(r.remaining), numeric: true },
      { key: 'daysLeft', label: t('daysLeft'), text: (r) => grouped(r.daysLeft), numeric: true },
      { key: 'paceNeeded', label: t('paceNeeded'), text: (r) => grouped(r.paceNeededPerMonth), numeric: true },
    ];
    return h(
      'div',
      {},
      items.length
        ? barChart(
            items.map((r) => r.title ?? r.targetId),
            [
              { name: t('value'), values: items.map((r) => r.value) },
              { name: t('targetLevel'), values: items.map((r) => r.targetLevel) },
              { name: t('projectedValue'), values: items.map((r) => r.projectedValue) },
            ],
          )
        : null,
      table(cols, items, { csv: `targets-${asOf()}`, sortable: true }),
    );
  });
}

import { useI18n } from '../../i18n/i18n';
import { BatchesPanel } from './BatchesPanel';
import { ClockPanel } from './ClockPanel';
import { ClosurePanel } from './ClosurePanel';
import { CorrectionsPanel } from './CorrectionsPanel';
import { DayPanel } from './DayPanel';
import { DesksPanel } from './DesksPanel';
import { RejectionsPanel } from './RejectionsPanel';

/** The centre manager's desk: today's day and its close-out, sealed batches, MyVAS's rejections, the PPV's closure date, and at the hub its desks. */
export function ManagerScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="manager-title" className="manager">
      <h2 id="manager-title">{t('manager.title')}</h2>
      <ClockPanel />
      <DayPanel />
      <BatchesPanel />
      <RejectionsPanel />
      <CorrectionsPanel />
      <ClosurePanel />
      <DesksPanel />
    </section>
  );
}

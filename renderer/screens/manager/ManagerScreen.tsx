import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useI18n } from '../../i18n/i18n';
import { BatchesPanel } from './BatchesPanel';
import { ClockPanel } from './ClockPanel';
import { ClosurePanel } from './ClosurePanel';
import { CorrectionsPanel } from './CorrectionsPanel';
import { CloseOutPanel, DayPanel } from './DayPanel';
import { DeliveriesPanel } from './DeliveriesPanel';
import { DesksPanel } from './DesksPanel';
import { ReadQuotaAlerts } from './ReadQuotaAlerts';
import { RejectionsPanel } from './RejectionsPanel';
import { StationScannerPanel } from './StationScannerPanel';

const TABS = ['today', 'close-out', 'upload', 'corrections', 'ppv'] as const;

/**
 * The centre manager's desk, one tab per task so each fits the window with the status bar in sight:
 * today's day, its close-out, the upload and MyVAS's rejections, corrections, and the PPV (the lots it
 * received, its closure date, this station's scanner, and at the hub its desks).
 * A clock that jumped is shown above every tab: it stops doses until the manager answers.
 */
export function ManagerScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="manager-title" className="manager">
      <h2 id="manager-title" className="visually-hidden">
        {t('manager.title')}
      </h2>
      <ReadQuotaAlerts />
      <ClockPanel />
      <Tabs className="tabs">
        <TabList aria-label={t('manager.tabs.label')} className="tab-list">
          {TABS.map((id) => (
            <Tab key={id} id={id} className="tab">
              {t(`manager.tabs.${id}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="today" className="tab-panel">
          <DayPanel />
        </TabPanel>
        <TabPanel id="close-out" className="tab-panel">
          <CloseOutPanel />
        </TabPanel>
        <TabPanel id="upload" className="tab-panel columns">
          <BatchesPanel />
          <RejectionsPanel />
        </TabPanel>
        <TabPanel id="corrections" className="tab-panel">
          <CorrectionsPanel />
        </TabPanel>
        <TabPanel id="ppv" className="tab-panel columns">
          <DeliveriesPanel />
          <div>
            <ClosurePanel />
            <StationScannerPanel />
            <DesksPanel />
          </div>
        </TabPanel>
      </Tabs>
    </section>
  );
}

import { AuditPanel } from './AuditPanel';
import { BackupPanel } from './BackupPanel';
import { PpvSettingsPanel } from './PpvSettingsPanel';
import { ReadQuotaPanel } from './ReadQuotaPanel';

/** The admin tab's sections after staff and devices: the PPV's settings, backups and the audit log. */
export function AdminSections() {
  return (
    <>
      <PpvSettingsPanel />
      <ReadQuotaPanel />
      <BackupPanel />
      <AuditPanel />
    </>
  );
}

import { AuditPanel } from './AuditPanel';
import { PpvSettingsPanel } from './PpvSettingsPanel';

/** The admin tab's sections after staff and devices: the PPV's settings and the audit log. */
export function AdminSections() {
  return (
    <>
      <PpvSettingsPanel />
      <AuditPanel />
    </>
  );
}

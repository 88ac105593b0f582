/**
 * The audit log in words: each action the log records (every write channel, and what the console
 * records by itself: SYSTEM_AUDIT_ACTIONS), in Malay and English; messages.test.ts fails on an action
 * without words. An action of an older version not here is shown as its code.
 */
export const auditMs = {
  'audit.ppv.setUp': 'PPV disediakan',
  'audit.auth.signIn': 'Log masuk',
  'audit.auth.signInFailed': 'Log masuk gagal',
  'audit.auth.unlock': 'Konsol dibuka kunci',
  'audit.auth.signOut': 'Log keluar',
  'audit.auth.changeSecret': 'Kata laluan atau PIN ditukar',
  'audit.access.denied': 'Akses ditolak',
  'audit.user.create': 'Pengguna ditambah',
  'audit.user.update': 'Pengguna dikemas kini',
  'audit.user.setActive': 'Pengguna diaktifkan atau dinyahaktifkan',
  'audit.user.resetSecret': 'PIN pengguna ditetapkan semula',
  'audit.ppv.updateSettings': 'Tetapan PPV diubah',
  'audit.ppv.setClosureDate': 'Tarikh penutupan PPV ditetapkan',
  'audit.clock.confirm': 'Masa konsol disahkan',
  'audit.lot.deliver': 'Lot yang diterima direkodkan',
  'audit.catalogue.attachGtin': 'GTIN ditambah kepada produk',
  'audit.catalogue.seeded': 'Katalog vaksin diisi',
  'audit.recipient.register': 'Penerima baharu didaftarkan',
  'audit.registration.create': 'Penerima didaftarkan untuk hari ini',
  'audit.registration.setOutcome': 'Penerima ditangguhkan atau beredar',
  'audit.presence.confirm': 'Kehadiran disahkan',
  'audit.presence.scan': 'Kehadiran disahkan dengan imbasan',
  'audit.vial.open': 'Vial dibuka',
  'audit.vial.reconcile': 'Vial diselaraskan',
  'audit.dose.record': 'Dos direkodkan',
  'audit.observation.release': 'Pemerhatian ditamatkan',
  'audit.dose.void': 'Dos dibatalkan',
  'audit.dose.amend': 'Dos dipinda',
  'audit.day.open': 'Hari dibuka',
  'audit.day.close': 'Hari ditutup dan dimeterai',
  'audit.batch.giveLateReason': 'Sebab lewat diberi untuk kelompok',
  'audit.batch.uploaded': 'Kelompok dimuat naik ke MyVAS',
  'audit.device.updateSettings': 'Tetapan peranti diubah',
  'audit.recipient.export': 'Data penerima dieksport',
  'audit.backup.updateSettings': 'Tetapan sandaran diubah',
  'audit.backup.run': 'Sandaran diminta',
  'audit.backup.restore': 'Pemulihan sandaran dimulakan',
  'audit.backup.confirmRestore': 'Pemulihan sandaran disahkan',
  'audit.backup.cancelRestore': 'Pemulihan sandaran dibatalkan',
  'audit.backup.restored': 'Sandaran dipulihkan',
  'audit.support.saveLogs': 'Log sokongan disimpan',
  'audit.retention.purged': 'Data peribadi lama dipadam',
  'audit.presence.byCardRead': 'Kehadiran disahkan dengan bacaan kad',
  'audit.presence.bySlip': 'Kehadiran disahkan dengan imbasan slip',
  'audit.presence.byTypedNumber':
    'Kehadiran disahkan dengan nombor MyKad yang ditaip, beserta sebab',
  'audit.ppv.setRecipientReadQuota': 'Had bacaan data peribadi sejam diubah',
  'audit.recipient.correctDocType': 'Jenis kad penerima dibetulkan',
  'audit.device.setWedgeGsKey': 'Kekunci GS pengimbas stesen diubah',
  'audit.hub.issuePairingCode': 'Kod pasangan meja dikeluarkan',
  'audit.hub.revokeDesk': 'Meja dibatalkan',
  'audit.access.deniedCount': 'Akses ditolak (bilangan seminit)',
  'audit.auth.unlockFailed': 'Buka kunci gagal',
  'audit.auth.changeSecretFailed': 'Tukar PIN gagal: PIN semasa salah',
  'audit.auth.changeSecretWitnessFailed': 'Tukar PIN gagal: saksi salah',
  'audit.user.create.approvalFailed': 'Kelulusan gagal: tambah pengguna',
  'audit.user.update.approvalFailed': 'Kelulusan gagal: ubah pengguna',
  'audit.user.resetSecret.approvalFailed': 'Kelulusan gagal: tetapkan semula PIN',
  'audit.ppv.updateSettings.approvalFailed': 'Kelulusan gagal: tetapan PPV',
  'audit.recipient.duplicateApprovalFailed': 'Kelulusan gagal: kemungkinan pendua',
  'audit.backup.restoreApprovalFailed': 'Kelulusan gagal: pemulihan sandaran',
  'audit.user.rolesSeparated': 'Peranan diasingkan daripada akaun pentadbir',
  'audit.recipient.read': 'Data penerima dibaca',
  'audit.privacy.readQuotaReached': 'Had bacaan data peribadi dicapai',
  'audit.desk.paired': 'Meja dipasangkan dengan hab',
  'audit.desk.pairingCodesWithdrawn':
    'Kod pasangan ditarik balik selepas terlalu banyak cubaan salah',
  'audit.desk.pairingThrottled':
    'Pasangan dari satu alamat dihentikan 10 minit selepas kod salah berulang',
  'audit.desk.usedElsewhere': 'Identiti meja digunakan dari PC lain semasa ia bersambung',
  'audit.desk.copyDetected':
    'Meja dibatalkan: identitinya telah disalin dan digunakan dari PC lain semasa meja tiada',
  'audit.desk.tokensThrottled':
    'Meja membuka semula pautannya terlalu kerap dalam sejam: identitinya tidak ditukar lagi hingga sejam berlalu',
  'audit.backup.taken': 'Sandaran dibuat',
  'audit.backup.restoreDiscarded': 'Sandaran yang disediakan untuk pemulihan dibuang',
} as const;

export const auditEn: Record<keyof typeof auditMs, string> = {
  'audit.ppv.setUp': 'PPV set up',
  'audit.auth.signIn': 'Signed in',
  'audit.auth.signInFailed': 'Sign-in failed',
  'audit.auth.unlock': 'Console unlocked',
  'audit.auth.signOut': 'Signed out',
  'audit.auth.changeSecret': 'Password or PIN changed',
  'audit.access.denied': 'Access refused',
  'audit.user.create': 'User added',
  'audit.user.update': 'User changed',
  'audit.user.setActive': 'User activated or deactivated',
  'audit.user.resetSecret': 'User’s PIN reset',
  'audit.ppv.updateSettings': 'PPV settings changed',
  'audit.ppv.setClosureDate': 'PPV closure date set',
  'audit.clock.confirm': 'Console time confirmed',
  'audit.lot.deliver': 'Lot received recorded',
  'audit.catalogue.attachGtin': 'GTIN added to a product',
  'audit.catalogue.seeded': 'Vaccine catalogue filled',
  'audit.recipient.register': 'New recipient registered',
  'audit.registration.create': 'Recipient registered for today',
  'audit.registration.setOutcome': 'Recipient deferred or left',
  'audit.presence.confirm': 'Presence confirmed',
  'audit.presence.scan': 'Presence confirmed by a scan',
  'audit.vial.open': 'Vial opened',
  'audit.vial.reconcile': 'Vial reconciled',
  'audit.dose.record': 'Dose recorded',
  'audit.observation.release': 'Observation ended',
  'audit.dose.void': 'Dose voided',
  'audit.dose.amend': 'Dose amended',
  'audit.day.open': 'Day opened',
  'audit.day.close': 'Day closed and sealed',
  'audit.batch.giveLateReason': 'Late reason given for a batch',
  'audit.batch.uploaded': 'Batch uploaded to MyVAS',
  'audit.device.updateSettings': 'Device settings changed',
  'audit.recipient.export': 'Recipient data exported',
  'audit.backup.updateSettings': 'Backup settings changed',
  'audit.backup.run': 'Backup requested',
  'audit.backup.restore': 'Backup restore started',
  'audit.backup.confirmRestore': 'Backup restore confirmed',
  'audit.backup.cancelRestore': 'Backup restore cancelled',
  'audit.backup.restored': 'Backup restored',
  'audit.support.saveLogs': 'Support log saved',
  'audit.retention.purged': 'Old personal data deleted',
  'audit.presence.byCardRead': 'Presence confirmed by a card read',
  'audit.presence.bySlip': 'Presence confirmed by a slip scan',
  'audit.presence.byTypedNumber': 'Presence confirmed by a MyKad number typed, with a reason',
  'audit.ppv.setRecipientReadQuota': 'Hourly personal data read limit changed',
  'audit.recipient.correctDocType': 'Recipient’s card type corrected',
  'audit.device.setWedgeGsKey': 'Station scanner’s GS key changed',
  'audit.hub.issuePairingCode': 'Desk pairing code issued',
  'audit.hub.revokeDesk': 'Desk revoked',
  'audit.access.deniedCount': 'Access refused (count per minute)',
  'audit.auth.unlockFailed': 'Unlock failed',
  'audit.auth.changeSecretFailed': 'PIN change failed: wrong current PIN',
  'audit.auth.changeSecretWitnessFailed': 'PIN change failed: wrong witness',
  'audit.user.create.approvalFailed': 'Approval failed: add a user',
  'audit.user.update.approvalFailed': 'Approval failed: change a user',
  'audit.user.resetSecret.approvalFailed': 'Approval failed: reset a PIN',
  'audit.ppv.updateSettings.approvalFailed': 'Approval failed: PPV settings',
  'audit.recipient.duplicateApprovalFailed': 'Approval failed: possible duplicate',
  'audit.backup.restoreApprovalFailed': 'Approval failed: backup restore',
  'audit.user.rolesSeparated': 'Roles separated from an admin account',
  'audit.recipient.read': 'Recipient data read',
  'audit.privacy.readQuotaReached': 'Personal data read limit reached',
  'audit.desk.paired': 'Desk paired with the hub',
  'audit.desk.pairingCodesWithdrawn': 'Pairing codes withdrawn after too many wrong tries',
  'audit.desk.pairingThrottled':
    'Pairing from one address stopped for 10 minutes after repeated wrong codes',
  'audit.desk.usedElsewhere': 'A desk’s identity used from another PC while it was connected',
  'audit.desk.copyDetected':
    'Desk revoked: its identity was copied and used from another PC while the desk was away',
  'audit.desk.tokensThrottled':
    'A desk reopened its link too often in an hour: its identity is not changed again until the hour is over',
  'audit.backup.taken': 'Backup made',
  'audit.backup.restoreDiscarded': 'Backup prepared for restore discarded',
};

export type AuditActionKey = keyof typeof auditMs;

/** The message key of an audit action, or null for one the screens have no words for. */
export function auditActionKey(action: string): AuditActionKey | null {
  const key = `audit.${action}`;
  return key in auditMs ? (key as AuditActionKey) : null;
}

const PRESENCE_WORDS: Record<string, AuditActionKey> = {
  MYKAD: 'audit.presence.byCardRead',
  SLIP_QR: 'audit.presence.bySlip',
  MYKAD_TYPED: 'audit.presence.byTypedNumber',
};

/**
 * The words of one audit entry: its action's, or for a presence confirmed, how it was confirmed
 * (a card read, a slip, a number typed) as its detail says.
 */
export function auditEntryKey(entry: {
  action: string;
  detail: Record<string, unknown>;
}): AuditActionKey | null {
  const method = entry.detail['method'];
  if (entry.action.startsWith('presence.') && typeof method === 'string') {
    return PRESENCE_WORDS[method] ?? auditActionKey(entry.action);
  }
  return auditActionKey(entry.action);
}

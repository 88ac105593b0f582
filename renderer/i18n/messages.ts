/**
 * Every string the screens show, in Malay (the default) and English. `{name}` placeholders are
 * filled at run time. The type makes English carry every Malay key; a test checks the rest (no extra
 * keys, nothing blank, the same placeholders). Each area's screens keep their own strings beside them.
 */
import { adminEn, adminMs } from '../screens/admin/messages';
import { auditEn, auditMs } from '../screens/audit/messages';
import { deskEn, deskMs } from '../screens/desk/messages';
import { managerEn, managerMs } from '../screens/manager/messages';
import { stationEn, stationMs } from '../screens/station/messages';
import { vaccinatorEn, vaccinatorMs } from '../screens/vaccinator/messages';

const commonMs = {
  'app.title': 'Konsol PPV',
  'app.loading': 'Memuatkan…',
  'language.switch': 'English',
  'language.switchLabel': 'Tukar bahasa ke bahasa Inggeris',
  'dateField.noSuchDate': 'Tiada tarikh {date}. Taip hari semula.',

  'setUp.title': 'Sediakan PPV ini',
  'setUp.intro': 'Kali pertama konsol dibuka di PPV ini. Masukkan butiran PPV dan akaun pentadbir.',
  'setUp.ppvCode': 'Kod PPV',
  'setUp.name': 'Nama PPV',
  'setUp.state': 'Negeri',
  'setUp.district': 'Daerah',
  'setUp.adminStaffId': 'ID staf pentadbir',
  'setUp.adminName': 'Nama penuh pentadbir',
  'setUp.adminSecret': 'Kata laluan pentadbir',
  'setUp.submit': 'Sediakan PPV',

  'signIn.title': 'Log masuk',
  'signIn.staffId': 'ID staf',
  'signIn.secret': 'Kata laluan atau PIN',
  'signIn.submit': 'Log masuk',

  'signIn.notices': 'Untuk makluman anda',
  'signIn.notice.pinReset': 'PIN anda ditetapkan semula oleh {name} ({staffId}) pada {at}.',
  'signIn.notice.rolesRemoved':
    'Peranan ini dikeluarkan daripada akaun anda pada {at}: {roles}. Akaun pentadbir tidak memegang peranan lain (pengasingan tugas); minta akaun berasingan untuk kerja itu.',
  'signIn.continue': 'Teruskan',

  'approval.staffId': 'ID staf',
  'approval.secret': 'PIN atau kata laluan',
  'approval.legend':
    'Kelulusan orang kedua: pengurus, atau pentadbir lain (tidak perlu untuk pengurus pertama PPV)',
  'approval.managerLegend': 'Kelulusan pengurus',

  'status.myvasChanged':
    'Perhatian: alamat atau token MyVAS ditukar pada {at} oleh {by}, diluluskan oleh {approver}.',

  'lock.title': 'Sesi dikunci',
  'lock.intro': '{name}, masukkan kata laluan atau PIN anda untuk meneruskan.',
  'lock.submit': 'Buka kunci',
  'lock.signOut': 'Log keluar',

  'nav.label': 'Menu utama',
  'nav.clerk': 'Kaunter pendaftaran',
  'nav.vaccinator': 'Stesen vaksinator',
  'nav.manager': 'Pengurus',
  'nav.admin': 'Pentadbir',
  'nav.signOut': 'Log keluar',
  'nav.lock': 'Kunci',

  'screen.comingSoon': 'Skrin ini sedang dibina.',
  'admin.devices': 'Peranti stesen ini',
  'devices.none': 'Tiada peranti dilaporkan lagi.',
  'devices.state.ready': 'sedia',
  'devices.state.busy': 'sedang membaca',
  'devices.state.absent': 'tidak disambung',
  'devices.state.unavailable': 'tidak tersedia',
  'devices.state.error': 'ralat',

  'status.label': 'Status',
  'status.desk': 'Meja: {name}',
  'status.user': 'Pengguna: {name}',
  'status.day.none': 'Hari: tiada hari dibuka',
  'status.day.open': 'Hari: dibuka ({date})',
  'status.day.sealed': 'Hari: dimeterai ({date})',
  'status.devices': 'Peranti: {ready} daripada {total} sedia',
  'status.devices.none': 'Peranti: papan kekunci sahaja',
  'status.upload.idle': 'Muat naik: semua sudah dihantar',
  'status.upload.uploading': 'Muat naik: sedang menghantar',
  'status.upload.waiting': 'Muat naik: {batches} kelompok menunggu',
  'status.upload.not-configured': 'Muat naik: MyVAS belum ditetapkan',
  'status.audit.anchored': 'Log audit: disahkan MyVAS',
  'status.audit.unanchored': 'Log audit: belum disahkan MyVAS',
  'status.audit.conflict': 'Log audit: bercanggah dengan MyVAS — maklumkan pentadbir',
  'status.clock.ok': 'Jam: tepat',
  'status.clock.unmeasured': 'Jam: belum disemak dengan MyVAS',
  'status.clock.warn': 'Jam: berbeza {minutes} minit',
  'status.clock.stop': 'Jam: salah {minutes} minit — rekod dos dihentikan',
  'status.backup.not-set': 'Sandaran: lokasi belum ditetapkan',
  'status.backup.missing': 'Sandaran: lokasi tidak ditemui — sambungkan cakera sandaran',
  'status.backup.failed': 'Sandaran: sandaran terakhir gagal',
  'status.backup.stale': 'Sandaran: terakhir lebih 2 jam lalu',

  'scanTester.title': 'Uji pengimbas',
  'scanTester.label': 'Imbas kod, atau taip dan tekan Enter',
  'scanTester.scanned': 'Imbasan: {kind}',
  'scanTester.typed': 'Ditaip: {text}',
  'scanTester.gsKey':
    'Kekunci pengimbas stesen ini untuk GS, selain Ctrl+] (tekan kekunci itu di sini; Backspace untuk kosongkan)',
  'scanTester.gsKeyNone': 'Ctrl+] sahaja',
  'scanTester.gsKeySaved': 'Disimpan untuk stesen ini: pengimbas menghantar {key} untuk GS.',
  'scanTester.gsKeyCleared': 'Disimpan untuk stesen ini: GS hanya Ctrl+].',
  'scan.kind.vial': 'kod vial',
  'scan.kind.slip': 'slip penerima',
  'scan.kind.appointment': 'temu janji',
  'scan.kind.document': 'nombor dokumen',
  'scan.kind.refused': 'kod vial ditolak',
  'scan.kind.unrecognised': 'tidak dikenali',

  'changeSecret.title': 'Tukar kata laluan',
  'changeSecret.intro':
    'Ini kali pertama anda log masuk dengan PIN sementara. Tetapkan kata laluan anda sendiri.',
  'changeSecret.witness': 'Saksi: orang yang meluluskan PIN ini',
  'changeSecret.current': 'PIN sementara',
  'changeSecret.new': 'Kata laluan baharu',
  'changeSecret.submit': 'Tukar',

  'users.title': 'Pengguna staf',
  'users.staffId': 'ID staf',
  'users.fullName': 'Nama penuh',
  'users.roles': 'Peranan',
  'users.active': 'Aktif',
  'users.status.active': 'aktif',
  'users.status.disabled': 'dinyahaktifkan',
  'users.create': 'Tambah pengguna',
  'users.created': 'Pengguna {staffId} ditambah.',
  'users.firstPin':
    'PIN pertama {staffId}, ditunjukkan sekali ini sahaja: berikan kepada pemiliknya sekarang. Ia ditukar semasa log masuk pertama.',
  'users.firstPinWitness': 'Pemiliknya menukar PIN ini dengan pelulus hadir.',
  'users.disable': 'Nyahaktif',
  'users.enable': 'Aktifkan',
  'users.reason': 'Sebab',
  'role.clerk': 'kerani pendaftaran',
  'role.vaccinator': 'vaksinator',
  'role.manager': 'pengurus',
  'role.admin': 'pentadbir',

  'error.disconnected': 'Sambungan ke konsol terputus. Cuba lagi.',
} as const;

const commonEn: Record<keyof typeof commonMs, string> = {
  'app.title': 'PPV Console',
  'app.loading': 'Loading…',
  'language.switch': 'Bahasa Melayu',
  'language.switchLabel': 'Switch the language to Malay',
  'dateField.noSuchDate': 'There is no date {date}. Type the day again.',

  'setUp.title': 'Set up this PPV',
  'setUp.intro':
    'The console is opening at this PPV for the first time. Enter the PPV and the admin account.',
  'setUp.ppvCode': 'PPV code',
  'setUp.name': 'PPV name',
  'setUp.state': 'State',
  'setUp.district': 'District',
  'setUp.adminStaffId': 'Admin staff ID',
  'setUp.adminName': "Admin's full name",
  'setUp.adminSecret': "Admin's password",
  'setUp.submit': 'Set up the PPV',

  'signIn.title': 'Sign in',
  'signIn.staffId': 'Staff ID',
  'signIn.secret': 'Password or PIN',
  'signIn.submit': 'Sign in',

  'signIn.notices': 'For your information',
  'signIn.notice.pinReset': 'Your PIN was reset by {name} ({staffId}) on {at}.',
  'signIn.notice.rolesRemoved':
    'These roles were removed from your account on {at}: {roles}. An admin account holds no other role (separation of duties); ask for a separate account for that work.',
  'signIn.continue': 'Continue',

  'approval.staffId': 'Staff ID',
  'approval.secret': 'PIN or password',
  'approval.legend':
    'Second person’s approval: a manager, or another admin (not needed for the PPV’s first manager)',
  'approval.managerLegend': 'Manager’s approval',

  'status.myvasChanged':
    'Note: the MyVAS address or token was changed on {at} by {by}, approved by {approver}.',

  'lock.title': 'Session locked',
  'lock.intro': '{name}, enter your password or PIN to continue.',
  'lock.submit': 'Unlock',
  'lock.signOut': 'Sign out',

  'nav.label': 'Main menu',
  'nav.clerk': 'Registration desk',
  'nav.vaccinator': 'Vaccinator station',
  'nav.manager': 'Manager',
  'nav.admin': 'Admin',
  'nav.signOut': 'Sign out',
  'nav.lock': 'Lock',

  'screen.comingSoon': 'This screen is being built.',
  'admin.devices': "This station's devices",
  'devices.none': 'No device has reported yet.',
  'devices.state.ready': 'ready',
  'devices.state.busy': 'reading',
  'devices.state.absent': 'not connected',
  'devices.state.unavailable': 'unavailable',
  'devices.state.error': 'error',

  'status.label': 'Status',
  'status.desk': 'Desk: {name}',
  'status.user': 'User: {name}',
  'status.day.none': 'Day: no day open',
  'status.day.open': 'Day: open ({date})',
  'status.day.sealed': 'Day: sealed ({date})',
  'status.devices': 'Devices: {ready} of {total} ready',
  'status.devices.none': 'Devices: keyboard only',
  'status.upload.idle': 'Upload: everything sent',
  'status.upload.uploading': 'Upload: sending',
  'status.upload.waiting': 'Upload: {batches} batches waiting',
  'status.upload.not-configured': 'Upload: MyVAS not set up',
  'status.audit.anchored': 'Audit log: confirmed by MyVAS',
  'status.audit.unanchored': 'Audit log: not yet confirmed by MyVAS',
  'status.audit.conflict': 'Audit log: disagrees with MyVAS — tell the admin',
  'status.clock.ok': 'Clock: right',
  'status.clock.unmeasured': 'Clock: not yet checked with MyVAS',
  'status.clock.warn': 'Clock: {minutes} minutes off',
  'status.clock.stop': 'Clock: {minutes} minutes wrong — dose recording stopped',
  'status.backup.not-set': 'Backup: no location set',
  'status.backup.missing': 'Backup: location not found — connect the backup disk',
  'status.backup.failed': 'Backup: the last backup failed',
  'status.backup.stale': 'Backup: last one over 2 hours ago',

  'scanTester.title': 'Test a scanner',
  'scanTester.label': 'Scan a code, or type and press Enter',
  'scanTester.scanned': 'Scan: {kind}',
  'scanTester.typed': 'Typed: {text}',
  'scanTester.gsKey':
    'The key this station’s scanner sends for GS, besides Ctrl+] (press that key here; Backspace clears it)',
  'scanTester.gsKeyNone': 'Ctrl+] only',
  'scanTester.gsKeySaved': 'Saved for this station: the scanner sends {key} for GS.',
  'scanTester.gsKeyCleared': 'Saved for this station: GS is Ctrl+] only.',
  'scan.kind.vial': 'vial code',
  'scan.kind.slip': 'recipient slip',
  'scan.kind.appointment': 'appointment',
  'scan.kind.document': 'document number',
  'scan.kind.refused': 'vial code refused',
  'scan.kind.unrecognised': 'not recognised',

  'changeSecret.title': 'Change your password',
  'changeSecret.intro':
    'You signed in for the first time with a temporary PIN. Set your own password.',
  'changeSecret.witness': 'Witness: the person who approved this PIN',
  'changeSecret.current': 'Temporary PIN',
  'changeSecret.new': 'New password',
  'changeSecret.submit': 'Change',

  'users.title': 'Staff users',
  'users.staffId': 'Staff ID',
  'users.fullName': 'Full name',
  'users.roles': 'Roles',
  'users.active': 'Active',
  'users.status.active': 'active',
  'users.status.disabled': 'disabled',
  'users.create': 'Add user',
  'users.created': 'User {staffId} added.',
  'users.firstPin':
    'First PIN of {staffId}, shown this once only: give it to its holder now. It is changed at the first sign-in.',
  'users.firstPinWitness': 'Its holder changes this PIN with the approver present.',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.reason': 'Reason',
  'role.clerk': 'registration clerk',
  'role.vaccinator': 'vaccinator',
  'role.manager': 'manager',
  'role.admin': 'admin',

  'error.disconnected': 'The connection to the console was lost. Try again.',
};

export const ms = {
  ...commonMs,
  ...deskMs,
  ...vaccinatorMs,
  ...managerMs,
  ...adminMs,
  ...auditMs,
  ...stationMs,
} as const;

export type MessageKey = keyof typeof ms;

export const en: Record<MessageKey, string> = {
  ...commonEn,
  ...deskEn,
  ...vaccinatorEn,
  ...managerEn,
  ...adminEn,
  ...auditEn,
  ...stationEn,
};

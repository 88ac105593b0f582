/**
 * The station's own strings — the link to the hub and the app's first run — in Malay and English
 * (merged into renderer/i18n/messages.ts).
 */
export const stationMs = {
  'link.label': 'Sambungan ke hab',
  'link.gone':
    'Hab tidak dapat dihubungi. Meja ini tidak menyimpan apa-apa sehingga sambungan pulih; sambungan semula sedang dicuba.',
  'link.refused':
    'Hab menolak meja ini (dibatalkan atau tidak berpasangan). Tiada apa-apa disimpan. Minta pengurus di hab memasangkannya semula.',
  'link.back': 'Sambungan ke hab telah pulih. Log masuk semula.',
  'link.inFlight': 'Yang sedang dihantar semasa sambungan terputus:',
  'link.saved': '{action}: disimpan di hab.',
  'link.notSaved': '{action}: TIDAK disimpan. Masukkan semula.',
  'link.dismiss': 'Faham',
  'link.action.recipient.register': 'Pendaftaran penerima',
  'link.action.registration.create': 'Pendaftaran untuk hari ini',
  'link.action.presence.confirm': 'Pengesahan kehadiran',
  'link.action.presence.scan': 'Pengesahan kehadiran',
  'link.action.vial.open': 'Pembukaan vial',
  'link.action.dose.record': 'Rekod dos',
  'link.action.dose.amend': 'Pindaan dos',
  'link.action.dose.void': 'Pembatalan dos',
  'link.action.observation.release': 'Pelepasan dari pemerhatian',
  'link.action.auth.changeSecret': 'PIN baharu',
  'link.action.other': 'Tindakan ({channel})',

  'firstRun.title': 'Persediaan komputer ini',
  'firstRun.intro':
    'Satu komputer di PPV ialah hab: ia menyimpan rekod. Komputer lain ialah meja yang berpasangan dengan hab.',
  'firstRun.hub': 'PPV baharu (komputer ini ialah hab)',
  'firstRun.desk': 'Sertai PPV (komputer ini ialah meja)',
  'firstRun.join.title': 'Sertai PPV sebagai meja',
  'firstRun.join.intro':
    'Di hab, pengurus memaparkan alamat hab, cap jari sijilnya dan kod berpasangan. Taip ketiga-tiganya di sini.',
  'firstRun.join.address': 'Alamat hab (contoh 192.168.1.10:8443)',
  'firstRun.join.fingerprint': 'Cap jari sijil hab (SHA-256)',
  'firstRun.join.code': 'Kod berpasangan',
  'firstRun.join.deskName': 'Nama meja ini (contoh Kaunter 2)',
  'firstRun.join.submit': 'Pasangkan dengan hab',
  'firstRun.join.back': 'Kembali',
} as const;

export const stationEn: Record<keyof typeof stationMs, string> = {
  'link.label': 'Link to the hub',
  'link.gone':
    'The hub cannot be reached. This desk saves nothing until the link is back; reconnecting.',
  'link.refused':
    'The hub refuses this desk (revoked or not paired). Nothing is saved. Ask the manager at the hub to pair it again.',
  'link.back': 'The link to the hub is back. Sign in again.',
  'link.inFlight': 'Being sent when the link dropped:',
  'link.saved': '{action}: saved at the hub.',
  'link.notSaved': '{action}: NOT saved. Enter it again.',
  'link.dismiss': 'Understood',
  'link.action.recipient.register': 'The recipient’s registration',
  'link.action.registration.create': 'The registration for today',
  'link.action.presence.confirm': 'The presence check',
  'link.action.presence.scan': 'The presence check',
  'link.action.vial.open': 'The vial opened',
  'link.action.dose.record': 'The dose record',
  'link.action.dose.amend': 'The dose amendment',
  'link.action.dose.void': 'The dose voided',
  'link.action.observation.release': 'The release from observation',
  'link.action.auth.changeSecret': 'The new PIN',
  'link.action.other': 'The action ({channel})',

  'firstRun.title': 'Setting up this PC',
  'firstRun.intro':
    'One PC at a PPV is the hub: it keeps the records. Every other PC is a desk paired with the hub.',
  'firstRun.hub': 'New PPV (this PC is the hub)',
  'firstRun.desk': 'Join a PPV (this PC is a desk)',
  'firstRun.join.title': 'Join a PPV as a desk',
  'firstRun.join.intro':
    "At the hub, the manager shows the hub's address, its certificate fingerprint and a pairing code. Type all three here.",
  'firstRun.join.address': "The hub's address (e.g. 192.168.1.10:8443)",
  'firstRun.join.fingerprint': "The hub's certificate fingerprint (SHA-256)",
  'firstRun.join.code': 'Pairing code',
  'firstRun.join.deskName': "This desk's name (e.g. Kaunter 2)",
  'firstRun.join.submit': 'Pair with the hub',
  'firstRun.join.back': 'Back',
};

/** The vaccinator station's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const vaccinatorMs = {
  'vaccinator.title': 'Stesen vaksinator',
  'vaccinator.queue.title': 'Giliran ({count})',
  'vaccinator.queue.empty': 'Tiada sesiapa menunggu.',
  'vaccinator.queue.entry': '{name} · {document} · {time}',
  'vaccinator.queue.present': '(hadir)',

  'vaccinator.recipient.title': 'Penerima: {name}',
  'vaccinator.recipient.none': 'Pilih penerima daripada giliran.',

  'vaccinator.presence.title': 'Sahkan kehadiran',
  'vaccinator.presence.method': 'Cara pengesahan',
  'vaccinator.presence.MYKAD': 'MyKad di pembaca kad',
  'vaccinator.presence.SLIP_QR': 'QR slip penerima',
  'vaccinator.presence.MYKAD_TYPED': 'Nombor MyKad ditaip (dengan sebab)',
  'vaccinator.presence.insertCard':
    'Masukkan MyKad penerima ke dalam pembaca kad stesen ini: kehadiran disahkan sebaik kad dibaca.',
  'vaccinator.presence.reason': 'Sebab nombor ditaip (cth. cip kad rosak)',
  'vaccinator.presence.scanned': 'Nombor MyKad atau teks QR slip',
  'vaccinator.presence.submit': 'Sahkan kehadiran',
  'vaccinator.presence.confirmed': 'Kehadiran disahkan.',

  'vaccinator.vial.title': 'Vial',
  'vaccinator.vial.scan': 'Imbas kod vial (atau taip dan tekan Enter)',
  'vaccinator.vial.read': 'Kod dibaca: GTIN {gtin}, lot {lot}, luput {expiry}.',
  'vaccinator.vial.opened': 'Vial dibuka: {product}, lot {lot}, luput {expiry}.',
  'vaccinator.vial.notVial': 'Kod ini bukan kod vial. Imbas kod DataMatrix pada vial.',
  'vaccinator.vial.inUse': 'Vial yang digunakan',
  'vaccinator.vial.none': 'Tiada vial dibuka. Imbas vial dahulu.',
  'vaccinator.vial.option': '{product}, lot {lot}, luput {expiry} ({drawn}/{perVial} dos)',

  'vaccinator.refused.GS1_MALFORMED': 'Kod vial tidak dapat dibaca: {detail}. Imbas semula vial.',
  'vaccinator.refused.GS1_MISSING_FIELD':
    'Kod vial tiada {field}. Imbas kod DataMatrix pada vial, bukan kod lain.',
  'vaccinator.refused.GS1_EXPIRY_INVALID':
    'Tarikh luput dalam kod vial ({expiry}) bukan tarikh yang sah.',
  'vaccinator.refused.GTIN_CHECK_DIGIT':
    'Kod GTIN {gtin} tidak sah (digit semak salah). Imbas semula vial.',
  'vaccinator.refused.other': 'Kod vial ditolak. Imbas semula vial.',

  'vaccinator.dose.title': 'Rekod dos',
  'vaccinator.dose.site': 'Tempat suntikan',
  'vaccinator.dose.submit': 'Rekod dos',
  'vaccinator.dose.recorded':
    'Dos {number} ({product}) direkodkan untuk {name} pada {time}. Pemerhatian sehingga {until}.',
  'vaccinator.site.L_DELTOID': 'Lengan kiri (deltoid)',
  'vaccinator.site.R_DELTOID': 'Lengan kanan (deltoid)',
  'vaccinator.site.L_THIGH': 'Paha kiri',
  'vaccinator.site.R_THIGH': 'Paha kanan',

  'vaccinator.screening.title': 'Saringan',
  'vaccinator.screening.question': 'Penerima sihat hari ini dan tiada alahan teruk kepada vaksin?',
  'vaccinator.screening.yes': 'Ya, teruskan',
  'vaccinator.screening.no': 'Tidak, tangguhkan',
  'vaccinator.screening.reason': 'Sebab penangguhan',
  'vaccinator.screening.defer': 'Tangguhkan penerima',
  'vaccinator.screening.back': 'Kembali',
  'vaccinator.screening.deferred': '{name} ditangguhkan dan dikeluarkan daripada giliran.',

  'vaccinator.observation.title': 'Dalam pemerhatian ({count})',
  'vaccinator.observation.none': 'Tiada sesiapa dalam pemerhatian.',
  'vaccinator.observation.entry': '{name} · {document}:',
  'vaccinator.observation.left': '{minutes} minit lagi (hingga {until})',
  'vaccinator.observation.due': 'Pemerhatian tamat pada {until}',
  'vaccinator.observation.release': 'Tamatkan pemerhatian {name}',
  'vaccinator.observation.note': 'Kesan sampingan (jika ada)',
  'vaccinator.observation.confirm': 'Sahkan tamat pemerhatian',
  'vaccinator.observation.cancel': 'Batal',
  'vaccinator.observation.released': 'Pemerhatian {name} ditamatkan.',
  'vaccinator.observation.releasedWithNote':
    'Pemerhatian {name} ditamatkan; kesan sampingan direkodkan.',
} as const;

export const vaccinatorEn: Record<keyof typeof vaccinatorMs, string> = {
  'vaccinator.title': 'Vaccinator station',
  'vaccinator.queue.title': 'Queue ({count})',
  'vaccinator.queue.empty': 'Nobody is waiting.',
  'vaccinator.queue.entry': '{name} · {document} · {time}',
  'vaccinator.queue.present': '(present)',

  'vaccinator.recipient.title': 'Recipient: {name}',
  'vaccinator.recipient.none': 'Choose a recipient from the queue.',

  'vaccinator.presence.title': 'Confirm presence',
  'vaccinator.presence.method': 'How presence is confirmed',
  'vaccinator.presence.MYKAD': 'MyKad in the card reader',
  'vaccinator.presence.SLIP_QR': 'Recipient slip QR',
  'vaccinator.presence.MYKAD_TYPED': 'MyKad number typed (with a reason)',
  'vaccinator.presence.insertCard':
    'Insert the recipient’s MyKad in this station’s card reader: presence is confirmed as soon as the card is read.',
  'vaccinator.presence.reason': 'Why the number is typed (e.g. the card chip is damaged)',
  'vaccinator.presence.scanned': 'MyKad number or slip QR text',
  'vaccinator.presence.submit': 'Confirm presence',
  'vaccinator.presence.confirmed': 'Presence confirmed.',

  'vaccinator.vial.title': 'Vial',
  'vaccinator.vial.scan': 'Scan the vial code (or type it and press Enter)',
  'vaccinator.vial.read': 'Code read: GTIN {gtin}, lot {lot}, expiry {expiry}.',
  'vaccinator.vial.opened': 'Vial opened: {product}, lot {lot}, expiry {expiry}.',
  'vaccinator.vial.notVial': 'This is not a vial code. Scan the DataMatrix code on the vial.',
  'vaccinator.vial.inUse': 'Vial in use',
  'vaccinator.vial.none': 'No vial is open. Scan a vial first.',
  'vaccinator.vial.option': '{product}, lot {lot}, expiry {expiry} ({drawn}/{perVial} doses)',

  'vaccinator.refused.GS1_MALFORMED':
    'The vial code cannot be read: {detail}. Scan the vial again.',
  'vaccinator.refused.GS1_MISSING_FIELD':
    'The vial code has no {field}. Scan the DataMatrix code on the vial, not another code.',
  'vaccinator.refused.GS1_EXPIRY_INVALID':
    'The expiry date in the vial code ({expiry}) is not a valid date.',
  'vaccinator.refused.GTIN_CHECK_DIGIT':
    'GTIN {gtin} is not valid (wrong check digit). Scan the vial again.',
  'vaccinator.refused.other': 'The vial code was refused. Scan the vial again.',

  'vaccinator.dose.title': 'Record the dose',
  'vaccinator.dose.site': 'Injection site',
  'vaccinator.dose.submit': 'Record the dose',
  'vaccinator.dose.recorded':
    'Dose {number} ({product}) recorded for {name} at {time}. Observation until {until}.',
  'vaccinator.site.L_DELTOID': 'Left arm (deltoid)',
  'vaccinator.site.R_DELTOID': 'Right arm (deltoid)',
  'vaccinator.site.L_THIGH': 'Left thigh',
  'vaccinator.site.R_THIGH': 'Right thigh',

  'vaccinator.screening.title': 'Screening',
  'vaccinator.screening.question':
    'Is the recipient well today, with no severe allergy to vaccines?',
  'vaccinator.screening.yes': 'Yes, continue',
  'vaccinator.screening.no': 'No, defer',
  'vaccinator.screening.reason': 'Reason for deferral',
  'vaccinator.screening.defer': 'Defer the recipient',
  'vaccinator.screening.back': 'Back',
  'vaccinator.screening.deferred': '{name} was deferred and left the queue.',

  'vaccinator.observation.title': 'In observation ({count})',
  'vaccinator.observation.none': 'Nobody is in observation.',
  'vaccinator.observation.entry': '{name} · {document}:',
  'vaccinator.observation.left': '{minutes} min left (until {until})',
  'vaccinator.observation.due': 'Observation ended at {until}',
  'vaccinator.observation.release': 'End observation of {name}',
  'vaccinator.observation.note': 'Adverse event (if any)',
  'vaccinator.observation.confirm': 'Confirm end of observation',
  'vaccinator.observation.cancel': 'Cancel',
  'vaccinator.observation.released': 'Observation of {name} ended.',
  'vaccinator.observation.releasedWithNote': 'Observation of {name} ended; adverse event recorded.',
};

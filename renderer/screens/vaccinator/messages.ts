/** The vaccinator station's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const vaccinatorMs = {
  'vaccinator.title': 'Stesen vaksinator',
  'vaccinator.queue.title': 'Giliran ({count})',
  'vaccinator.queue.empty': 'Tiada sesiapa menunggu.',
  'vaccinator.queue.entry': '{name} · {document} · {time}',
  'vaccinator.queue.present': '(hadir)',

  'vaccinator.recipient.title': 'Penerima: {name}',
  'vaccinator.recipient.none': 'Pilih penerima daripada giliran.',
  'vaccinator.scan.label': 'Imbas slip, MyKad atau vial (atau taip nombor MyKad dan tekan Enter)',
  'vaccinator.scan.unknown':
    'Kod ini bukan slip penerima, nombor MyKad atau kod vial. Imbas slip atau kod DataMatrix pada vial.',
  'vaccinator.presence.confirmedFor': 'Kehadiran {name} disahkan.',
  'vaccinator.presence.scanToConfirm':
    'Imbas slip atau MyKad penerima untuk mengesahkan kehadiran.',

  'vaccinator.presence.confirmed': 'Kehadiran disahkan.',
  'vaccinator.presence.typedNumber':
    'Nombor MyKad {number} ditaip atau diimbas, bukan dibaca daripada kad: nyatakan sebab untuk mengesahkan kehadiran.',
  'vaccinator.presence.reason': 'Sebab nombor ditaip (cth. cip kad rosak)',
  'vaccinator.presence.submit': 'Sahkan kehadiran',
  'vaccinator.presence.cancel': 'Batal',

  'vaccinator.vial.opened': 'Vial dibuka: {product}, lot {lot}, luput {expiry}.',
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

  'vaccinator.lot.title': 'Lot ini tidak diterima oleh PPV',
  'vaccinator.lot.rescan': 'Bukan lot ini: imbas semula',
  'vaccinator.lot.confirm': 'Label vial menunjukkan lot {lot}: buka vial',
  'vaccinator.lot.notOpened': 'Vial lot {lot} tidak dibuka. Imbas semula vial.',
  'vaccinator.dose.title': 'Rekod dos',
  'vaccinator.dose.number': 'Dos ke-',
  'vaccinator.dose.product': 'Produk',
  'vaccinator.dose.age': 'Umur',
  'vaccinator.dose.years': '{years} tahun',
  'vaccinator.dose.eligibility': 'Kelayakan hari ini',
  'vaccinator.dose.eligible': 'Layak',
  'vaccinator.dose.site': 'Tempat suntikan',
  'vaccinator.dose.submit': 'Ya, rekod dos',
  'vaccinator.dose.recorded':
    'Dos {number} ({product}) direkodkan untuk {name} pada {time}. Pemerhatian sehingga {until}.',
  'vaccinator.site.L_DELTOID': 'Lengan kiri (deltoid)',
  'vaccinator.site.R_DELTOID': 'Lengan kanan (deltoid)',
  'vaccinator.site.L_THIGH': 'Paha kiri',
  'vaccinator.site.R_THIGH': 'Paha kanan',

  'vaccinator.screening.question': 'Penerima sihat hari ini dan tiada alahan teruk kepada vaksin?',
  'vaccinator.screening.no': 'Tidak, tangguhkan',
  'vaccinator.screening.reason': 'Sebab penangguhan',
  'vaccinator.screening.defer': 'Tangguhkan penerima',
  'vaccinator.screening.back': 'Kembali',
  'vaccinator.screening.deferred': '{name} ditangguhkan dan dikeluarkan daripada giliran.',

  'vaccinator.observation.title': 'Dalam pemerhatian ({count})',
  'vaccinator.observation.none': 'Tiada sesiapa dalam pemerhatian.',
  'vaccinator.observation.ended': 'Pemerhatian tamat: {names}. Semak dan benarkan mereka pulang.',
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
  'vaccinator.scan.label': 'Scan a slip, MyKad or vial (or type a MyKad number and press Enter)',
  'vaccinator.scan.unknown':
    'This code is not a recipient slip, a MyKad number or a vial code. Scan the slip or the vial’s DataMatrix code.',
  'vaccinator.presence.confirmedFor': '{name} is here: presence confirmed.',
  'vaccinator.presence.scanToConfirm':
    'Scan the recipient’s slip or MyKad to confirm they are here.',

  'vaccinator.presence.confirmed': 'Presence confirmed.',
  'vaccinator.presence.typedNumber':
    'MyKad number {number} was typed or scanned, not read from the card: give the reason to confirm presence.',
  'vaccinator.presence.reason': 'Why the number is typed (e.g. the card chip is damaged)',
  'vaccinator.presence.submit': 'Confirm presence',
  'vaccinator.presence.cancel': 'Cancel',

  'vaccinator.vial.opened': 'Vial opened: {product}, lot {lot}, expiry {expiry}.',
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

  'vaccinator.lot.title': 'This PPV did not receive this lot',
  'vaccinator.lot.rescan': 'Not this lot: scan again',
  'vaccinator.lot.confirm': 'The vial’s label shows lot {lot}: open it',
  'vaccinator.lot.notOpened': 'The vial of lot {lot} was not opened. Scan the vial again.',
  'vaccinator.dose.title': 'Record the dose',
  'vaccinator.dose.number': 'Dose number',
  'vaccinator.dose.product': 'Product',
  'vaccinator.dose.age': 'Age',
  'vaccinator.dose.years': '{years} years',
  'vaccinator.dose.eligibility': 'Eligible today',
  'vaccinator.dose.eligible': 'Yes',
  'vaccinator.dose.site': 'Injection site',
  'vaccinator.dose.submit': 'Yes, record the dose',
  'vaccinator.dose.recorded':
    'Dose {number} ({product}) recorded for {name} at {time}. Observation until {until}.',
  'vaccinator.site.L_DELTOID': 'Left arm (deltoid)',
  'vaccinator.site.R_DELTOID': 'Right arm (deltoid)',
  'vaccinator.site.L_THIGH': 'Left thigh',
  'vaccinator.site.R_THIGH': 'Right thigh',

  'vaccinator.screening.question':
    'Is the recipient well today, with no severe allergy to vaccines?',
  'vaccinator.screening.no': 'No, defer',
  'vaccinator.screening.reason': 'Reason for deferral',
  'vaccinator.screening.defer': 'Defer the recipient',
  'vaccinator.screening.back': 'Back',
  'vaccinator.screening.deferred': '{name} was deferred and left the queue.',

  'vaccinator.observation.title': 'In observation ({count})',
  'vaccinator.observation.none': 'Nobody is in observation.',
  'vaccinator.observation.ended': 'Observation over: {names}. Check them and let them go.',
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

/** The registration desk's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const deskMs = {
  'desk.title': 'Kaunter pendaftaran',
  'desk.find.title': 'Cari atau daftar penerima',
  'desk.find.docType': 'Jenis dokumen',
  'desk.find.docNumber': 'Nombor dokumen (taip atau imbas)',
  'desk.find.docCountry': 'Negara pengeluar (kod tiga huruf, contoh IDN)',
  'desk.find.submit': 'Cari',
  'desk.docType.MYKAD': 'MyKad',
  'desk.docType.MYPR': 'MyPR',
  'desk.docType.MYKAS': 'MyKAS',
  'desk.docType.MYTENTERA': 'MyTentera',
  'desk.docType.PASSPORT': 'Pasport',
  'desk.docType.BIRTH_CERT': 'Sijil kelahiran',

  'desk.existing.title': 'Penerima sedia ada',
  'desk.existing.doses': 'Dos diterima: {count}',
  'desk.existing.register': 'Daftar untuk hari ini',
  'desk.recipient.document': 'Dokumen',
  'desk.recipient.birthDate': 'Tarikh lahir',
  'desk.recipient.sex': 'Jantina',
  'desk.recipient.address': 'Alamat',

  'desk.new.title': 'Pendaftaran baharu: {document}',
  'desk.new.birthHint':
    'Tarikh lahir dicadangkan daripada nombor MyKad: {date}. Sahkan dengan penerima.',
  'desk.new.useAlternative': 'Guna {date} sebagai tarikh lahir',
  'desk.new.checkDigit':
    'Digit semak nombor ini tidak sepadan. Semak semula nombor pada kad sebelum menyimpan.',
  'desk.new.fullName': 'Nama penuh',
  'desk.new.birthDate': 'Tarikh lahir',
  'desk.new.sex': 'Jantina',
  'desk.new.nationality': 'Warganegara (kod tiga huruf)',
  'desk.new.addressLine': 'Alamat',
  'desk.new.postcode': 'Poskod',
  'desk.new.state': 'Negeri',
  'desk.new.submit': 'Daftar penerima',
  'desk.new.duplicates': 'Kemungkinan pendua:',
  'desk.new.duplicatesManager':
    'Pengurus perlu meluluskan pendaftaran ini dengan sebab sebelum ia boleh disimpan.',

  'desk.visit.phone': 'Telefon (contoh +60123456789)',
  'desk.visit.consent': 'Penerima memberi persetujuan untuk divaksin',
  'desk.visit.cancel': 'Batal',

  'desk.sex.M': 'Lelaki',
  'desk.sex.F': 'Perempuan',

  'desk.registered': '{name} didaftarkan dan menunggu dalam giliran.',

  'desk.queue.title': 'Giliran menunggu ({count})',
  'desk.queue.empty': 'Tiada sesiapa menunggu.',
  'desk.queue.name': 'Nama',
  'desk.queue.document': 'Dokumen',
  'desk.queue.registeredAt': 'Didaftarkan',
  'desk.queue.presence': 'Kehadiran',
  'desk.queue.present': 'disahkan',
  'desk.queue.notPresent': 'belum',
} as const;

export const deskEn: Record<keyof typeof deskMs, string> = {
  'desk.title': 'Registration desk',
  'desk.find.title': 'Find or register a recipient',
  'desk.find.docType': 'Document type',
  'desk.find.docNumber': 'Document number (type or scan)',
  'desk.find.docCountry': 'Issuing country (three-letter code, e.g. IDN)',
  'desk.find.submit': 'Find',
  'desk.docType.MYKAD': 'MyKad',
  'desk.docType.MYPR': 'MyPR',
  'desk.docType.MYKAS': 'MyKAS',
  'desk.docType.MYTENTERA': 'MyTentera',
  'desk.docType.PASSPORT': 'Passport',
  'desk.docType.BIRTH_CERT': 'Birth certificate',

  'desk.existing.title': 'Existing recipient',
  'desk.existing.doses': 'Doses received: {count}',
  'desk.existing.register': 'Register for today',
  'desk.recipient.document': 'Document',
  'desk.recipient.birthDate': 'Birth date',
  'desk.recipient.sex': 'Sex',
  'desk.recipient.address': 'Address',

  'desk.new.title': 'New registration: {document}',
  'desk.new.birthHint':
    'Birth date suggested from the MyKad number: {date}. Confirm it with the recipient.',
  'desk.new.useAlternative': 'Use {date} as the birth date',
  'desk.new.checkDigit':
    'This number’s check digit does not match. Check the number on the card again before saving.',
  'desk.new.fullName': 'Full name',
  'desk.new.birthDate': 'Birth date',
  'desk.new.sex': 'Sex',
  'desk.new.nationality': 'Nationality (three-letter code)',
  'desk.new.addressLine': 'Address',
  'desk.new.postcode': 'Postcode',
  'desk.new.state': 'State',
  'desk.new.submit': 'Register the recipient',
  'desk.new.duplicates': 'Possible duplicates:',
  'desk.new.duplicatesManager':
    'A manager must approve this registration with a reason before it can be saved.',

  'desk.visit.phone': 'Phone (e.g. +60123456789)',
  'desk.visit.consent': 'The recipient consents to vaccination',
  'desk.visit.cancel': 'Cancel',

  'desk.sex.M': 'Male',
  'desk.sex.F': 'Female',

  'desk.registered': '{name} is registered and waiting in the queue.',

  'desk.queue.title': 'Waiting queue ({count})',
  'desk.queue.empty': 'Nobody is waiting.',
  'desk.queue.name': 'Name',
  'desk.queue.document': 'Document',
  'desk.queue.registeredAt': 'Registered',
  'desk.queue.presence': 'Presence',
  'desk.queue.present': 'confirmed',
  'desk.queue.notPresent': 'not yet',
};

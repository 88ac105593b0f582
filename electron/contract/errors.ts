/**
 * Every error a person can see: a stable code and its message in Malay (`ms`) and English (`en`).
 * `{name}` placeholders are filled from the error's params.
 */
export const errorMessages = {
  // transport and dispatch
  INVALID_INPUT: {
    ms: 'Maklumat yang dihantar tidak sah: {issues}.',
    en: 'The information sent is not valid: {issues}.',
  },
  UNKNOWN_CHANNEL: { ms: 'Saluran tidak dikenali: {channel}.', en: 'Unknown channel: {channel}.' },
  UNAUTHENTICATED: { ms: 'Sila log masuk dahulu.', en: 'Please sign in first.' },
  FORBIDDEN: {
    ms: 'Peranan anda tidak membenarkan tindakan ini.',
    en: 'Your role does not allow this action.',
  },
  SESSION_LOCKED: {
    ms: 'Sesi dikunci kerana tiada aktiviti. Masukkan PIN anda untuk meneruskan.',
    en: 'The session is locked after inactivity. Enter your PIN to continue.',
  },
  CONNECTION_CLOSED: {
    ms: 'Sambungan ini ditutup selepas terlalu banyak percubaan ditolak. Muat semula halaman.',
    en: 'This connection was closed after too many refused attempts. Reload the page.',
  },
  INTERNAL: {
    ms: 'Ralat dalaman. Tiada apa-apa disimpan. Sila cuba lagi atau hubungi sokongan.',
    en: 'Internal error. Nothing was saved. Please try again or contact support.',
  },
  STATION_MESSAGE_INVALID: {
    ms: 'Mesej kepada konsol tidak sah: ia mesti teks JSON {id, channel, input}.',
    en: 'The message to the console is not valid: it must be JSON text {id, channel, input}.',
  },
  STATION_DISCONNECTED: {
    ms: 'Sambungan ke konsol terputus. Tindakan ini mungkin tidak selesai: semak semula selepas sambungan pulih, kemudian cuba lagi.',
    en: 'The connection to the console was lost. This action may not have completed: check again once the connection is back, then try again.',
  },

  REQUESTS_SETTLED_TOO_OFTEN: {
    ms: 'Meja ini terlalu kerap bertanya tentang permintaan yang tidak pernah sampai ke hab. Semak rekod terakhir di hab.',
    en: 'This desk has asked too often about requests that never reached the hub. Check the last records at the hub.',
  },
  REQUEST_ALREADY_SETTLED: {
    ms: 'Permintaan ini sudah diselesaikan selepas sambungan terputus. Semak keadaan semasa, kemudian cuba lagi.',
    en: 'This request was already settled after the connection was lost. Check what is there now, then try again.',
  },

  // stations: the hub and its desks
  STATION_NOT_SET_UP: {
    ms: 'Komputer ini belum disediakan: pilih PPV baharu (hab) atau sertai PPV (meja) dahulu.',
    en: 'This PC is not set up yet: first choose a new PPV (the hub) or joining a PPV (a desk).',
  },
  STATION_ALREADY_SET_UP: {
    ms: 'Stesen ini sudah disediakan sebagai hab atau meja.',
    en: 'This station is already set up as a hub or a desk.',
  },
  HUB_ONLY: {
    ms: 'Tindakan ini hanya boleh dibuat di hab, bukan di meja.',
    en: 'This can only be done at the hub, not at a desk.',
  },
  HUB_NOT_ON_NETWORK: {
    ms: 'Hab ini tidak dibuka kepada rangkaian pusat, jadi tiada meja boleh berpasangan dengannya.',
    en: "This hub is not open to the centre's network, so no desk can pair with it.",
  },
  PAIRING_CODE_WRONG: {
    ms: 'Kod berpasangan salah. Semak kod yang dipaparkan di hab.',
    en: 'Wrong pairing code. Check the code shown at the hub.',
  },
  PAIRING_CODE_EXPIRED: {
    ms: 'Kod berpasangan telah tamat tempoh (10 minit). Minta kod baharu di hab.',
    en: 'The pairing code has expired (10 minutes). Ask for a new code at the hub.',
  },
  PAIRING_CODE_USED: {
    ms: 'Kod berpasangan ini sudah digunakan. Setiap kod untuk satu meja sahaja: minta kod baharu di hab.',
    en: 'This pairing code has already been used. Each code pairs one desk only: ask for a new code at the hub.',
  },
  PAIRING_CODE_WITHDRAWN: {
    ms: 'Kod berpasangan ditarik balik selepas terlalu banyak kod salah dicuba. Minta kod baharu di hab.',
    en: 'The pairing codes were withdrawn after too many wrong codes were tried. Ask for a new code at the hub.',
  },
  PAIRING_THROTTLED: {
    ms: 'Terlalu banyak kod berpasangan salah dari komputer ini. Tunggu 10 minit, kemudian minta kod baharu di hab.',
    en: 'Too many wrong pairing codes from this computer. Wait 10 minutes, then ask for a new code at the hub.',
  },
  DESK_NAME_TAKEN: {
    ms: 'Meja lain sudah bernama "{name}", atau nama yang kelihatan sama. Pilih nama lain.',
    en: 'Another desk is already named "{name}", or a name that looks the same. Choose another name.',
  },
  DESK_NAME_INVALID: {
    ms: "Nama meja mesti 2 hingga 40 aksara: huruf, digit, ruang dan . ' / - sahaja, bermula dengan huruf atau digit.",
    en: "The desk name must be 2 to 40 characters: letters, digits, spaces and . ' / - only, starting with a letter or digit.",
  },
  DESK_NOT_FOUND: {
    ms: 'Meja ini tiada dalam senarai, atau sudah dibatalkan.',
    en: 'This desk is not on the list, or has already been revoked.',
  },
  HUB_FINGERPRINT_MISMATCH: {
    ms: 'Cap jari sijil hab tidak sepadan dengan yang ditaip. Jangan teruskan: semak cap jari di skrin hab dan alamatnya.',
    en: "The hub's certificate fingerprint does not match the one typed. Do not go on: check the fingerprint on the hub's screen and its address.",
  },
  HUB_UNREACHABLE: {
    ms: 'Hab tidak dapat dihubungi di {address}. Semak alamat, rangkaian dan tembok api.',
    en: 'The hub cannot be reached at {address}. Check the address, the network and the firewall.',
  },
  HUB_REFUSED_DESK: {
    ms: 'Hab menolak meja ini (tidak berpasangan atau telah dibatalkan). Pasangkan semula dengan kod baharu.',
    en: 'The hub refused this desk (not paired, or revoked). Pair it again with a new code.',
  },
  HUB_GONE: {
    ms: 'Hab tidak dapat dihubungi. Tiada apa-apa disimpan di meja ini; sambung semula sedang dicuba.',
    en: 'The hub cannot be reached. Nothing is saved at this desk; reconnecting.',
  },

  // identity documents
  IDENTITY_FORMAT: {
    ms: 'Nombor dokumen mesti {expected}.',
    en: 'The document number must be {expectedEn}.',
  },
  IDENTITY_BIRTH_DATE: {
    ms: 'Enam digit pertama ({part}) bukan tarikh lahir yang sah (YYMMDD).',
    en: 'The first six digits ({part}) are not a valid birth date (YYMMDD).',
  },
  IDENTITY_PLACE_CODE: {
    ms: 'Kod tempat lahir ({part}) pada digit ke-7 dan ke-8 tidak sah.',
    en: 'The place-of-birth code ({part}) in digits 7 and 8 is not valid.',
  },
  IDENTITY_SEX_MISMATCH: {
    ms: 'Digit terakhir ({part}) menunjukkan jantina {numberSexMs}, tetapi jantina yang diberi ialah {givenSexMs}.',
    en: 'The last digit ({part}) indicates {numberSexEn}, but the sex given is {givenSexEn}.',
  },
  IDENTITY_BIRTH_DATE_MISMATCH: {
    ms: 'Tarikh lahir {birthDate} tidak sepadan dengan nombor dokumen ({part}).',
    en: 'Birth date {birthDate} does not match the document number ({part}).',
  },
  IDENTITY_COUNTRY: {
    ms: 'Negara pengeluar mesti kod ISO 3166 tiga huruf (contoh: IDN).',
    en: 'The issuing country must be an ISO 3166 three-letter code (e.g. IDN).',
  },

  // registration
  RECIPIENT_EXISTS: {
    ms: 'Penerima dengan nombor dokumen ini sudah berdaftar (nombor JPN yang sama di bawah mana-mana jenis kad ialah orang yang sama). Gunakan rekod sedia ada.',
    en: 'A recipient with this document number is already registered (the same JPN number under any card type is the same person). Use the existing record.',
  },
  POSSIBLE_DUPLICATE: {
    ms: 'Penerima lain mungkin orang yang sama: nama yang sama dengan tarikh lahir yang sama atau hampir sama, atau nombor pasport yang sama dari negara lain. Pengurus perlu meluluskan dengan sebab.',
    en: 'Another recipient may be the same person: the same name with the same or a nearly identical birth date, or the same passport number from another country. A manager must approve with a reason.',
  },
  OVERRIDE_NOT_MANAGER: {
    ms: 'Kelulusan mesti oleh pengurus yang aktif dengan PIN yang betul.',
    en: 'Approval must come from an active manager with the correct PIN.',
  },
  RECIPIENT_NOT_FOUND: { ms: 'Penerima tidak dijumpai.', en: 'Recipient not found.' },
  REGISTRATION_NOT_FOUND: { ms: 'Pendaftaran tidak dijumpai.', en: 'Registration not found.' },
  ALREADY_IN_QUEUE: {
    ms: 'Penerima ini sudah didaftarkan untuk hari ini.',
    en: 'This recipient is already registered for today.',
  },
  CONSENT_REQUIRED: {
    ms: 'Persetujuan penerima diperlukan sebelum pendaftaran.',
    en: "The recipient's consent is required before registration.",
  },
  PHONE_REQUIRED: {
    ms: 'Nombor telefon diperlukan untuk pendaftaran walk-in.',
    en: 'A phone number is required for walk-in registration.',
  },
  PRESENCE_MISMATCH: {
    ms: 'Kad atau slip yang diimbas bukan milik penerima ini.',
    en: 'The card or slip scanned does not belong to this recipient.',
  },
  PRESENCE_NOT_IN_QUEUE: {
    ms: 'Kad atau slip yang diimbas bukan milik sesiapa yang menunggu dalam barisan hari ini.',
    en: 'The card or slip scanned belongs to no one waiting in today’s queue.',
  },
  PRESENCE_NUMBER_NOT_CARD: {
    ms: 'Nombor MyKad yang diimbas bukan bacaan kad. Masukkan MyKad ke dalam pembaca, atau taip nombornya dengan sebab.',
    en: 'A scanned MyKad number is not a card read. Insert the MyKad in the reader, or type the number with a reason.',
  },

  // days
  NO_OPEN_DAY: {
    ms: 'Tiada hari yang dibuka. Pengurus perlu membuka hari dahulu.',
    en: 'No day is open. A manager must open the day first.',
  },
  DAY_ALREADY_OPEN: {
    ms: 'Hari {sessionDate} masih dibuka. Tutup hari itu dahulu.',
    en: 'Day {sessionDate} is still open. Close it first.',
  },
  DAY_NOT_TODAY: {
    ms: 'Hari yang dibuka ialah {sessionDate}, bukan hari ini. Tutup hari itu dan buka hari baharu.',
    en: "The open day is {sessionDate}, not today. Close it and open today's day.",
  },
  DAY_HAS_BLOCKERS: {
    ms: 'Hari tidak boleh ditutup: {count} perkara belum selesai.',
    en: 'The day cannot close: {count} items are unresolved.',
  },
  DAY_NOT_FOUND: { ms: 'Hari tidak dijumpai.', en: 'Day not found.' },
  DAY_NOT_SEALED: {
    ms: 'Laporan harian hanya untuk hari yang sudah ditutup dan dimeterai. Hari {sessionDate} masih dibuka.',
    en: 'A daily report is only for a day that is closed and sealed. Day {sessionDate} is still open.',
  },
  DAY_CLOSE_TOO_EARLY: {
    ms: 'Satu rekod hari ini bertarikh {latest}, selepas masa sekarang. Hari boleh ditutup mulai {latest}.',
    en: 'A record of this day is dated {latest}, after the time now. The day can close from {latest}.',
  },
  BATCH_NOT_FOUND: { ms: 'Kelompok tidak dijumpai.', en: 'Batch not found.' },
  UPLOAD_ALREADY_DECLARED: {
    ms: 'Kelompok ini sudah diisytiharkan kepada MyVAS; sebab lewatnya tidak boleh diubah lagi.',
    en: 'This batch is already declared to MyVAS; its late reason can no longer change.',
  },
  PPV_CLOSED: {
    ms: 'PPV ini telah ditutup pada {closureDate}. Tiada rekod baharu boleh dibuat.',
    en: 'This PPV closed on {closureDate}. No new records can be made.',
  },
  CLOSURE_DATE_INVALID: {
    ms: 'Tarikh penutupan tidak boleh sebelum hari yang dibuka ({sessionDate}).',
    en: 'The closure date cannot be before the open day ({sessionDate}).',
  },
  PPV_NOT_SET_UP: {
    ms: 'PPV belum disediakan.',
    en: 'The PPV has not been set up.',
  },
  PPV_ALREADY_SET_UP: { ms: 'PPV sudah disediakan.', en: 'The PPV is already set up.' },

  // vials and catalogue
  GTIN_CHECK_DIGIT: {
    ms: 'Kod GTIN {gtin} tidak sah (digit semak salah). Imbas semula vial.',
    en: 'GTIN {gtin} is not valid (wrong check digit). Scan the vial again.',
  },
  LOT_NOT_GS1: {
    ms: 'Nombor lot mesti seperti pada label vial: 1 hingga 20 huruf, angka atau tanda seperti - . /, tanpa ruang. Imbas vial untuk membacanya.',
    en: 'A lot number must be as on the vial’s label: 1 to 20 letters, digits or marks such as - . /, with no spaces. Scan the vial to read it.',
  },
  SERIAL_NOT_GS1: {
    ms: 'Nombor siri mesti seperti pada label vial: 1 hingga 20 huruf, angka atau tanda seperti - . /, tanpa ruang. Imbas vial untuk membacanya.',
    en: 'A serial number must be as on the vial’s label: 1 to 20 letters, digits or marks such as - . /, with no spaces. Scan the vial to read it.',
  },
  LOT_NOT_DELIVERED: {
    ms: 'Lot {lot} ({product}) bukan lot yang diterima oleh PPV ini. Semak lot pada label vial: jika ia {lot}, sahkan untuk membuka vial; jika tidak, imbas semula.',
    en: 'Lot {lot} ({product}) is not a lot this PPV received. Check the lot on the vial’s label: if it is {lot}, confirm to open the vial; if not, scan again.',
  },
  GTIN_ALREADY_KNOWN: {
    ms: 'GTIN {gtin} sudah dalam katalog, untuk {product}.',
    en: 'GTIN {gtin} is already in the catalogue, for {product}.',
  },
  UNKNOWN_PRODUCT: {
    ms: 'Vaksin dengan GTIN {gtin} tiada dalam katalog.',
    en: 'No vaccine with GTIN {gtin} is in the catalogue.',
  },
  VIAL_EXPIRED: {
    ms: 'Lot {lot} telah tamat tempoh pada {expiry}. Jangan gunakan vial ini.',
    en: 'Lot {lot} expired on {expiry}. Do not use this vial.',
  },
  VIAL_NOT_FOUND: { ms: 'Vial tidak dijumpai.', en: 'Vial not found.' },
  VIAL_EMPTY: {
    ms: 'Semua {dosesPerVial} dos vial ini telah digunakan. Buka vial baharu.',
    en: 'All {dosesPerVial} doses of this vial are used. Open a new vial.',
  },
  VIAL_CLOSED: {
    ms: 'Vial ini telah ditutup. Buka vial baharu.',
    en: 'This vial has been closed. Open a new vial.',
  },
  VIAL_WASTAGE_INVALID: {
    ms: 'Bilangan dos dibazir mesti antara 0 dan {remaining}.',
    en: 'The number of doses wasted must be between 0 and {remaining}.',
  },

  // scans
  SCAN_UNRECOGNISED: {
    ms: 'Imbasan tidak dikenali: bukan kod vial, slip penerima, temu janji atau nombor dokumen.',
    en: 'Scan not recognised: not a vial code, recipient slip, appointment or document number.',
  },
  GS1_MALFORMED: {
    ms: 'Kod vial tidak dapat dibaca: {detail}. Imbas semula vial.',
    en: 'The vial code cannot be read: {detailEn}. Scan the vial again.',
  },
  GS1_MISSING_FIELD: {
    ms: 'Kod vial tiada {field}. Imbas kod DataMatrix pada vial, bukan kod lain.',
    en: 'The vial code has no {fieldEn}. Scan the DataMatrix code on the vial, not another code.',
  },
  GS1_EXPIRY_INVALID: {
    ms: 'Tarikh luput dalam kod vial ({expiry}) bukan tarikh yang sah.',
    en: 'The expiry date in the vial code ({expiry}) is not a valid date.',
  },
  SCAN_GONE: {
    ms: 'Imbasan ini sudah tiada (lebih dua minit). Imbas semula.',
    en: 'This scan is gone (over two minutes old). Scan again.',
  },
  RECIPIENT_NOT_IN_WORK: {
    ms: 'Penerima ini bukan dalam urusan anda sekarang. Cari penerima melalui dokumen (kaunter, pengurus) atau sahkan kehadirannya (vaksinator) dahulu.',
    en: 'This recipient is not part of your work now. Find them by document (desk, manager) or confirm their presence (vaccinator) first.',
  },
  READ_QUOTA_EXCEEDED: {
    ms: 'Anda telah membaca maklumat {limit} penerima dalam sejam yang lalu, had yang ditetapkan. Pengurus telah dimaklumkan. Cuba lagi kemudian.',
    en: 'You have read the details of {limit} recipients in the past hour, the set limit. The manager has been told. Try again later.',
  },
  CARD_READ_GONE: {
    ms: 'Bacaan MyKad ini sudah tiada (sudah diambil atau lebih dua minit). Masukkan kad semula.',
    en: 'This MyKad read is gone (already taken or over two minutes old). Insert the card again.',
  },

  // doses: the seven hard rules
  NOT_REGISTERED_BEFORE: {
    ms: 'Penerima didaftarkan pada {registeredAt}, selepas masa suntikan. Semak masa suntikan.',
    en: 'The recipient was registered at {registeredAt}, after the administration time. Check the time.',
  },
  DOSE_OUTSIDE_DAY: {
    ms: 'Masa suntikan mesti dalam hari yang dibuka (sejak {openedAt}).',
    en: 'The administration time must lie inside the open day (since {openedAt}).',
  },
  DOSE_AFTER_CLOSE_OUT: {
    ms: 'Hari ini telah ditutup pada {closedAt}. Dos tidak boleh direkodkan selepas penutupan hari.',
    en: 'This day closed at {closedAt}. A dose cannot be recorded after the day is closed.',
  },
  DOSE_IN_FUTURE: {
    ms: 'Masa suntikan {administeredAt} belum tiba. Rekod dos hanya selepas suntikan diberi.',
    en: 'The administration time {administeredAt} is in the future. Record the dose only after it is given.',
  },
  DOSE_SEQUENCE: {
    ms: 'Nombor dos tidak boleh dipilih; dos seterusnya ialah dos {expected}.',
    en: 'The dose number cannot be chosen; the next dose is dose {expected}.',
  },
  DOSE_INTERVAL: {
    ms: 'Terlalu awal: dos ini boleh diberi mulai {earliest} ({minimum} selepas dos sebelumnya).',
    en: 'Too early: this dose may be given from {earliest} ({minimumEn} after the previous dose).',
  },
  PRODUCT_MISMATCH: {
    ms: 'Siri primer mesti menggunakan vaksin yang sama ({expected}), bukan {given}.',
    en: 'The primary series must stay on one vaccine ({expected}), not {given}.',
  },
  PRODUCT_NOT_BOOSTER: {
    ms: '{given} tidak diluluskan sebagai dos penggalak.',
    en: '{given} is not approved as a booster.',
  },
  VACCINATOR_NOT_ACTIVE: {
    ms: 'Hanya vaksinator yang aktif boleh merekod dos.',
    en: 'Only an active vaccinator can record a dose.',
  },
  PRESENCE_NOT_CONFIRMED: {
    ms: 'Kehadiran penerima belum disahkan. Imbas MyKad atau QR slip di stesen.',
    en: "The recipient's presence is not confirmed. Scan the MyKad or the slip QR at the station.",
  },
  DOSE_INCOMPLETE: {
    ms: 'Rekod dos tidak lengkap: {fields}.',
    en: 'The dose record is incomplete: {fields}.',
  },
  DOSE_ALREADY_RECORDED: {
    ms: 'Dos untuk pendaftaran ini sudah direkodkan.',
    en: 'A dose for this registration is already recorded.',
  },
  DOSE_RECORDED_TOO_LATE: {
    ms: 'Dos mesti direkodkan dalam masa 60 minit selepas diberi: masa suntikan paling awal ialah {earliest}.',
    en: 'A dose must be recorded within 60 minutes of being given: the earliest administration time is {earliest}.',
  },
  DOSE_BEFORE_PRESENCE: {
    ms: 'Kehadiran penerima disahkan pada {presenceAt}, selepas masa suntikan. Semak masa suntikan.',
    en: "The recipient's presence was confirmed at {presenceAt}, after the administration time. Check the time.",
  },
  CLOCK_UNTRUSTED: {
    ms: 'Jam komputer ini berbeza {offset} daripada masa MyVAS. Rekod dos dihentikan sehingga jam dibetulkan.',
    en: "This computer's clock is {offset} off MyVAS time. Dose recording is stopped until the clock is fixed.",
  },
  CLOCK_BEHIND_RECORDS: {
    ms: 'Jam komputer ({now}) lebih awal daripada masa terkini yang direkodkan stesen ini ({latest}): jam telah diundurkan. Rekod dos dihentikan sehingga jam dibetulkan atau masa MyVAS diukur.',
    en: "This computer's clock ({now}) is behind the latest time this station recorded ({latest}): it was set back. Dose recording is stopped until the clock is fixed or MyVAS time is measured.",
  },
  CLOCK_JUMPED: {
    ms: 'Jam komputer berubah {jump} semasa konsol berjalan. Rekod dos dihentikan sehingga masa MyVAS diukur semula atau pengurus mengesahkan masa.',
    en: "This computer's clock changed by {jump} while the console was running. Dose recording is stopped until MyVAS time is measured again or a manager confirms the time.",
  },
  CLOCK_NOT_CONFIRMED: {
    ms: 'Masa MyVAS tidak dapat diukur. Sahkan tarikh dan masa yang ditunjukkan ({shown}) sebelum membuka hari.',
    en: 'MyVAS time could not be measured. Confirm the date and time shown ({shown}) before opening the day.',
  },
  CLOCK_CONFIRMATION_MISMATCH: {
    ms: 'Masa yang disahkan ({confirmed}) bukan masa konsol ({shown}). Semak masa yang ditunjukkan dan sahkan semula, atau betulkan jam komputer.',
    en: "The time confirmed ({confirmed}) is not the console's time ({shown}). Check the time shown and confirm again, or fix the computer's clock.",
  },
  DOSE_NOT_FOUND: { ms: 'Rekod dos tidak dijumpai.', en: 'Dose record not found.' },
  DOSE_ALREADY_VOID: { ms: 'Dos ini sudah dibatalkan.', en: 'This dose is already void.' },
  DOSE_SUPERSEDED: {
    ms: 'Dos ini telah dipinda; ubah rekod pindaan terkini.',
    en: 'This dose has been amended; change the latest amendment instead.',
  },
  AMENDMENT_NOT_JUDGED: {
    ms: 'MyVAS belum menilai pindaan ini. Batalkan selepas kelompoknya dimuat naik.',
    en: 'MyVAS has not judged this amendment yet. Void it once its batch has uploaded.',
  },
  DOSE_NOT_SEALED: {
    ms: 'Dos ini belum dimeterai; batalkan dan rekod semula semasa hari dibuka.',
    en: 'This dose is not sealed yet; void and record it again while the day is open.',
  },
  OBSERVATION_NOT_FOUND: {
    ms: 'Tiada pemerhatian aktif untuk dos ini.',
    en: 'No observation is running for this dose.',
  },

  // users and sign-in
  SIGN_IN_FAILED: {
    ms: 'ID kakitangan atau PIN salah.',
    en: 'Wrong staff ID or PIN.',
  },
  SIGN_IN_DELAYED: {
    ms: 'ID kakitangan atau PIN salah terlalu kerap. Cuba lagi selepas {until}.',
    en: 'Wrong staff ID or PIN too many times. Try again after {until}.',
  },
  SIGN_IN_THROTTLED: {
    ms: 'Terlalu banyak percubaan PIN dari kaunter ini. Tunggu seminit, kemudian cuba lagi.',
    en: 'Too many PIN attempts from this desk. Wait a minute, then try again.',
  },
  CHECK_IN_PROGRESS: {
    ms: 'PIN sebelumnya dari skrin ini masih disemak. Tunggu jawapannya, kemudian cuba lagi.',
    en: 'The previous PIN from this screen is still being checked. Wait for its answer, then try again.',
  },
  APPROVAL_REQUIRED: {
    ms: 'Perubahan ini memerlukan kelulusan orang kedua: pentadbir lain atau pengurus memasukkan ID kakitangan dan PIN mereka.',
    en: 'This change needs a second person’s approval: another admin or a manager enters their staff ID and PIN.',
  },
  APPROVAL_FAILED: {
    ms: 'Kelulusan ditolak: ID kakitangan atau PIN pelulus salah.',
    en: 'Approval refused: wrong approver staff ID or PIN.',
  },
  APPROVAL_DELAYED: {
    ms: 'PIN pelulus salah terlalu kerap dari kaunter ini. Cuba lagi selepas {until}.',
    en: 'Wrong approver PIN too many times from this desk. Try again after {until}.',
  },
  APPROVER_NOT_ALLOWED: {
    ms: 'Orang ini tidak boleh meluluskan perubahan ini. Pelulus ialah pengurus (atau, untuk akaun staf, pentadbir lain) yang sudah memilih PIN sendiri, dan bukan orang yang membuat atau menerima perubahan.',
    en: 'This person may not approve this change. An approver is a manager (or, for staff accounts, another admin) who has chosen their own PIN, and never the person making or receiving the change.',
  },
  WITNESS_REQUIRED: {
    ms: 'PIN pertama ini diluluskan oleh {approver}. {approver} mesti hadir dan memasukkan ID kakitangan dan PIN mereka semasa anda memilih PIN sendiri.',
    en: 'This first PIN was approved by {approver}. {approver} must be present and enter their staff ID and PIN while you choose your own.',
  },
  MYVAS_CHANGE_NEEDS_MANAGER: {
    ms: 'Menukar alamat atau token MyVAS memerlukan pengurus: mereka memasukkan ID kakitangan dan PIN mereka dalam tindakan yang sama.',
    en: 'Changing the MyVAS address or token needs a manager: they enter their staff ID and PIN in the same action.',
  },
  ROLES_SEPARATED: {
    ms: 'Peranan pentadbir tidak boleh dipegang bersama peranan lain. Buat akaun berasingan.',
    en: 'The admin role cannot be held together with another role. Make a separate account.',
  },
  PIN_TRIVIAL: {
    ms: 'PIN ini terlalu mudah diteka (satu digit berulang, digit berturutan, atau tarikh seperti tarikh lahir). Pilih yang lain.',
    en: 'This PIN is too easy to guess (one repeated digit, a run of digits, or a date such as a birth date). Choose another.',
  },
  PIN_CHANGE_REQUIRED: {
    ms: 'Tukar PIN pertama yang diberi oleh pentadbir kepada PIN anda sendiri sebelum meneruskan.',
    en: 'Change the first PIN the admin gave you to your own before continuing.',
  },
  PIN_REUSED: {
    ms: 'PIN baharu mesti berbeza daripada PIN semasa.',
    en: 'The new PIN must differ from the current one.',
  },
  PIN_TOO_WEAK: {
    ms: 'PIN mesti sekurang-kurangnya 6 digit, atau kata laluan sekurang-kurangnya 10 aksara.',
    en: 'The PIN must be at least 6 digits, or a password at least 10 characters.',
  },
  STAFF_ID_TAKEN: {
    ms: 'ID kakitangan {staffId} sudah digunakan.',
    en: 'Staff ID {staffId} is already in use.',
  },
  USER_NOT_FOUND: { ms: 'Pengguna tidak dijumpai.', en: 'User not found.' },
  LAST_ADMIN: {
    ms: 'Tidak boleh membuang pentadbir aktif yang terakhir.',
    en: 'The last active admin cannot be removed.',
  },
  SELF_CHANGE: {
    ms: 'Anda tidak boleh menukar peranan atau status akaun sendiri.',
    en: 'You cannot change your own roles or account status.',
  },

  // registration desk (details)
  REGISTRATION_NOT_WAITING: {
    ms: 'Penerima ini tidak lagi menunggu dalam barisan.',
    en: 'This recipient is no longer waiting in the queue.',
  },
  BIRTH_DATE_INVALID: {
    ms: 'Tarikh lahir {birthDate} tidak sah: mesti tarikh sebenar, tidak selepas hari ini dan tidak lebih 130 tahun dahulu.',
    en: 'Birth date {birthDate} is not valid: it must be a real date, not after today and not more than 130 years ago.',
  },
  NATIONALITY_INVALID: {
    ms: 'Kewarganegaraan {nationality} bukan kod negara ISO 3166 tiga huruf yang sah.',
    en: 'Nationality {nationality} is not a valid ISO 3166 three-letter country code.',
  },
  RECIPIENT_NAME_INVALID: {
    ms: 'Nama penuh mesti mengandungi sekurang-kurangnya satu huruf.',
    en: 'The full name must contain at least one letter.',
  },
  RECIPIENT_NAME_CHARACTER: {
    ms: "Nama mengandungi {kindMs} {character} pada kedudukan {position}. Nama hanya boleh mengandungi huruf, ruang dan ' - . @ /.",
    en: "The name contains {kindEn} {character} at position {position}. A name may contain only letters, spaces and ' - . @ /.",
  },
  PHONE_INVALID: {
    ms: 'Nombor telefon ini {reasonMs}. Taip seperti 012-345 6789 atau +60 12-345 6789.',
    en: 'This phone number {reasonEn}. Type it as 012-345 6789 or +60 12-345 6789.',
  },
  STATE_UNKNOWN: {
    ms: 'Negeri «{state}» tidak dikenali. Pilih salah satu: {states}.',
    en: 'State «{state}» is not known. Choose one of: {states}.',
  },
  POSTCODE_NOT_IN_STATE: {
    ms: 'Poskod {postcode} bukan poskod {state} (julat: {ranges}).',
    en: 'Postcode {postcode} is not a postcode of {state} (ranges: {ranges}).',
  },
  DOC_TYPE_CORRECTION_INVALID: {
    ms: 'Jenis dokumen hanya boleh dibetulkan antara MyKad, MyPR, MyKAS dan sijil kelahiran (MyKid) bagi nombor JPN 12 digit yang sama, dan mesti berbeza daripada jenis sekarang.',
    en: 'A document type can only be corrected between MyKad, MyPR, MyKAS and birth certificate (MyKid) for the same 12-digit JPN number, and must differ from the current type.',
  },

  // scanners
  SERIAL_LIBRARY_MISSING: {
    ms: 'Pustaka port bersiri (serialport) tiada dalam pemasangan ini. Pengimbas bersiri tidak boleh digunakan.',
    en: 'The serial port library (serialport) is missing from this installation. Serial scanners cannot be used.',
  },
  SERIAL_OPEN_FAILED: {
    ms: 'Port bersiri pengimbas tidak dapat dibuka. Semak tetapan port dan kebenaran akses.',
    en: "The scanner's serial port could not be opened. Check the port setting and access permissions.",
  },
  SERIAL_PORT_ERROR: {
    ms: 'Port bersiri pengimbas mengalami ralat. Cuba menyambung semula secara automatik.',
    en: "The scanner's serial port failed. Reconnecting automatically.",
  },
  HID_LIBRARY_MISSING: {
    ms: 'Pustaka USB HID (node-hid) tiada dalam pemasangan ini. Pengimbas USB HID tidak boleh digunakan.',
    en: 'The USB HID library (node-hid) is missing from this installation. USB HID scanners cannot be used.',
  },
  HID_OPEN_FAILED: {
    ms: 'Pengimbas USB HID dijumpai tetapi tidak dapat dibuka. Semak kebenaran akses peranti (udev).',
    en: 'The USB HID scanner was found but could not be opened. Check the device access permissions (udev).',
  },
  HID_READ_FAILED: {
    ms: 'Bacaan daripada pengimbas USB HID gagal. Cuba menyambung semula secara automatik.',
    en: 'Reading from the USB HID scanner failed. Reconnecting automatically.',
  },

  // card reader (MyKad over PC/SC)
  PCSC_UNAVAILABLE: {
    ms: 'Perkhidmatan pembaca kad (PC/SC) tidak berjalan. Pastikan pcscd dipasang dan dihidupkan.',
    en: 'The card reader service (PC/SC) is not running. Make sure pcscd is installed and started.',
  },
  PCSC_LIBRARY_MISSING: {
    ms: 'Pustaka pembaca kad (pcsclite) tiada dalam pemasangan ini. Masukkan butiran secara manual.',
    en: 'The card reader library (pcsclite) is missing from this installation. Enter the details by hand.',
  },
  CARD_REMOVED: {
    ms: 'Kad dikeluarkan sebelum selesai dibaca. Masukkan semula dan tunggu sehingga selesai.',
    en: 'The card was removed before the read finished. Insert it again and wait until it is done.',
  },
  CARD_NOT_MYKAD: {
    ms: 'Kad ini bukan MyKad. Masukkan MyKad penerima.',
    en: "This card is not a MyKad. Insert the recipient's MyKad.",
  },
  CARD_BLOCKED: {
    ms: 'MyKad ini disekat dan tidak boleh dibaca. Masukkan butiran secara manual.',
    en: 'This MyKad is blocked and cannot be read. Enter the details by hand.',
  },
  CARD_READ_FAILED: {
    ms: 'MyKad tidak dapat dibaca. Lap sentuhan cip dan cuba lagi.',
    en: 'The MyKad could not be read. Wipe the chip contacts and try again.',
  },
  CARD_DATA_INVALID: {
    ms: 'Data dalam cip MyKad tidak sah. Masukkan butiran secara manual dan semak dokumen.',
    en: 'The data on the MyKad chip is not valid. Enter the details by hand and check the document.',
  },
  READER_GONE: {
    ms: 'Pembaca kad terputus semasa membaca. Sambung semula pembaca dan masukkan kad sekali lagi.',
    en: 'The card reader was disconnected during the read. Reconnect it and insert the card again.',
  },

  // storage, backups and support
  DISK_FULL: {
    ms: 'Cakera penuh: tiada apa-apa disimpan. Kosongkan ruang pada cakera komputer ini, kemudian cuba lagi.',
    en: 'The disk is full: nothing was saved. Free some space on this computer’s disk, then try again.',
  },
  DATABASE_BUSY: {
    ms: 'Pangkalan data hab sedang digunakan oleh program lain: tiada apa-apa disimpan. Cuba lagi sebentar lagi; jika berulang, hubungi pegawai IT PPV.',
    en: 'The hub’s database is held by another program: nothing was saved. Try again in a moment; if it happens again, call the PPV’s IT person.',
  },
  STORAGE_SYNC_FAILED: {
    ms: 'Cakera hab gagal: tidak pasti sama ada ini disimpan. Mulakan semula komputer hab, kemudian semak rekod sebelum memasukkannya semula.',
    en: 'The hub’s disk failed: it is not certain this was saved. Restart the hub computer, then check the record before entering it again.',
  },
  BACKUP_FOLDER_INVALID: {
    ms: 'Lokasi sandaran mesti folder sedia ada yang boleh ditulis, dengan laluan penuh (contoh: E:\\SandaranPPV atau /media/usb/sandaran).',
    en: 'The backup location must be an existing folder the console can write to, given as a full path (e.g. E:\\PPVBackups or /media/usb/backups).',
  },
  BACKUP_FOLDER_SAME_DISK: {
    ms: 'Lokasi sandaran berada pada cakera yang sama dengan pangkalan data. Pilih cakera USB atau pemacu lain.',
    en: 'The backup location is on the same disk as the database. Choose a USB disk or another drive.',
  },
  BACKUP_NOT_SET: {
    ms: 'Lokasi sandaran belum ditetapkan. Pentadbir perlu menetapkannya dahulu.',
    en: 'No backup location is set. An admin must set one first.',
  },
  BACKUP_FOLDER_MISSING: {
    ms: 'Lokasi sandaran tidak ditemui. Sambungkan cakera USB atau pemacu sandaran, kemudian cuba lagi.',
    en: 'The backup location cannot be found. Connect the USB disk or backup drive, then try again.',
  },
  BACKUP_NOT_FOUND: {
    ms: 'Sandaran ini tiada dalam lokasi sandaran.',
    en: 'This backup is not in the backup location.',
  },
  RESTORE_NOT_READY: {
    ms: 'Tiada sandaran yang telah disahkan untuk dipulihkan. Pilih sandaran dan tunggu pengesahannya.',
    en: 'No verified backup is ready to restore. Choose a backup and wait for its verification.',
  },
  RESTORE_BUSY: {
    ms: 'Sandaran lain sedang disediakan untuk dipulihkan. Tunggu sehingga selesai atau batalkannya.',
    en: 'Another backup is being prepared for restore. Wait for it to finish or cancel it.',
  },
  RESTORE_APPROVAL_NOT_MANAGER: {
    ms: 'Pemulihan mesti diluluskan oleh pengurus yang aktif dengan PIN yang betul.',
    en: 'A restore must be approved by an active manager with the correct PIN.',
  },

  GS_KEY_NOT_ALLOWED: {
    ms: 'Kekunci {key} tidak boleh mewakili GS: ia sebahagian daripada kod yang diimbas (huruf, nombor, tanda baca GS1), penamat imbasan atau kekunci pengubah. Tetapkan kekunci lain dalam konfigurasi pengimbas, contohnya F8.',
    en: 'The key {key} cannot stand for GS: it is part of scanned codes (letters, digits, GS1 punctuation), a scan’s terminator or a modifier key. Set another key in the scanner’s configuration, for example F8.',
  },

  // exports
  EXPORT_TOO_LARGE: {
    ms: 'Eksport dihadkan kepada {limit} baris. Kecilkan julat.',
    en: 'Exports are limited to {limit} rows. Narrow the range.',
  },
} as const satisfies Record<string, { ms: string; en: string }>;

export type ErrorCode = keyof typeof errorMessages;

export interface LocalisedText {
  ms: string;
  en: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: LocalisedText;
  details?: Record<string, unknown>;
}

export type Params = Record<string, string | number>;

const ISO_DATE_OR_MINUTE = /^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2})?$/;

/** A date (or date and time) in a message reads as staff write it: dd/mm/yyyy, 24-hour time. */
function asStaffReadIt(value: string | number): string {
  const text = String(value);
  const date = ISO_DATE_OR_MINUTE.exec(text);
  return date ? `${date[3]}/${date[2]}/${date[1]}${date[4] ?? ''}` : text;
}

export function localise(code: ErrorCode, params: Params = {}): LocalisedText {
  const fill = (template: string): string =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params[name] === undefined ? whole : asStaffReadIt(params[name]),
    );
  const texts = errorMessages[code];
  return { ms: fill(texts.ms), en: fill(texts.en) };
}

import { z } from 'zod';
import { backupChannels } from './backup';
import { defineChannel } from './define';
import { deviceSettings, deviceStatus, wedgeSettings } from './devices';
import { scanResult } from './scan';
import * as s from './schemas';
import { LIMITS } from './vocabulary';

const managerApproval = z.object({
  managerStaffId: s.staffId,
  managerSecret: s.secret,
  reason: s.reason,
});

/** HTTPS, or plain HTTP to a loopback address only (MYVAS-API.md, Transport). */
const myvasEndpoint = z.url().refine((text) => {
  const url = new URL(text);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
}, 'HTTPS, or HTTP to 127.0.0.1 only');

const recipientDetails = {
  fullName: s.text(LIMITS.fullNameMax),
  birthDate: s.calendarDate,
  sex: s.sex,
  nationality: s.alpha3,
  addressLine: z.string().trim().max(LIMITS.addressLineMax).nullable().default(null),
  postcode: s.postcode,
  state: s.text(LIMITS.stateMax),
};

/** The date and time a manager saw on the screen and confirmed as right (null: not asked). */
const clockConfirmation = {
  confirmedTime: s.instantInput.nullable().default(null),
};

const visit = {
  phone: s.phone.nullable(),
  consent: z.boolean(),
};

/** Every channel of the console. Names are `area.verb`; the dispatcher serves exactly these. */
export const channels = {
  // --- set-up and sign-in --------------------------------------------------------------------
  'ppv.status': defineChannel({
    summary: 'Whether the PPV is set up, and its name: what the sign-in screen needs.',
    access: 'public',
    writes: false,
    input: s.empty,
    output: z.object({
      setUp: z.boolean(),
      ppvCode: z.string().nullable(),
      name: z.string().nullable(),
    }),
  }),
  'ppv.setUp': defineChannel({
    summary: 'First run only: records the PPV and creates its first admin.',
    access: 'public',
    writes: true,
    input: z.object({
      ppvCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^PPV-[A-Z0-9-]{3,28}$/, 'PPV-…'),
      name: s.text(120),
      state: s.text(60),
      district: s.text(60),
      admin: z.object({ staffId: s.staffId, fullName: s.text(120), secret: s.secret }),
    }),
    output: s.ok,
  }),
  'auth.signIn': defineChannel({
    summary: 'Signs a staff member in with staff ID and PIN or password on this connection.',
    access: 'public',
    writes: true,
    input: z.object({ staffId: s.staffId, secret: s.secret }),
    output: s.signedIn,
  }),
  'auth.unlock': defineChannel({
    summary: 'Unlocks an idle-locked session with the same user’s PIN.',
    access: 'signed-in',
    writes: true,
    input: z.object({ secret: s.secret }),
    output: s.sessionUser,
  }),
  'auth.lock': defineChannel({
    summary: 'Locks this session now (the person steps away from the desk).',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.ok,
  }),
  'auth.session': defineChannel({
    summary: 'The signed-in user of this connection.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.sessionUser,
  }),
  'auth.signOut': defineChannel({
    summary: 'Ends this connection’s session.',
    access: 'signed-in',
    writes: true,
    input: s.empty,
    output: s.ok,
  }),
  'auth.changeSecret': defineChannel({
    summary:
      'The signed-in user changes their own PIN or password. Leaving a first PIN that was issued with an approval needs that approver as witness.',
    access: 'signed-in',
    writes: true,
    input: z.object({
      currentSecret: s.secret,
      newSecret: s.secret,
      witness: s.approval.nullable().default(null),
    }),
    output: s.ok,
  }),

  // --- staff users (admin) ----------------------------------------------------------------------
  'user.list': defineChannel({
    summary: 'Staff accounts, a page at a time.',
    access: ['admin'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.userSummary),
  }),
  'user.create': defineChannel({
    summary:
      'Creates a staff account with its roles and a generated first PIN, returned this once. Admin stands alone; the manager or admin role needs a second person’s approval.',
    access: ['admin'],
    writes: true,
    input: z.object({
      staffId: s.staffId,
      fullName: s.text(120),
      roles: z.array(s.role).min(1),
      approval: s.approval.nullable().default(null),
    }),
    output: s.userWithFirstPin,
  }),
  'user.update': defineChannel({
    summary:
      'Changes a staff account’s name and roles. Granting the manager or admin role needs a second person’s approval.',
    access: ['admin'],
    writes: true,
    input: z.object({
      userId: s.uuid,
      fullName: s.text(120),
      roles: z.array(s.role).min(1),
      approval: s.approval.nullable().default(null),
    }),
    output: s.userSummary,
  }),
  'user.setActive': defineChannel({
    summary: 'Disables or re-enables a staff account (accounts are never deleted).',
    access: ['admin'],
    writes: true,
    input: z.object({ userId: s.uuid, active: z.boolean(), reason: s.reason }),
    output: s.userSummary,
  }),
  'user.resetSecret': defineChannel({
    summary:
      'Generates a new first PIN for a staff account, returned this once, and clears its sign-in delay. A manager’s or admin’s needs a second person’s approval.',
    access: ['admin'],
    writes: true,
    input: z.object({ userId: s.uuid, approval: s.approval.nullable().default(null) }),
    output: s.userWithFirstPin,
  }),

  // --- PPV settings ---------------------------------------------------------------------------
  'ppv.settings': defineChannel({
    summary: 'The PPV’s settings (the MyVAS token is never returned).',
    access: ['admin', 'manager'],
    writes: false,
    input: s.empty,
    output: s.ppvSettingsView,
  }),
  'ppv.updateSettings': defineChannel({
    summary:
      'Changes the PPV’s settings. Changing the MyVAS address or token needs a manager’s approval in the same call.',
    access: ['admin'],
    writes: true,
    input: z.object({
      name: s.text(120),
      state: s.text(60),
      district: s.text(60),
      myvasEndpoint: myvasEndpoint.nullable(),
      myvasToken: z.string().min(16).max(500).nullable().optional(),
      idleLockMinutes: z.number().int().min(1).max(60),
      exportRowLimit: z.number().int().min(1).max(200),
      retentionDays: z.number().int().min(1).max(3650),
      approval: s.approval.nullable().default(null),
    }),
    output: s.ppvSettingsView,
  }),
  'ppv.myvasChange': defineChannel({
    summary:
      'The last change of the MyVAS address or token while the desks still show it (24 hours), or null.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.myvasChange.nullable(),
  }),
  'ppv.setRecipientReadQuota': defineChannel({
    summary:
      'How many distinct recipients one person may read in a rolling hour before the console refuses more and alerts the manager (20–1000, default 300).',
    access: ['admin'],
    writes: true,
    input: z.object({ recipientReadsPerHour: z.number().int().min(20).max(1000) }),
    output: s.ppvSettingsView,
  }),
  'ppv.setClosureDate': defineChannel({
    summary: 'Sets the PPV’s closure (decommissioning) date: nothing new may be dated after it.',
    access: ['manager'],
    writes: true,
    input: z.object({ closureDate: s.dateInput, reason: s.reason }),
    output: s.ppvSettingsView,
  }),

  // --- clock and catalogue --------------------------------------------------------------------
  'clock.status': defineChannel({
    summary:
      'The trusted clock: offset to MyVAS time and whether it warns or stops dose recording.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.clockStatus,
  }),
  'clock.confirm': defineChannel({
    summary:
      'A manager confirms the date and time the console shows after the PC clock jumped while it ran: dose recording resumes. The time confirmed must be within 2 minutes of the console’s.',
    access: ['manager'],
    writes: true,
    input: z.object({ confirmedTime: s.instantInput }),
    output: s.clockStatus,
  }),
  'lot.deliver': defineChannel({
    summary:
      'Records a lot the PPV received, from one scanned vial of its box (product by GTIN, lot, expiry). The lot must be a GS1 lot: 1 to 20 characters of GS1’s character set 82, no space (LOT_NOT_GS1). Again for a lot already recorded returns it.',
    access: ['manager'],
    writes: true,
    input: z.object({ gtin: s.gtin, lot: s.text(20), expiry: s.dateInput }),
    output: s.deliveredLot,
  }),
  'lot.list': defineChannel({
    summary: 'The lots delivered to the PPV, newest first, a page at a time.',
    access: ['manager', 'vaccinator'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.deliveredLot),
  }),
  'catalogue.attachGtin': defineChannel({
    summary:
      'Attaches a GTIN the catalogue does not know (a real box) to the product it belongs to. Audited; a known GTIN is refused.',
    access: ['manager'],
    writes: true,
    input: z.object({ gtin: s.gtin, productCode: s.text(40) }),
    output: z.object({ gtin: z.string(), productCode: z.string() }),
  }),
  'catalogue.products': defineChannel({
    summary: 'The vaccine catalogue: products and their GTINs.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        manufacturer: z.string(),
        dosesPerVial: z.number().int(),
        primaryDoses: z.number().int(),
        boosterApproved: z.boolean(),
        gtins: z.array(z.string()),
      }),
    ),
  }),

  // --- registration desk ----------------------------------------------------------------------
  'identity.check': defineChannel({
    summary:
      'Checks a document number and returns what it implies (birth date, sex) for the clerk.',
    access: ['clerk'],
    writes: false,
    input: z.object({
      docType: s.docType,
      docNumber: z.string().max(LIMITS.docNumberMax),
      docCountry: s.alpha3.nullable().default(null),
    }),
    output: z.object({
      docType: s.docType,
      docNumber: z.string(),
      docNumberDisplay: z.string(),
      docCountry: z.string(),
      suggestedBirthDate: s.calendarDate.nullable(),
      alternativeBirthDate: s.calendarDate.nullable(),
      sex: s.sex.nullable(),
      warnings: z.array(z.enum(['CHECK_DIGIT'])),
      existingRecipientId: s.uuid.nullable(),
      /** The existing recipient's card type: JPN's 12 digits are one person under any of them. */
      existingDocType: s.docType.nullable(),
    }),
  }),
  'recipient.findByDocument': defineChannel({
    summary:
      'Finds one recipient by identity document; the one found becomes the caller’s to read. Audited and counted in the hourly read quota, found or not.',
    access: ['clerk', 'vaccinator', 'manager'],
    writes: false,
    input: z.object({
      docType: s.docType,
      docNumber: z.string().max(LIMITS.docNumberMax),
      docCountry: s.alpha3.nullable().default(null),
    }),
    output: s.recipientView.nullable(),
  }),
  'recipient.get': defineChannel({
    summary:
      'One recipient with their doses: only the one the caller is working on (found or registered by this clerk session, present at this vaccinator session, found by document by this manager session). Audited and counted in the hourly read quota.',
    access: ['clerk', 'vaccinator', 'manager'],
    writes: false,
    input: z.object({ recipientId: s.uuid }),
    output: s.recipientView,
  }),
  'recipient.register': defineChannel({
    summary:
      'Registers a new recipient and puts them in today’s queue. A known identity (for JPN’s 12-digit numbers, under any card type) is refused with the existing recipient; a possible duplicate (a name in common with a birth date equal, a day apart or day and month swapped; a passport number under another country) needs a manager’s approval and reason. The phone may be typed in any Malaysian form; it is stored as E.164.',
    access: ['clerk'],
    writes: true,
    input: z.object({
      document: z.object({
        docType: s.docType,
        docNumber: z.string().max(LIMITS.docNumberMax),
        docCountry: s.alpha3.nullable().default(null),
      }),
      ...recipientDetails,
      ...visit,
      duplicateApproval: managerApproval.nullable().default(null),
    }),
    output: z.object({ recipient: s.recipientView, registration: s.registrationView }),
  }),
  'recipient.correctDocType': defineChannel({
    summary:
      'Corrects a recipient’s card type among MyKad, MyPR, MyKAS and birth certificate (the same 12-digit JPN number), with a reason. Audited.',
    access: ['clerk', 'manager'],
    writes: true,
    input: z.object({ recipientId: s.uuid, docType: s.docType, reason: s.reason }),
    output: s.recipientView,
  }),
  'registration.create': defineChannel({
    summary: 'Registers a known recipient for today (a later dose) and puts them in the queue.',
    access: ['clerk'],
    writes: true,
    input: z.object({ recipientId: s.uuid, ...visit }),
    output: s.registrationView,
  }),
  'queue.list': defineChannel({
    summary: 'Today’s queue, oldest first, a page at a time.',
    access: ['clerk', 'vaccinator', 'manager'],
    writes: false,
    input: s.pageInput.extend({
      status: z.enum(['waiting', 'vaccinated', 'deferred', 'left']).default('waiting'),
    }),
    output: s.page(s.queueEntry),
  }),
  'registration.setOutcome': defineChannel({
    summary: 'Marks a waiting recipient as deferred (screening) or left, with a reason.',
    access: ['vaccinator', 'manager'],
    writes: true,
    input: z.object({
      registrationId: s.uuid,
      outcome: z.enum(['deferred', 'left']),
      reason: s.reason,
    }),
    output: s.registrationView,
  }),

  // --- vaccinator station ---------------------------------------------------------------------
  'presence.confirm': defineChannel({
    summary:
      'Confirms the recipient is at the station: a MyKad read at this station (its read id) whose chip number is the recipient’s, the slip QR (its token), or the MyKad number typed by hand with a reason (its own method, shown on the record). The vaccinator may then read this recipient.',
    access: ['vaccinator'],
    writes: true,
    input: z.discriminatedUnion('method', [
      z.object({
        registrationId: s.uuid,
        method: z.literal('MYKAD'),
        readId: z.string().min(1).max(64),
      }),
      z.object({
        registrationId: s.uuid,
        method: z.literal('SLIP_QR'),
        scanned: z.string().min(1).max(200),
      }),
      z.object({
        registrationId: s.uuid,
        method: z.literal('MYKAD_TYPED'),
        scanned: z.string().min(1).max(40),
        reason: s.reason,
      }),
    ]),
    output: s.registrationView,
  }),
  'presence.scan': defineChannel({
    summary:
      'Finds who is waiting in today’s queue by a slip QR scanned at the station, a MyKad read at this station (its read id), or a MyKad number typed with a reason, confirms their presence by that method (once), and returns them. A MyKad number that came as a scan is no card read: as a slip it is refused with PRESENCE_NUMBER_NOT_CARD.',
    access: ['vaccinator'],
    writes: true,
    input: z.discriminatedUnion('method', [
      z.object({ method: z.literal('SLIP_QR'), scanned: z.string().min(1).max(200) }),
      z.object({ method: z.literal('MYKAD'), readId: z.string().min(1).max(64) }),
      z.object({
        method: z.literal('MYKAD_TYPED'),
        scanned: z.string().min(1).max(40),
        reason: s.reason,
      }),
    ]),
    output: s.queueEntry,
  }),
  'dose.preview': defineChannel({
    summary:
      'What recording a dose would give a waiting recipient from a vial: dose number, product, age, and whether they are eligible today (and why not).',
    access: ['vaccinator'],
    writes: false,
    input: z.object({ registrationId: s.uuid, vialId: s.uuid }),
    output: s.dosePreview,
  }),
  'vial.open': defineChannel({
    summary:
      'Opens a scanned vial for today: the GTIN must be known, the lot a GS1 lot (LOT_NOT_GS1) and not expired, a serial if any a GS1 serial (SERIAL_NOT_GS1); a lot not delivered opens only once the vaccinator confirms it (lotConfirmed).',
    access: ['vaccinator'],
    writes: true,
    input: z.object({
      gtin: s.gtin,
      lot: s.text(20),
      expiry: s.dateInput,
      serial: z.string().trim().min(1).max(20).nullable().default(null),
      /** The vaccinator checked the lot shown against the vial's label: needed for a lot not delivered. */
      lotConfirmed: z.boolean().default(false),
    }),
    output: s.vialView,
  }),
  'vial.list': defineChannel({
    summary: 'The open day’s vials.',
    access: ['vaccinator', 'manager'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.vialView),
  }),
  'vial.reconcile': defineChannel({
    summary: 'Closes a vial at the end of its use, recording the doses wasted.',
    access: ['manager'],
    writes: true,
    input: z.object({ vialId: s.uuid, dosesWasted: z.number().int().min(0).max(50) }),
    output: s.vialView,
  }),
  'dose.record': defineChannel({
    summary:
      'Records a dose under the seven hard rules; the dose number is derived, never chosen. Starts the observation timer.',
    access: ['vaccinator'],
    writes: true,
    input: z.object({
      registrationId: s.uuid,
      vialId: s.uuid,
      /** Omitted for a dose given now: the station stamps it by the trusted clock, not the desk PC's. */
      administeredAt: s.instantInput.optional(),
      site: s.site,
    }),
    output: s.doseView,
  }),
  'observation.release': defineChannel({
    summary: 'Ends a recipient’s observation, with an adverse-event note when there was one.',
    access: ['vaccinator', 'manager'],
    writes: true,
    input: z.object({
      doseId: s.uuid,
      adverseEventNote: z.string().trim().max(1000).nullable().default(null),
    }),
    output: s.ok,
  }),
  'observation.list': defineChannel({
    summary:
      'The open day’s doses still in observation, a page at a time, with when each observation ends.',
    access: ['vaccinator', 'manager'],
    writes: false,
    input: s.pageInput,
    output: s.page(
      z.object({
        doseId: s.uuid,
        fullName: z.string(),
        docNumberMasked: z.string(),
        administeredAt: s.instant,
        observationEndsAt: s.instant,
      }),
    ),
  }),
  'dose.void': defineChannel({
    summary: 'Voids a dose recorded in error, with a reason. The row stays, marked void.',
    access: ['manager'],
    writes: true,
    input: z.object({ doseId: s.uuid, reason: s.reason }),
    output: s.ok,
  }),
  'dose.list': defineChannel({
    summary:
      'The open day’s doses in the order given, void ones marked, for the manager to void one recorded in error.',
    access: ['manager'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.doseListItem),
  }),
  'dose.amend': defineChannel({
    summary:
      'Corrects a dose of a sealed day with an amendment record that points to it and carries a reason.',
    access: ['manager'],
    writes: true,
    input: z.object({
      doseId: s.uuid,
      reason: s.reason,
      vialId: s.uuid,
      administeredAt: s.instantInput,
      site: s.site,
    }),
    output: s.doseView,
  }),

  // --- the day --------------------------------------------------------------------------------
  'day.current': defineChannel({
    summary: 'The open day, if any.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.dayView.nullable(),
  }),
  'day.open': defineChannel({
    summary:
      'Opens the day (walk-in, or outreach at a named location). One open day at a time. Without MyVAS time measured in the last 20 minutes, the manager confirms the date and time shown (`confirmedTime`, within 2 minutes of the console’s time); the day and its batch say so.',
    access: ['manager'],
    writes: true,
    input: z.discriminatedUnion('channel', [
      z.object({ channel: z.literal('walk-in'), ...clockConfirmation }),
      z.object({
        channel: z.literal('outreach'),
        outreachLocation: s.outreachLocation,
        ...clockConfirmation,
      }),
    ]),
    output: s.dayView,
  }),
  'day.closeOutSummary': defineChannel({
    summary: 'The open day’s close-out: counts, wastage, voids and the blockers that stop closing.',
    access: ['manager'],
    writes: false,
    input: s.empty,
    output: s.closeOutSummary,
  }),
  'day.report': defineChannel({
    summary:
      'The daily report of a sealed day, for print on one page: doses by product and dose number, wastage by lot, voids, amendments and late records. Counts only, no personal data and no free text. An open day has none yet (DAY_NOT_SEALED).',
    access: ['manager'],
    writes: false,
    input: z.object({ dayId: s.uuid }),
    output: s.dailyReport,
  }),
  'day.dosesByHour': defineChannel({
    summary: 'The open day’s doses (not void) counted per hour of the clock, Malaysia time.',
    access: ['manager'],
    writes: false,
    input: s.empty,
    output: s.dosesByHour,
  }),
  'day.close': defineChannel({
    summary:
      'Closes the open day and seals it into a batch with its content hash. Refused while a blocker stands.',
    access: ['manager'],
    writes: true,
    input: s.empty,
    output: s.batchView,
  }),
  'batch.list': defineChannel({
    summary: 'Sealed batches, newest first, with their upload state.',
    access: ['manager'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.batchView),
  }),
  'batch.giveLateReason': defineChannel({
    summary:
      'The manager’s reason why a batch’s records reach MyVAS more than 72 hours after they were given. It travels with them and cannot change once the batch is declared.',
    access: ['manager'],
    writes: true,
    input: z.object({ batchId: s.uuid, reason: s.reason }),
    output: s.batchView,
  }),
  'batch.rejections': defineChannel({
    summary: 'Records MyVAS rejected, with its code and message, for the manager to correct.',
    access: ['manager'],
    writes: false,
    input: s.pageInput.extend({ batchId: s.uuid.nullable().default(null) }),
    output: s.page(s.rejectionView),
  }),
  'upload.status': defineChannel({
    summary: 'Where uploading to MyVAS stands, for the status bar.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.uploadStatus,
  }),

  // --- devices ---------------------------------------------------------------------------------
  'device.status': defineChannel({
    summary: 'The station’s card readers and scanners and the state of each, for the status bar.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: z.array(deviceStatus),
  }),
  'device.settings': defineChannel({
    summary: 'This station’s card reader and scanner settings.',
    access: ['admin'],
    writes: false,
    input: s.empty,
    output: deviceSettings,
  }),
  'device.updateSettings': defineChannel({
    summary:
      'Sets this station’s card reader, serial scanner (port, baud rate, terminator) and USB HID scanner; the devices restart with them.',
    access: ['admin'],
    writes: true,
    input: deviceSettings,
    output: deviceSettings,
  }),
  'device.wedgeSettings': defineChannel({
    summary:
      'How this station’s keyboard-wedge scanner sends GS: the key it sends besides Ctrl+], for every screen of the station that takes scans.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: wedgeSettings,
  }),
  'device.setWedgeGsKey': defineChannel({
    summary:
      'Sets the key this station’s keyboard-wedge scanner sends for GS besides Ctrl+] (null: Ctrl+] only). Audited; a key that is part of scanned codes, a terminator or a modifier is refused.',
    access: ['manager', 'admin'],
    writes: true,
    input: wedgeSettings,
    output: wedgeSettings,
  }),
  'card.take': defineChannel({
    summary:
      'The identity a MyKad read left (named by its card.changed event), once: it fills the registration form or confirms presence. Nothing is saved.',
    access: ['clerk', 'vaccinator'],
    writes: false,
    input: z.object({ readId: z.string().min(1).max(64) }),
    output: z.object({
      docType: z.literal('MYKAD'),
      docNumber: z.string(),
      fullName: z.string(),
      birthDate: s.calendarDate,
      sex: s.sex,
      nationality: z.string().nullable(),
      addressLine: z.string().nullable(),
      postcode: z.string().nullable(),
      state: z.string().nullable(),
      warnings: z.array(z.literal('CHECK_DIGIT')),
    }),
  }),
  'scan.take': defineChannel({
    summary: 'A scan from a serial or HID scanner (named by its scan.received event), whole.',
    access: 'signed-in',
    writes: false,
    input: z.object({ scanId: z.string().min(1).max(64) }),
    output: scanResult,
  }),
  'scan.classify': defineChannel({
    summary:
      'What the console makes of scanned text: from a keyboard-wedge scanner, or a test scan on the device screen.',
    access: 'signed-in',
    writes: false,
    input: z.object({ text: z.string().min(1).max(500) }),
    output: scanResult,
  }),

  // --- stations: the hub and its paired desks -----------------------------------------------------
  'station.identity': defineChannel({
    summary:
      'Which station this screen is: the hub itself, a paired desk (with its name, for the status bar), or a PC not yet set up (first run of the app).',
    access: 'public',
    writes: false,
    input: s.empty,
    output: z.object({
      role: z.enum(['hub', 'desk', 'unset']),
      deskName: z.string().nullable(),
    }),
  }),
  'station.becomeHub': defineChannel({
    summary:
      'First run of the app only: this PC becomes the PPV’s hub (it keeps the database); PPV set-up follows.',
    access: 'public',
    writes: false,
    input: s.empty,
    output: s.ok,
  }),
  'station.pairWithHub': defineChannel({
    summary:
      'First run of the app only: this PC becomes a desk of the hub at `hubAddress`, after checking the hub’s certificate authority against the fingerprint the hub shows, with the pairing code it shows.',
    access: 'public',
    writes: false,
    input: s.pairWithHub,
    output: z.object({ deskName: z.string() }),
  }),
  'hub.issuePairingCode': defineChannel({
    summary:
      'At the hub only: a one-use pairing code for a new desk, good for 10 minutes, with the address and fingerprint the desk checks (and a link for a browser desk).',
    access: ['manager', 'admin'],
    writes: true,
    input: s.empty,
    output: s.pairingCode,
  }),
  'hub.desks': defineChannel({
    summary:
      'The desks paired with this hub: when each was paired and last seen, revoked ones too.',
    access: ['manager', 'admin'],
    writes: false,
    input: s.empty,
    output: z.array(s.deskView),
  }),
  'hub.revokeDesk': defineChannel({
    summary:
      'At the hub only: a paired desk may no longer connect; its open connections are closed at once.',
    access: ['manager', 'admin'],
    writes: true,
    input: z.object({ deskId: s.uuid, reason: s.reason }),
    output: s.ok,
  }),

  // --- exports and audit ----------------------------------------------------------------------
  'recipient.export': defineChannel({
    summary:
      'A small, justified export of one day’s vaccinated recipients: manager only, a reason, capped rows, audited.',
    access: ['manager'],
    writes: true,
    input: z.object({
      sessionDate: s.dateInput,
      reason: s.reason,
      limit: z.number().int().min(1).max(200),
    }),
    output: z.object({
      rows: z.array(
        z.object({
          docNumberMasked: z.string(),
          fullName: z.string(),
          doseNumber: z.number().int(),
          productCode: z.string(),
          administeredAt: s.instant,
        }),
      ),
      truncated: z.boolean(),
    }),
  }),
  'audit.list': defineChannel({
    summary: 'The audit log, newest first, a page at a time.',
    access: ['admin'],
    writes: false,
    input: s.pageInput,
    output: s.page(s.auditEntryView),
  }),
  'audit.verify': defineChannel({
    summary:
      'Recomputes the audit chain and reports any changed, deleted or unaudited row, and any entry that disagrees with the anchors MyVAS holds (as last fetched; says when they could not be).',
    access: ['admin'],
    writes: false,
    input: s.empty,
    output: s.auditVerification,
  }),
  'audit.anchorStatus': defineChannel({
    summary: 'Whether the audit chain is anchored at MyVAS and agrees with it, for the status bar.',
    access: 'signed-in',
    writes: false,
    input: s.empty,
    output: s.anchorStatus,
  }),

  // --- backups, restore and support logs (backup.ts) ----------------------------------------------
  ...backupChannels,
} as const;

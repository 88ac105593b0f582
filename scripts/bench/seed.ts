/** What every benchmark starts from: a PPV with its staff, and days of synthetic doses in bulk. */
import { randomBytes } from 'node:crypto';
import type { AppDatabase } from '../../db/open';
import type { ChannelInput, ChannelName, ChannelOutput, Role } from '../../electron/contract';
import type { ConsoleApp } from '../../electron/core/app';
import { defaultCatalogue } from '../../electron/core/catalogue';
import { nameKeys, NAME_KEY_VERSION } from '../../electron/core/identity';
import { uuidV7 } from '../../electron/core/shared/ids';
import { malaysiaDate } from '../../electron/core/shared/time';
import { syntheticRecipient } from '../../electron/core/testing/synthetic';

export const PIN = '482916';
export const VIAL_GTIN = defaultCatalogue.products.find((p) => p.code === 'VAXZEVRIA')!.gtins[0]!;

export type Call = <C extends ChannelName>(
  connectionId: string,
  channel: C,
  input: ChannelInput<C>,
) => ChannelOutput<C>;

/** Calls through the dispatcher as the desk `connectionId`; a refusal ends the benchmark. */
export function caller(app: ConsoleApp): Call {
  return (connectionId, channel, input) => {
    const result = app.dispatchSync(channel, input, { connectionId, stationId: 'bench' });
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message.en}`);
    return result.value as ChannelOutput<typeof channel>;
  };
}

export type Send = <C extends ChannelName>(
  connectionId: string,
  channel: C,
  input: ChannelInput<C>,
) => Promise<ChannelOutput<C>>;

/** Calls through the transports' way in, which waits for hashes; a refusal ends the benchmark. */
export function sender(app: ConsoleApp): Send {
  return async (connectionId, channel, input) => {
    const result = await app.dispatch(channel, input, { connectionId, stationId: 'bench' });
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message.en}`);
    return result.value as ChannelOutput<typeof channel>;
  };
}

/**
 * Sets up the PPV (a long idle lock) with an admin and MGR01, CLERK01 and VAX01 signed in on desks
 * named after them, MGR01 approving the MyVAS address. Returns the vaccinator's user id.
 */
export async function setUpBenchPpv(
  app: ConsoleApp,
  myvas: { url: string; token: string } | null,
): Promise<string> {
  const send = sender(app);
  await send('setup', 'ppv.setUp', {
    ppvCode: 'PPV-BENCH-0001',
    name: 'PPV Penanda Aras',
    state: 'Selangor',
    district: 'Petaling',
    admin: { staffId: 'ADMIN01', fullName: 'Pentadbir', secret: PIN },
  });
  await send('admin', 'auth.signIn', { staffId: 'ADMIN01', secret: PIN });
  for (const [staffId, role] of [
    ['MGR01', 'manager'],
    ['CLERK01', 'clerk'],
    ['VAX01', 'vaccinator'],
  ] as const) {
    await addStaff(send, staffId, role);
  }
  await send('admin', 'ppv.updateSettings', {
    name: 'PPV Penanda Aras',
    state: 'Selangor',
    district: 'Petaling',
    myvasEndpoint: myvas?.url ?? null,
    myvasToken: myvas?.token ?? null,
    idleLockMinutes: 60,
    exportRowLimit: 200,
    retentionDays: 90,
    approval: myvas ? { staffId: 'MGR01', secret: PIN } : null,
  });
  return (await send('VAX01', 'auth.session', {})).userId;
}

/** The admin adds a staff member, who signs in on a desk named after them and sets their PIN. */
export async function addStaff(send: Send, staffId: string, role: Role): Promise<void> {
  const { firstPin } = await send('admin', 'user.create', {
    staffId,
    fullName: `Staf ${staffId}`,
    roles: [role],
  });
  await send(staffId, 'auth.signIn', { staffId, secret: firstPin });
  await send(staffId, 'auth.changeSecret', { currentSecret: firstPin, newSecret: PIN });
}

/** Writes walk-in days of first doses straight into the tables, far faster than the desks could. */
export function createDaySeeder(db: AppDatabase, staffUserId: string) {
  const insertDay = db.sqlite.prepare(
    `INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by, opened_clock) VALUES (?, ?, 'walk-in', 'open', ?, ?, ?, 'measured')`,
  );
  const sealDay = db.sqlite.prepare(
    `UPDATE days SET state = 'sealed', closed_at = ?, closed_device_at = ?, closed_by = ? WHERE id = ?`,
  );
  const insertRecipient = db.sqlite.prepare(
    `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by, name_key_version)
     VALUES (?, 'MYKAD', ?, 'MYS', ?, ?, ?, ?, 'MYS', '47301', 'Selangor', ?, ?, ${NAME_KEY_VERSION})`,
  );
  const insertName = db.sqlite.prepare(
    'INSERT INTO recipient_names (recipient_id, name_key, birth_date) VALUES (?, ?, ?)',
  );
  const insertRegistration = db.sqlite.prepare(
    `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status, presence_method, presence_confirmed_at, presence_confirmed_by)
     VALUES (?, ?, ?, 'walk-in', '+60123456789', 1, ?, ?, ?, ?, 'vaccinated', 'MYKAD', ?, ?)`,
  );
  const insertVial = db.sqlite.prepare(
    `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, doses_per_vial, doses_drawn, opened_at, opened_by, reconciled_at, reconciled_by, doses_wasted)
     VALUES (?, ?, 'VAXZEVRIA', ?, ?, '2030-12-31', 10, 10, ?, ?, ?, ?, 0)`,
  );
  const insertDose = db.sqlite.prepare(
    `INSERT INTO doses (id, record_type, registration_id, recipient_id, day_id, vial_id, product_code, gtin, lot, expiry, dose_number, series, administered_at, site, vaccinator_id, presence, recorded_at, recorded_device_at, recorded_by, observation_ends_at, observation_released_at)
     VALUES (?, 'dose', ?, ?, ?, ?, 'VAXZEVRIA', ?, ?, '2030-12-31', 1, 'primary', ?, 'L_DELTOID', ?, 'MYKAD', ?, ?, ?, ?, ?)`,
  );

  /**
   * A day opened at `openedAt` on which synthetic people `from` .. `from + count - 1` each got a
   * first dose, `spacingMs` apart, every vial reconciled and every observation ended. The day is
   * left open; returns its id.
   */
  function writeDay(openedAt: number, from: number, count: number, spacingMs: number): string {
    const dayId = uuidV7();
    db.sqlite.transaction(() => {
      insertDay.run(dayId, malaysiaDate(openedAt), openedAt, openedAt, staffUserId);
      let vialId = '';
      for (let index = from; index < from + count; index += 1) {
        const person = syntheticRecipient(index);
        const at = openedAt + (index - from) * spacingMs;
        const recipientId = uuidV7();
        const registrationId = uuidV7();
        const lot = `L${Math.floor(index / 10)}`;
        if ((index - from) % 10 === 0) {
          vialId = uuidV7();
          insertVial.run(vialId, dayId, VIAL_GTIN, lot, at, staffUserId, at, staffUserId);
        }
        const keys = nameKeys(person.fullName);
        insertRecipient.run(
          recipientId,
          person.docNumber,
          person.fullName,
          keys.join(' @ '),
          person.birthDate,
          person.sex,
          at,
          staffUserId,
        );
        for (const key of keys) insertName.run(recipientId, key, person.birthDate);
        insertRegistration.run(
          registrationId,
          recipientId,
          dayId,
          randomBytes(12).toString('base64url'),
          at,
          at,
          staffUserId,
          at,
          staffUserId,
        );
        insertDose.run(
          uuidV7(),
          registrationId,
          recipientId,
          dayId,
          vialId,
          VIAL_GTIN,
          lot,
          at + 1,
          staffUserId,
          at + 2,
          at + 2,
          staffUserId,
          at + 900_001,
          at + 900_002,
        );
      }
    })();
    return dayId;
  }

  return {
    writeDay,
    seal: (dayId: string, closedAt: number) => sealDay.run(closedAt, closedAt, staffUserId, dayId),
  };
}

import { randomUUID } from 'node:crypto';
import { MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { syntheticMyKad } from '../testing/synthetic';

/**
 * Rows written straight into the database for the day's tests, so close-out and sealing can be tested
 * without the registration and dose services. Synthetic identities only.
 */
export interface Fixtures {
  managerId: string;
  vaccinatorId: string;
  clerkId: string;
  recipient(overrides?: Partial<RecipientFixture>): string;
  registration(
    dayId: string,
    recipientId: string,
    overrides?: Partial<RegistrationFixture>,
  ): string;
  vial(dayId: string, overrides?: Partial<VialFixture>): string;
  dose(
    dayId: string,
    registrationId: string,
    vialId: string,
    overrides?: Partial<DoseFixture>,
  ): string;
  voidDose(doseId: string, voidDayId: string | null, at?: number): string;
  release(doseId: string): void;
  reconcile(vialId: string, wasted: number): void;
  /** Advances the clock and unlocks the idle-locked desks. */
  later(ms: number, connections?: string[]): Promise<void>;
}

interface RecipientFixture {
  docType: string;
  docNumber: string;
  docCountry: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  state: string;
  postcode: string;
}

interface RegistrationFixture {
  channel: 'walk-in' | 'outreach';
  phone: string | null;
  status: 'waiting' | 'vaccinated' | 'deferred' | 'left';
  at: number;
}

interface VialFixture {
  productCode: string;
  gtin: string | null;
  lot: string;
  expiry: string;
  dosesPerVial: number;
  dosesDrawn: number;
  at: number;
}

interface DoseFixture {
  recordType: 'dose' | 'amendment';
  amends: string | null;
  amendReason: string | null;
  recipientId: string;
  productCode: string;
  gtin: string | null;
  lot: string;
  doseNumber: number;
  administeredAt: number;
  recordedAt: number;
  released: boolean;
}

export async function createFixtures(h: Harness): Promise<Fixtures> {
  const managerId = (await h.staff('mgr', ['manager'])).userId;
  const vaccinatorId = (await h.staff('vac', ['vaccinator'], 'VAC001')).userId;
  const clerkId = (await h.staff('clerk', ['clerk'])).userId;
  const sql = h.db.sqlite;
  const now = () => h.clock.now();
  let recipients = 0;
  const recipientOfRegistration = sql.prepare<[string], { recipient_id: string }>(
    'SELECT recipient_id FROM registrations WHERE id = ?',
  );

  return {
    managerId,
    vaccinatorId,
    clerkId,
    recipient(overrides = {}) {
      const id = randomUUID();
      const birthDate = overrides.birthDate ?? '1990-01-01';
      const sex = overrides.sex ?? 'M';
      const r: RecipientFixture = {
        docType: 'MYKAD',
        docNumber: syntheticMyKad({ birthDate, sex, nth: recipients++ }),
        docCountry: 'MYS',
        fullName: 'PENERIMA UJIAN',
        birthDate,
        sex,
        state: 'Selangor',
        postcode: '52100',
        ...overrides,
      };
      sql
        .prepare(
          `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date,
             sex, nationality, postcode, state, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'MYS', ?, ?, ?, ?)`,
        )
        .run(
          id,
          r.docType,
          r.docNumber,
          r.docCountry,
          r.fullName,
          r.fullName,
          r.birthDate,
          r.sex,
          r.postcode,
          r.state,
          now(),
          clerkId,
        );
      return id;
    },
    registration(dayId, recipientId, overrides = {}) {
      const id = randomUUID();
      const r: RegistrationFixture = {
        channel: 'walk-in',
        phone: '+60123456789',
        status: 'vaccinated',
        at: now(),
        ...overrides,
      };
      sql
        .prepare(
          `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token,
             registered_at, registered_device_at, registered_by, queue_status, outcome_reason,
             presence_method, presence_confirmed_at, presence_confirmed_by)
           VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 'MYKAD', ?, ?)`,
        )
        .run(
          id,
          recipientId,
          dayId,
          r.channel,
          r.phone,
          randomUUID(),
          r.at,
          r.at,
          clerkId,
          r.status,
          r.status === 'deferred' || r.status === 'left' ? 'Tidak hadir' : null,
          r.at,
          vaccinatorId,
        );
      return id;
    },
    vial(dayId, overrides = {}) {
      const id = randomUUID();
      const v: VialFixture = {
        productCode: 'COMIRNATY',
        gtin: '00200000000011',
        lot: 'LOT001',
        expiry: '2026-12-31',
        dosesPerVial: 6,
        dosesDrawn: 0,
        at: now(),
        ...overrides,
      };
      sql
        .prepare(
          `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, doses_per_vial, doses_drawn,
             opened_at, opened_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          dayId,
          v.productCode,
          v.gtin,
          v.lot,
          v.expiry,
          v.dosesPerVial,
          v.dosesDrawn,
          v.at,
          vaccinatorId,
        );
      return id;
    },
    dose(dayId, registrationId, vialId, overrides = {}) {
      const id = randomUUID();
      const at = overrides.administeredAt ?? now();
      const d: DoseFixture = {
        recordType: 'dose',
        amends: null,
        amendReason: null,
        recipientId: recipientOfRegistration.get(registrationId)?.recipient_id ?? '',
        productCode: 'COMIRNATY',
        gtin: '00200000000011',
        lot: 'LOT001',
        doseNumber: 1,
        administeredAt: at,
        recordedAt: at,
        released: true,
        ...overrides,
      };
      sql
        .prepare(
          `INSERT INTO doses (id, record_type, amends, amend_reason, registration_id, recipient_id, day_id,
             vial_id, product_code, gtin, lot, expiry, dose_number, series, administered_at, site,
             vaccinator_id, presence, recorded_at, recorded_device_at, recorded_by, observation_ends_at,
             observation_released_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-12-31', ?, 'primary', ?, 'L_DELTOID', ?, 'MYKAD',
             ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          d.recordType,
          d.amends,
          d.amendReason,
          registrationId,
          d.recipientId,
          dayId,
          vialId,
          d.productCode,
          d.gtin,
          d.lot,
          d.doseNumber,
          d.administeredAt,
          vaccinatorId,
          d.recordedAt,
          d.recordedAt + 1500,
          vaccinatorId,
          d.administeredAt + 15 * MINUTE,
          d.released ? d.administeredAt + 15 * MINUTE : null,
        );
      return id;
    },
    voidDose(doseId, voidDayId, at = now()) {
      const voidId = randomUUID();
      sql
        .prepare(
          `UPDATE doses SET void_record_id = ?, void_reason = 'Direkod dalam ralat', voided_by = ?,
             voided_at = ?, voided_device_at = ?, void_day_id = ? WHERE id = ?`,
        )
        .run(voidId, managerId, at, at, voidDayId, doseId);
      return voidId;
    },
    release(doseId) {
      sql
        .prepare('UPDATE doses SET observation_released_at = observation_ends_at WHERE id = ?')
        .run(doseId);
    },
    reconcile(vialId, wasted) {
      sql
        .prepare(
          'UPDATE vials SET reconciled_at = ?, reconciled_by = ?, doses_wasted = ? WHERE id = ?',
        )
        .run(now(), managerId, wasted, vialId);
    },
    async later(ms, connections = ['mgr', 'vac', 'clerk', 'admin']) {
      h.clock.advance(ms);
      for (const connection of connections) {
        const result = await h.callAsync(connection, 'auth.unlock', { secret: TEST_PIN });
        if (!result.ok && result.error.code !== 'UNAUTHENTICATED') {
          throw new Error(`unlock ${connection}: ${result.error.code}`);
        }
      }
    },
  };
}

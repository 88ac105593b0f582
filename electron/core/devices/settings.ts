import type { AppDatabase } from '../../../db/open';
import type { DeviceSettings } from '../../contract/devices';

interface Row {
  card_reader: string | null;
  serial_path: string | null;
  serial_baud_rate: number;
  serial_terminator: DeviceSettings['serialTerminator'];
  hid_vendor_id: number | null;
  hid_product_id: number | null;
  hid_mode: 'pos' | 'keyboard';
}

/** A station nobody has set up: the first card reader present, no scanners but the keyboard. */
export const defaultDeviceSettings: DeviceSettings = {
  cardReader: null,
  serialPath: null,
  serialBaudRate: 9600,
  serialTerminator: 'CR',
  hid: null,
};

/** The device settings of each station (the hub's and each desk's), kept in the hub's database. */
export function createDeviceSettings(db: AppDatabase) {
  const select = db.sqlite.prepare<[string], Row>(
    'SELECT * FROM device_settings WHERE station_id = ?',
  );
  const upsert = db.sqlite.prepare(
    `INSERT INTO device_settings (station_id, card_reader, serial_path, serial_baud_rate,
       serial_terminator, hid_vendor_id, hid_product_id, hid_mode, updated_at, updated_by)
     VALUES (@stationId, @cardReader, @serialPath, @serialBaudRate, @serialTerminator, @hidVendorId,
       @hidProductId, @hidMode, @at, @by)
     ON CONFLICT (station_id) DO UPDATE SET card_reader = excluded.card_reader,
       serial_path = excluded.serial_path, serial_baud_rate = excluded.serial_baud_rate,
       serial_terminator = excluded.serial_terminator, hid_vendor_id = excluded.hid_vendor_id,
       hid_product_id = excluded.hid_product_id, hid_mode = excluded.hid_mode,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );

  const selectGsKey = db.sqlite.prepare<[string], { wedge_gs_key: string | null }>(
    'SELECT wedge_gs_key FROM device_settings WHERE station_id = ?',
  );
  // A station without a row yet gets one with the defaults (no scanners but the keyboard).
  const upsertGsKey = db.sqlite.prepare(
    `INSERT INTO device_settings (station_id, wedge_gs_key, updated_at, updated_by)
     VALUES (@stationId, @key, @at, @by)
     ON CONFLICT (station_id) DO UPDATE SET wedge_gs_key = excluded.wedge_gs_key,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );

  return {
    /** The key this station's wedge scanner sends for GS besides Ctrl+], or null. */
    wedgeGsKey(stationId: string): string | null {
      return selectGsKey.get(stationId)?.wedge_gs_key ?? null;
    },
    saveWedgeGsKey(stationId: string, key: string | null, userId: string, at: number): void {
      upsertGsKey.run({ stationId, key, at, by: userId });
    },
    get(stationId: string): DeviceSettings {
      const row = select.get(stationId);
      if (!row) return defaultDeviceSettings;
      return {
        cardReader: row.card_reader,
        serialPath: row.serial_path,
        serialBaudRate: row.serial_baud_rate,
        serialTerminator: row.serial_terminator,
        hid:
          row.hid_vendor_id === null || row.hid_product_id === null
            ? null
            : { vendorId: row.hid_vendor_id, productId: row.hid_product_id, mode: row.hid_mode },
      };
    },
    save(stationId: string, settings: DeviceSettings, userId: string, at: number): void {
      upsert.run({
        stationId,
        cardReader: settings.cardReader,
        serialPath: settings.serialPath,
        serialBaudRate: settings.serialBaudRate,
        serialTerminator: settings.serialTerminator,
        hidVendorId: settings.hid?.vendorId ?? null,
        hidProductId: settings.hid?.productId ?? null,
        hidMode: settings.hid?.mode ?? 'pos',
        at,
        by: userId,
      });
    },
  };
}

export type DeviceSettingsStore = ReturnType<typeof createDeviceSettings>;

import type { AppDatabase } from '../../../db/open';
import type { Users } from '../auth/users';
import type { CatalogueStore } from '../catalogue/store';
import type { OpenDayLookup } from '../days/open-day';
import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { malaysiaDate } from '../shared/time';
import type { PpvSettings, Settings } from './settings';

type PpvChannels =
  | 'ppv.status'
  | 'ppv.setUp'
  | 'ppv.settings'
  | 'ppv.updateSettings'
  | 'ppv.setRecipientReadQuota'
  | 'ppv.setClosureDate'
  | 'catalogue.products';

function settingsView(settings: PpvSettings) {
  const { myvasToken, ...visible } = settings;
  return { ...visible, myvasTokenSet: myvasToken !== null };
}

export function ppvHandlers(deps: {
  db: AppDatabase;
  settings: Settings;
  users: Users;
  days: OpenDayLookup;
  catalogue: CatalogueStore;
}): Pick<Handlers, PpvChannels> {
  const { db, settings, users, days, catalogue } = deps;
  return {
    'ppv.status': () => {
      const found = settings.find();
      return { setUp: found !== null, ppvCode: found?.ppvCode ?? null, name: found?.name ?? null };
    },
    'ppv.setUp': (input, context) => {
      if (settings.find() || users.count() > 0) refuse('PPV_ALREADY_SET_UP');
      db.sqlite
        .prepare(
          'INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, ?, ?, ?, ?, ?)',
        )
        .run(input.ppvCode, input.name, input.state, input.district, context.now.at);
      const admin = users.create({ ...input.admin, roles: ['admin'] }, context.now.at, 'own');
      context.describe({
        entityType: 'user',
        entityId: admin.userId,
        detail: {
          ppvCode: input.ppvCode,
          staffId: admin.staffId,
          roles: admin.roles,
          userState: users.fingerprintOf(admin.userId),
        },
      });
      return { done: true };
    },
    'ppv.settings': () => settingsView(settings.get()),
    'ppv.updateSettings': (input, context) => {
      const current = settings.get();
      const token = input.myvasToken === undefined ? current.myvasToken : input.myvasToken;
      db.sqlite
        .prepare(
          `UPDATE ppv_settings SET name = ?, state = ?, district = ?, myvas_endpoint = ?, myvas_token = ?,
           idle_lock_minutes = ?, export_row_limit = ?, retention_days = ?, updated_at = ? WHERE id = 1`,
        )
        .run(
          input.name,
          input.state,
          input.district,
          input.myvasEndpoint,
          token,
          input.idleLockMinutes,
          input.exportRowLimit,
          input.retentionDays,
          context.now.at,
        );
      const { myvasToken: _secret, ...changed } = input;
      context.describe({
        entityType: 'ppv',
        entityId: current.ppvCode,
        detail: { ...changed, myvasTokenChanged: input.myvasToken !== undefined },
      });
      return settingsView(settings.get());
    },
    'ppv.setRecipientReadQuota': (input, context) => {
      const current = settings.get();
      db.sqlite
        .prepare(
          'UPDATE ppv_settings SET recipient_reads_per_hour = ?, updated_at = ? WHERE id = 1',
        )
        .run(input.recipientReadsPerHour, context.now.at);
      context.describe({
        entityType: 'ppv',
        entityId: current.ppvCode,
        detail: {
          recipientReadsPerHour: input.recipientReadsPerHour,
          before: current.recipientReadsPerHour,
        },
      });
      return settingsView(settings.get());
    },
    'ppv.setClosureDate': (input, context) => {
      const current = settings.get();
      const today = malaysiaDate(context.now.at);
      if (current.closureDate !== null && current.closureDate < today) {
        refuse('PPV_CLOSED', { closureDate: current.closureDate });
      }
      const openDay = days.find();
      const earliest = openDay && openDay.session_date > today ? openDay.session_date : today;
      if (input.closureDate < earliest) refuse('CLOSURE_DATE_INVALID', { sessionDate: earliest });
      db.sqlite
        .prepare('UPDATE ppv_settings SET closure_date = ?, updated_at = ? WHERE id = 1')
        .run(input.closureDate, context.now.at);
      context.describe({
        entityType: 'ppv',
        entityId: current.ppvCode,
        detail: {
          closureDate: input.closureDate,
          previous: current.closureDate,
          reason: input.reason,
        },
      });
      return settingsView(settings.get());
    },
    'catalogue.products': () => catalogue.load().products,
  };
}

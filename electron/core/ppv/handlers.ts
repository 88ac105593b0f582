import type { AppDatabase } from '../../../db/open';
import type { CheckedSecret, SecretChecks } from '../auth/checks';
import { assertSecretStrongEnough, type SecretHasher } from '../auth/secrets';
import type { Users } from '../auth/users';
import type { CatalogueStore } from '../catalogue/store';
import type { OpenDayLookup } from '../days/open-day';
import type { HandlerContext, Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { malaysiaDate } from '../shared/time';
import type { MyvasChange, PpvSettings, Settings } from './settings';

/** How long every desk shows a change of the MyVAS address or token. */
export const MYVAS_CHANGE_SHOWN_MS = 24 * 60 * 60_000;

type PpvChannels =
  | 'ppv.status'
  | 'ppv.setUp'
  | 'ppv.settings'
  | 'ppv.updateSettings'
  | 'ppv.myvasChange'
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
  checks: SecretChecks;
  hasher: SecretHasher;
}): Pick<Handlers, PpvChannels> {
  const { db, settings, users, days, catalogue, checks, hasher } = deps;

  /** The change as the desks show it, while they still show it. */
  function myvasChangeView(change: MyvasChange | null, at: number) {
    if (!change || at - change.at >= MYVAS_CHANGE_SHOWN_MS) return null;
    return {
      changedAt: change.at,
      changedBy: users.byId(change.byUserId)?.staff_id ?? '?',
      approvedBy: users.byId(change.approvedByUserId)?.staff_id ?? '?',
      endpointChanged: change.what !== 'token',
      tokenChanged: change.what !== 'endpoint',
      showForMs: change.at + MYVAS_CHANGE_SHOWN_MS - at,
    };
  }

  /** What of MyVAS the input changes: the address, the token, both, or nothing. */
  function myvasChangeOf(
    input: { myvasEndpoint: string | null; myvasToken?: string | null | undefined },
    current: PpvSettings,
  ): MyvasChange['what'] | null {
    const endpoint = input.myvasEndpoint !== current.myvasEndpoint;
    const token = input.myvasToken !== undefined && input.myvasToken !== current.myvasToken;
    return endpoint && token ? 'both' : endpoint ? 'endpoint' : token ? 'token' : null;
  }

  return {
    'ppv.status': () => {
      const found = settings.find();
      return { setUp: found !== null, ppvCode: found?.ppvCode ?? null, name: found?.name ?? null };
    },
    'ppv.setUp': {
      async prepare(input) {
        if (settings.find() || users.count() > 0) refuse('PPV_ALREADY_SET_UP');
        assertSecretStrongEnough(input.admin.secret);
        const secretHash = await hasher.hash(input.admin.secret);
        return (context) => {
          if (settings.find() || users.count() > 0) refuse('PPV_ALREADY_SET_UP');
          db.sqlite
            .prepare(
              'INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, ?, ?, ?, ?, ?)',
            )
            .run(input.ppvCode, input.name, input.state, input.district, context.now.at);
          const { secret: _secret, ...admin } = input.admin;
          const created = users.create({ ...admin, roles: ['admin'] }, secretHash, context.now.at, {
            kind: 'own',
          });
          context.describe({
            entityType: 'user',
            entityId: created.userId,
            detail: {
              ppvCode: input.ppvCode,
              staffId: created.staffId,
              roles: created.roles,
              userState: users.fingerprintOf(created.userId),
            },
          });
          return { done: true };
        };
      },
    },
    'ppv.settings': () => settingsView(settings.get()),
    /**
     * The MyVAS address and token say where every record goes: changing either needs a manager
     * beside the admin, in the same call, and every desk shows the change for 24 hours.
     */
    'ppv.updateSettings': {
      prepare(input, prepared) {
        const update = (checked: CheckedSecret | null) => (context: HandlerContext) => {
          const current = settings.get();
          const token = input.myvasToken === undefined ? current.myvasToken : input.myvasToken;
          const myvasChange = myvasChangeOf(input, current);
          let approverId: string | null = null;
          if (myvasChange) {
            if (!checked) refuse('MYVAS_CHANGE_NEEDS_MANAGER');
            approverId = checks.approver(
              checked,
              context.call,
              context.now.at,
              'ppv.updateSettings.approvalFailed',
              {
                roles: ['manager'],
                excluded: [context.actor.userId],
                refusal: 'APPROVER_NOT_ALLOWED',
              },
            ).id;
          }
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
          if (myvasChange && approverId) {
            const change = {
              at: context.now.at,
              byUserId: context.actor.userId,
              approvedByUserId: approverId,
              what: myvasChange,
            };
            settings.recordMyvasChange(change);
            const view = myvasChangeView(change, context.now.at);
            if (view) context.emit('ppv.myvasChanged', view);
          }
          const { myvasToken: _secret, approval: _approval, ...changed } = input;
          context.describe({
            entityType: 'ppv',
            entityId: current.ppvCode,
            detail: {
              ...changed,
              myvasTokenChanged: myvasChange === 'token' || myvasChange === 'both',
              approverId,
            },
          });
          return settingsView(settings.get());
        };
        if (!myvasChangeOf(input, settings.get())) return update(null);
        if (!input.approval) refuse('MYVAS_CHANGE_NEEDS_MANAGER');
        return checks.approval(input.approval, prepared.call, prepared.now.at).then(update);
      },
    },
    'ppv.myvasChange': (_input, context) =>
      myvasChangeView(settings.get().myvasChange, context.now.at),
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

import type { CoreDeps } from '../deps';
import type { Handlers } from '../dispatch/types';
import type { PersonalDataGuard } from '../privacy/reads';
import { createDoseList } from './list';
import { createObservationList } from './observations';
import { createDoseService } from './service';

type Channels =
  | 'vial.open'
  | 'vial.list'
  | 'vial.reconcile'
  | 'dose.record'
  | 'dose.preview'
  | 'observation.list'
  | 'observation.release'
  | 'dose.void'
  | 'dose.list'
  | 'dose.amend';

export function doseHandlers(deps: CoreDeps, guard: PersonalDataGuard): Pick<Handlers, Channels> {
  const service = createDoseService(deps);
  const listDoses = createDoseList(deps.db, deps.days);
  const listObservations = createObservationList(deps);
  return {
    'vial.open': (input, context) => service.openVial(input, context),
    'vial.list': (input) => service.listVials(input),
    'vial.reconcile': (input, context) => service.reconcileVial(input, context),
    'dose.record': (input, context) => service.recordDose(input, context),
    // A preview tells the recipient's age and doses: only for one in the caller's work.
    'dose.preview': (input, context) =>
      service.previewDose(input, context.now, (recipientId) => {
        guard.requireInWork(context, 'dose.preview', recipientId);
        guard.read(context, 'dose.preview', recipientId);
      }),
    'observation.list': (input) => listObservations(input),
    'observation.release': (input, context) => service.releaseObservation(input, context),
    'dose.void': (input, context) => service.voidDose(input, context),
    'dose.list': (input) => listDoses(input),
    'dose.amend': (input, context) => service.amendDose(input, context),
  };
}

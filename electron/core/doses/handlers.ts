import type { CoreDeps } from '../deps';
import type { Handlers } from '../dispatch/types';
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

export function doseHandlers(deps: CoreDeps): Pick<Handlers, Channels> {
  const service = createDoseService(deps);
  const listDoses = createDoseList(deps.db, deps.days);
  const listObservations = createObservationList(deps);
  return {
    'vial.open': (input, context) => service.openVial(input, context),
    'vial.list': (input) => service.listVials(input),
    'vial.reconcile': (input, context) => service.reconcileVial(input, context),
    'dose.record': (input, context) => service.recordDose(input, context),
    'dose.preview': (input, context) => service.previewDose(input, context.now),
    'observation.list': (input) => listObservations(input),
    'observation.release': (input, context) => service.releaseObservation(input, context),
    'dose.void': (input, context) => service.voidDose(input, context),
    'dose.list': (input) => listDoses(input),
    'dose.amend': (input, context) => service.amendDose(input, context),
  };
}

import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import type { Settings } from '../ppv/settings';
import type { UploadStore } from './store';
import type { BatchViews } from './views';

type Channels = 'batch.giveLateReason' | 'batch.rejections' | 'upload.status';

export interface UploadHandlerDeps {
  store: UploadStore;
  views: BatchViews;
  settings: Settings;
  /** Whether a run is going now (the worker lives outside the dispatcher's transactions). */
  uploading(): boolean;
}

export function uploadHandlers(deps: UploadHandlerDeps): Pick<Handlers, Channels> {
  const { store, views } = deps;

  function configured(): boolean {
    const settings = deps.settings.find();
    return Boolean(settings?.myvasEndpoint && settings.myvasToken);
  }

  return {
    'batch.giveLateReason': (input, context) => {
      const batch = store.get(input.batchId) ?? refuse('BATCH_NOT_FOUND');
      if (batch.declared_at !== null) refuse('UPLOAD_ALREADY_DECLARED');
      store.giveLateReason(batch.id, input.reason, context.actor.userId, context.now.at);
      context.describe({ entityType: 'batch', entityId: batch.id, detail: {} });
      context.emit('upload.changed', views.status(configured(), deps.uploading()));
      return views.batch(batch.id);
    },

    'batch.rejections': (input) => views.rejections(input.batchId, input.cursor, input.limit),

    'upload.status': () => views.status(configured(), deps.uploading()),
  };
}

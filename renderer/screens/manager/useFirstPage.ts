import { useEffect, useState } from 'react';

/**
 * Reads a first page again whenever uploading or the day moves, or `refreshKey` changes (after the
 * panel's own action).
 */
export function useFirstPage<Item>(
  read: () => Promise<Item[]>,
  refreshKey: unknown = null,
): Item[] {
  const [items, setItems] = useState<Item[]>([]);
  useEffect(() => {
    let live = true;
    const reload = () => {
      read().then(
        (next) => live && setItems(next),
        // A refused read (a locked session) keeps the last page; the next event reads again.
        () => undefined,
      );
    };
    reload();
    const stopUpload = window.ppv.on('upload.changed', reload);
    const stopDay = window.ppv.on('day.changed', reload);
    return () => {
      live = false;
      stopUpload();
      stopDay();
    };
    // `read` is a fixed query per panel: subscribing once per refresh is enough.
  }, [refreshKey]);
  return items;
}

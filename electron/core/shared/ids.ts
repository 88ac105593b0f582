import { v7 } from 'uuid';

/** Client-generated, time-sortable ids: stable across upload retries (ARCHITECTURE.md). */
export type IdSource = () => string;

export const uuidV7: IdSource = () => v7();

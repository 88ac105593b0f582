/**
 * Canonical JSON (MYVAS-API.md, "Canonical form and hash"): keys sorted, no insignificant white
 * space. The same form feeds the audit chain, so one function serves both.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * The value with every object's keys in order. Parts already in order are returned as they are,
 * so text parsed from canonical JSON is serialised again without copying.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copied: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortKeys(item);
      if (sorted !== item && copied === null) copied = value.slice(0, i);
      copied?.push(sorted);
    }
    return copied ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  let changedChildren: Map<string, unknown> | null = null;
  for (const key of keys) {
    const child = record[key];
    const sorted = sortKeys(child);
    if (sorted !== child) (changedChildren ??= new Map()).set(key, sorted);
  }
  if (inOrder && changedChildren === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const child = changedChildren?.has(key) ? changedChildren.get(key) : record[key];
    if (child !== undefined) out[key] = child;
  }
  return out;
}

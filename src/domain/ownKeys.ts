// Safe access to objects keyed by user-named strings (prompt versions, annotators, example ids,
// column names): a key such as "__proto__", "constructor" or "toString" must behave like any other
// name, never reach Object.prototype. Pure.

/** The value stored under `key` itself, never one inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty object with no prototype: `out[key] = v` then stores `v`, even under "__proto__". */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Stores `value` under `key` as an ordinary own, enumerable property, even when `record` has
 * Object.prototype and `key` is "__proto__" (plain assignment would set the prototype instead).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `record` (same prototype kind: plain) with `key` set to `value`, every key kept own. */
export function withOwn<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const out: Record<string, T> = { ...record };
  setOwn(out, key, value);
  return out;
}

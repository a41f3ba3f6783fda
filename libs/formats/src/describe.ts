/** A short description of any value for error messages: `string "abc"`, `number 1.5`, `bytes (3)`, … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null (None)';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  if (value instanceof Uint8Array) return `bytes (${value.length})`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === null || prototype === Object.prototype ? 'object (dict)' : `${value.constructor.name} object`;
  }
  return typeof value;
}

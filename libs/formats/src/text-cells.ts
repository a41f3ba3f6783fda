const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** JS's and Python's spellings of the non-finite floats. */
const NON_FINITE: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};
const INTEGER = /^[+-]?\d+$/;

/**
 * The shortest text that reads back as exactly the same double (JS `String`, keeping the sign of -0):
 * 1582405387.819107 prints as "1582405387.819107".
 */
export function formatFloat(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A float written by us, by JS or by Python (`1.5`, `1e-7`, `NaN`, `inf`); undefined if it is not one. */
export function parseFloatText(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  return NON_FINITE[text.toLowerCase()];
}

/** A decimal integer in the safe range; undefined otherwise. */
export function parseIntText(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

// @ts-check
/**
 * @file num.js: exact integer arithmetic and reading typed numbers, for loads.js and the pages.
 *
 * Weights are integers in hundredths of their unit (0.25 kg is 25). A typed weight is cut, not
 * rounded, to hundredths (calculators.md, "Resolved details"), so no load is ever above it.
 * Pure: no DOM, no globals, no clock.
 */

/** Error codes shared by the pure modules, as the page shows them in `data-error`. */
export const CODES = Object.freeze({
  EMPTY: 'empty',
  NOT_A_NUMBER: 'not_a_number',
  NOT_POSITIVE: 'not_positive',
  TOO_LARGE: 'too_large',
  BELOW_BAR: 'below_bar',
  NOT_ENOUGH_PLATES: 'not_enough_plates',
  REPS_OUT_OF_RANGE: 'reps_out_of_range',
  START_PCT_OUT_OF_RANGE: 'start_pct_out_of_range',
  FIRST_PCT_OUT_OF_RANGE: 'first_pct_out_of_range',
  SETS_OUT_OF_RANGE: 'sets_out_of_range',
  TECHNIQUE_OUT_OF_RANGE: 'technique_out_of_range',
  SPW_OUT_OF_RANGE: 'spw_out_of_range',
  INCREASE_OUT_OF_RANGE: 'increase_out_of_range',
  PAIN_OUT_OF_RANGE: 'pain_out_of_range',
});

/** 1 lb = 0.45359237 kg exactly = 45359237 / 10^8 kg. */
const KG_PER_LB_NUM = 45359237;
const KG_PER_LB_DEN = 100000000;

/**
 * Floor of a / b for integers a and b > 0, exact.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
export function idiv(a, b) {
  const r = a % b;
  const q = (a - r) / b;
  return r < 0 ? q - 1 : q;
}

/**
 * Ceiling of a / b for integers a and b > 0.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
export function cdiv(a, b) {
  return -idiv(-a, b);
}

/**
 * a / b rounded to the nearest integer, halves away from zero, for integers a and b > 0.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
export function rdiv(a, b) {
  return a >= 0 ? idiv(2 * a + b, 2 * b) : -idiv(-2 * a + b, 2 * b);
}

/**
 * Greatest common divisor of two non-negative integers.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
export function gcd(a, b) {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * A decimal string (optional sign, digits, optional fraction, optional exponent) in hundredths,
 * rounded half away from zero (`cut` false) or cut towards zero (`cut` true), or NaN.
 * @param {string} text
 * @param {boolean} cut
 * @returns {number}
 */
function decimalToHundredths(text, cut) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    return NaN;
  }
  const digits = (m[2] + (m[3] || '')).replace(/^0+(?=\d)/, '');
  const point = digits.length - (m[3] || '').length + (m[4] ? Number(m[4]) : 0) + 2;
  let whole;
  let next;
  if (point <= 0) {
    whole = 0;
    next = point === 0 ? Number(digits[0]) : 0;
  } else if (point >= digits.length) {
    whole = Number(digits + '0'.repeat(point - digits.length));
    next = 0;
  } else {
    whole = Number(digits.slice(0, point));
    next = Number(digits[point]);
  }
  const n = whole + (!cut && next >= 5 ? 1 : 0);
  return m[1] === '-' && n !== 0 ? -n : n;
}

/**
 * Whether `v` is "not given": undefined, null or a string of spaces.
 * @param {unknown} v
 * @returns {boolean}
 */
export function isBlank(v) {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** @typedef {{code: string, value?: undefined, h?: undefined} | {code?: undefined, value: number, h: number}} Read */

/**
 * Reads a number the reader typed, or a number passed in, cut to hundredths.
 * A typed number is ASCII digits with at most one decimal separator (`.` or `,`), an optional
 * leading sign and surrounding spaces: "140", " 140.5 ", "102,5", ".5". Anything else ("1e2",
 * "280/2", "1_000", "1,000.5") is `not_a_number`; blank is `empty`.
 * @param {unknown} v
 * @returns {Read} the value in the unit and in hundredths
 */
export function readNumber(v) {
  if (isBlank(v)) {
    return { code: CODES.EMPTY };
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? { value: v, h: decimalToHundredths(String(v), true) } : { code: CODES.NOT_A_NUMBER };
  }
  if (typeof v !== 'string') {
    return { code: CODES.NOT_A_NUMBER };
  }
  const t = v.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) {
    return { code: CODES.NOT_A_NUMBER };
  }
  const dotted = t.replace(',', '.');
  return { value: Number(dotted), h: decimalToHundredths(dotted, true) };
}

/**
 * A typed number ("140,5", " 140 ") as a number cut to hundredths, or null.
 * @param {unknown} text
 * @returns {number|null}
 */
export function parseTyped(text) {
  const r = readNumber(typeof text === 'number' ? text : String(text === null || text === undefined ? '' : text));
  return r.code === undefined ? r.h / 100 : null;
}

/**
 * A weight in the unit as integer hundredths of the unit: `toHundredths(112.5)` is `11250`.
 * Rounds half away from zero on the number's shortest decimal form, so `1.005` gives `101`.
 * Typed weights go through `readNumber`, which cuts instead. Not a finite number: `NaN`.
 * @param {number} x weight in the unit
 * @returns {number} integer hundredths
 */
export function toHundredths(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    return NaN;
  }
  return decimalToHundredths(String(x), false);
}

/**
 * Integer hundredths back to a plain number in the unit: `fromHundredths(11250)` is `112.5`.
 * @param {number} n integer hundredths
 * @returns {number} weight in the unit
 */
export function fromHundredths(n) {
  return n / 100;
}

/**
 * Converts hundredths between units (1 lb = 0.45359237 kg), rounded half away from zero.
 * @param {number} h integer hundredths in `from`
 * @param {'kg'|'lb'} from
 * @param {'kg'|'lb'} to
 * @returns {number} integer hundredths in `to`
 */
export function convertHundredths(h, from, to) {
  if (from === to) {
    return h;
  }
  return from === 'lb'
    ? rdiv(h * KG_PER_LB_NUM, KG_PER_LB_DEN)
    : rdiv(h * KG_PER_LB_DEN, KG_PER_LB_NUM);
}

/**
 * Converts a weight between units (1 lb = 0.45359237 kg), rounded to hundredths of the target
 * unit (halves away from zero), computed with integers. Same unit: the value rounded to hundredths.
 * @param {number} value weight in `from`
 * @param {'kg'|'lb'} from unit of `value`
 * @param {'kg'|'lb'} to unit wanted
 * @returns {number} weight in `to`, or NaN when `value` is not a finite number
 */
export function convertWeight(value, from, to) {
  const h = toHundredths(value);
  if (Number.isNaN(h) || !['kg', 'lb'].includes(from) || !['kg', 'lb'].includes(to)) {
    return NaN;
  }
  return fromHundredths(convertHundredths(h, from, to));
}

/**
 * The unit, 'lb' or else 'kg'.
 * @param {unknown} u
 * @returns {'kg'|'lb'}
 */
export function unitOf(u) {
  return u === 'lb' ? 'lb' : 'kg';
}

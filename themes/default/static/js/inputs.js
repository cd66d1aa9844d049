// @ts-check
/**
 * @file inputs.js: reading and checking the calculators' inputs into exact numbers.
 *
 * Every check returns error codes (calculators.md) instead of throwing, in field order.
 * Pure: no DOM, no globals.
 */

import { CODES, isBlank, readNumber, toHundredths, unitOf } from './num.js';
import { prepare } from './plates.js';

/** The defaults of calculators.md, used when an input leaves a parameter out. */
export const DEFAULT_MAX_LOAD = { kg: 600, lb: 1320 };
const REPS_MIN = 1;
const REPS_MAX = 12;

/** @typedef {{field: string, code: string}} FieldError */
/** @typedef {import('./plates.js').Equipment} Equipment */

/**
 * Sorted positive plate sizes in hundredths from numbers in the unit (invalid ones skipped).
 * @param {unknown} plates
 * @returns {number[]}
 */
function platesToH(plates) {
  const out = [];
  for (const p of Array.isArray(plates) ? plates : []) {
    const h = typeof p === 'number' ? toHundredths(p) : readNumber(p).h;
    if (h !== undefined && Number.isInteger(h) && h > 0 && !out.includes(h)) {
      out.push(h);
    }
  }
  return out.sort((a, b) => b - a);
}

/**
 * `{"45": 1}` (sizes in the unit) to `{"4500": 1}` (sizes in hundredths); null stays null.
 * @param {unknown} pairs
 * @returns {null|Object<string, number>}
 */
function pairsToH(pairs) {
  if (pairs === null || pairs === undefined || typeof pairs !== 'object') {
    return null;
  }
  /** @type {Object<string, number>} */
  const out = {};
  for (const [key, value] of Object.entries(pairs)) {
    const h = readNumber(key).h;
    const n = Number(value);
    if (h !== undefined && Number.isInteger(h) && h > 0 && Number.isFinite(n) && n > 0) {
      out[String(h)] = (out[String(h)] || 0) + Math.floor(n);
    }
  }
  return out;
}

/**
 * The heaviest load accepted, in hundredths.
 * @param {any} input
 * @param {'kg'|'lb'} unit
 * @returns {number}
 */
function maxOf(input, unit) {
  const r = isBlank(input.maxLoad) ? null : readNumber(input.maxLoad);
  return r && r.h !== undefined && r.h > 0 ? r.h : DEFAULT_MAX_LOAD[unit] * 100;
}

/**
 * Checks the bar and collar, pushing errors; returns their hundredths or null.
 * @param {any} input
 * @param {number} maxH
 * @param {FieldError[]} errors
 * @returns {{barH: number, collarH: number}|null}
 */
function readBarCollar(input, maxH, errors) {
  const bar = readNumber(input.bar);
  let barH = null;
  if (bar.code !== undefined) {
    errors.push({ field: 'bar', code: bar.code });
  } else if (bar.h <= 0) {
    errors.push({ field: 'bar', code: CODES.NOT_POSITIVE });
  } else if (bar.h > maxH) {
    errors.push({ field: 'bar', code: CODES.TOO_LARGE });
  } else {
    barH = bar.h;
  }
  /** @type {import('./num.js').Read} */
  const collar = isBlank(input.collar) ? { value: 0, h: 0 } : readNumber(input.collar);
  if (collar.code !== undefined) {
    errors.push({ field: 'collar', code: collar.code });
    return null;
  }
  if (collar.h === undefined || collar.h < 0) {
    errors.push({ field: 'collar', code: CODES.NOT_POSITIVE });
    return null;
  }
  if (barH !== null && barH + 2 * collar.h > maxH) {
    errors.push({ field: 'collar', code: CODES.TOO_LARGE });
    return null;
  }
  return barH === null ? null : { barH, collarH: collar.h };
}

/**
 * Checks the equipment of an input and builds `eq` in hundredths. Bar: a number > 0; collar
 * (one collar): a number >= 0 (blank is 0). `plateUnit` (optional) is the unit of the plates
 * and `pairs` when they differ from `unit` (kg plates on a lb bar and the reverse).
 * @param {any} input
 * @param {FieldError[]} errors
 * @returns {{unit: 'kg'|'lb', eq: Equipment|null, maxH: number}}
 */
export function readEquipment(input, errors) {
  const unit = unitOf(input.unit);
  const maxH = maxOf(input, unit);
  const bc = readBarCollar(input, maxH, errors);
  if (bc === null) {
    return { unit, eq: null, maxH };
  }
  /** @type {Equipment} */
  const eq = { ...bc, platesH: platesToH(input.plates), pairs: pairsToH(input.pairs), maxH };
  if (input.plateUnit === 'kg' || input.plateUnit === 'lb') {
    if (input.plateUnit !== unit) {
      eq.unit = unit;
      eq.plateUnit = input.plateUnit;
    }
  }
  return { unit, eq, maxH };
}

/**
 * The weight check on an already-read number; returns a code or null.
 * `not_enough_plates` only for a limited inventory, or no plates at all, that cannot reach the
 * weight: with unlimited plates a weight that is not exactly loadable is floored instead.
 * @param {import('./num.js').Read} w
 * @param {Equipment|null} eq
 * @param {number} maxH
 * @returns {string|null}
 */
export function weightCode(w, eq, maxH) {
  if (w.code !== undefined) {
    return w.code;
  }
  if (w.value <= 0 || w.h <= 0) {
    return CODES.NOT_POSITIVE;
  }
  if (w.h > maxH) {
    return CODES.TOO_LARGE;
  }
  if (!eq) {
    return null;
  }
  const p = prepare(eq);
  if (w.h < p.base) {
    return CODES.BELOW_BAR;
  }
  const limited = p.sizes.length === 0 || (eq.pairs !== null && eq.pairs !== undefined);
  if (!limited || w.h === p.base) {
    return null;
  }
  // The heaviest loadable weight must be reachable: bar + 2 x every pair, in the unit.
  const most = p.mixed
    ? Number((BigInt(p.base) * p.su + 2n * BigInt(p.maxSide) * p.sp) / p.su)
    : p.base + 2 * p.maxSide;
  return w.h > most ? CODES.NOT_ENOUGH_PLATES : null;
}

/**
 * Checks a weight the reader typed against the equipment. In this order: blank -> `empty`;
 * not a plain decimal (comma or point, surrounding spaces allowed) -> `not_a_number`;
 * 0 or less -> `not_positive`; more than `eq.maxH` (or 600 kg / 1320 lb) -> `too_large`;
 * below bar plus collars -> `below_bar`; a limited inventory (or no plate selected) that
 * cannot reach it -> `not_enough_plates`. The weight is cut to hundredths first.
 * @param {string|number} text what the reader typed
 * @param {Equipment} eq equipment in hundredths, as for `floorLoad`
 * @param {'kg'|'lb'} unit the unit, for the default maximum
 * @returns {null|string} null when valid, else the error code
 */
export function validateWeight(text, eq, unit) {
  const maxH = eq && eq.maxH !== undefined && eq.maxH !== null
    ? eq.maxH
    : DEFAULT_MAX_LOAD[unitOf(unit)] * 100;
  return weightCode(readNumber(text), eq, maxH);
}

/**
 * Reps of a working set: blank -> null; else a whole number 1..12.
 * @param {unknown} v
 * @param {FieldError[]} errors
 * @returns {number|null}
 */
export function readReps(v, errors) {
  if (isBlank(v)) {
    return null;
  }
  const r = readNumber(v);
  if (r.code !== undefined) {
    errors.push({ field: 'reps', code: r.code });
    return null;
  }
  if (r.h % 100 !== 0 || r.value !== r.h / 100 || r.h < REPS_MIN * 100 || r.h > REPS_MAX * 100) {
    errors.push({ field: 'reps', code: CODES.REPS_OUT_OF_RANGE });
    return null;
  }
  return r.h / 100;
}

/**
 * A bounded parameter: null/undefined -> the fallback; "" -> `empty`; else a number in
 * [min, max] (a whole number when `whole`), otherwise `code`. Returns hundredths or null.
 * @param {unknown} v
 * @param {number} fallback
 * @param {{min: number, max: number}} range
 * @param {boolean} whole
 * @param {string} field
 * @param {string} code
 * @param {FieldError[]} errors
 * @returns {number|null}
 */
export function readBounded(v, fallback, range, whole, field, code, errors) {
  const r = v === undefined || v === null ? readNumber(fallback) : readNumber(v);
  if (r.code !== undefined) {
    errors.push({ field, code: r.code });
    return null;
  }
  const exact = r.value === r.h / 100;
  if ((whole && (r.h % 100 !== 0 || !exact)) || r.h < toHundredths(range.min) || r.h > toHundredths(range.max)
    || (!exact && r.value > range.max)) {
    errors.push({ field, code });
    return null;
  }
  return r.h;
}

/**
 * A range `{min, max}` from an input's `ranges`, or the default.
 * @param {any} ranges
 * @param {string} key
 * @param {{min: number, max: number}} fallback
 * @returns {{min: number, max: number}}
 */
export function rangeOf(ranges, key, fallback) {
  const r = ranges && ranges[key];
  return r && Number.isFinite(r.min) && Number.isFinite(r.max) ? r : fallback;
}

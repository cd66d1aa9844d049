// @ts-check
/**
 * @file warmup.js: warm-up sets and the percentages table, by the rules of calculators.md.
 * Pure: no DOM, no globals.
 */

import { CODES, cdiv, fromHundredths, isBlank, rdiv, readNumber, toHundredths } from './num.js';
import { beltAt, exactLoad, roundExact } from './plates.js';
import { rangeOf, readBounded, readEquipment, readReps, weightCode } from './inputs.js';

const DEFAULT_RANGES = { sets: { min: 2, max: 3 }, first: { min: 40, max: 50 } };
const DEFAULT_RAMP_REPS = [5, 3, 2];
const MOST_SETS = 10;

/**
 * Reads and checks a warm-up input.
 * @param {any} input
 */
function readWarmup(input) {
  /** @type {import('./inputs.js').FieldError[]} */
  const errors = [];
  const { unit, eq, maxH } = readEquipment(input, errors);
  const w = readNumber(input.weight);
  const wCode = weightCode(w, eq, maxH);
  if (wCode) {
    errors.push({ field: 'weight', code: wCode });
  }
  const reps = readReps(input.reps, errors);
  const setsH = readBounded(input.sets, 3, rangeOf(input.ranges, 'sets', DEFAULT_RANGES.sets),
    true, 'sets', CODES.SETS_OUT_OF_RANGE, errors);
  const firstH = readBounded(input.first, 40, rangeOf(input.ranges, 'first', DEFAULT_RANGES.first),
    false, 'first', CODES.FIRST_PCT_OUT_OF_RANGE, errors);
  return { errors, unit, eq, weightH: w.h || 0, reps, sets: (setsH || 0) / 100, firstH: firstH || 0 };
}

/**
 * Checks a warm-up input (see `warmupSets`) and lists every problem, in field order:
 * `bar`, `collar`, `weight`, `reps`, `sets`, `first`. Codes: weight as `validateWeight`; reps
 * (optional, whole 1..12) `reps_out_of_range`; sets (whole, 2..3) `sets_out_of_range`; first
 * (40..50) `first_pct_out_of_range`. `sets` and `first` left out take 3 and 40; "" is `empty`.
 * @param {object} input as for `warmupSets`
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validateWarmupInput(input) {
  return readWarmup(input || {}).errors;
}

/**
 * One output row.
 * @param {number} pct percent in hundredths
 * @param {import('./plates.js').Loaded} set
 * @param {number|null} reps
 */
function row(pct, set, reps) {
  /** @type {any} */
  const r = { pct: fromHundredths(pct), load: fromHundredths(set.load), reps, plates: set.plates.map(fromHundredths) };
  if (set.alt !== undefined) {
    r.alt = fromHundredths(set.alt);
  }
  return r;
}

/**
 * The ramp sets below the working set `work`, `n` of them from `firstH` percent.
 * @param {any} v read input
 * @param {import('./plates.js').Loaded} work
 * @param {number} n
 * @param {number[]} rampReps
 * @param {null|{set: import('./plates.js').Loaded, reps: number}} empty
 */
function rampRows(v, work, n, rampReps, empty) {
  const L = exactLoad(v.eq, work.side);
  const rows = [];
  let previous = null;
  if (empty) {
    previous = empty.set.side;
    const pct = Number((BigInt(v.eq.barH + 2 * v.eq.collarH) * L.den * 10000n) / L.num);
    rows.push({ ...row(pct, empty.set, empty.reps), working: false, belt: false, empty: true });
  }
  for (let i = 0; i < n; i += 1) {
    const pctScaled = v.firstH * n + i * (10000 - v.firstH);
    const set = roundExact(L.num * BigInt(pctScaled), L.den * 10000n * BigInt(n), v.eq, 'nearest');
    if (set.side >= work.side || set.side === previous) {
      continue;
    }
    previous = set.side;
    rows.push({ ...row(rdiv(pctScaled, n), set, rampReps[Math.min(i, rampReps.length - 1)]), working: false, belt: false });
  }
  return rows;
}

/**
 * Warm-up sets for a working weight, by the rules of calculators.md.
 *
 * The working load is Floor(weight); when the weight is not loadable, `notice` says so
 * ("101 kg is not loadable; using 100 kg"). Ramp set i (0..n-1) is at `first + i * (100 -
 * first) / n` percent of the working load, loaded to Nearest; its reps are `rampReps[i]` (the
 * last one repeated). `n` is `sets`, raised until no nominal jump between sets, or from the last
 * set to the working set, exceeds `maxJumpPercent` (default 20) of the working load; the sets
 * added are `extraSets` (only present when some are). A ramp set at or above the working load,
 * or equal to the set before it, is dropped with its reps. A bar-only working load has no ramp
 * sets. With `emptyBar`, an empty-bar set of `emptyBarReps` (default 10) reps comes first
 * (`empty: true`). With `reps`: `e1rm` is Epley of the working load, and the working set gets
 * `belt: true` at `beltPercent` % of it or more. Mixed equipment (`plateUnit`): rows add `alt`.
 * @param {any} input weights in the unit; `pairs` keys are plate sizes (`{"45": 1}`)
 * @returns {any} `{ok: true, notice, e1rm, rows, working}` or `{ok: false, errors}`
 */
export function warmupSets(input) {
  const v = readWarmup(input || {});
  if (v.errors.length > 0 || !v.eq) {
    return { ok: false, errors: v.errors };
  }
  const rampReps = Array.isArray(input.rampReps) && input.rampReps.length > 0 ? input.rampReps : DEFAULT_RAMP_REPS;
  const beltH = isBlank(input.beltPercent) ? 8000 : toHundredths(Number(input.beltPercent));
  const jumpH = isBlank(input.maxJumpPercent) ? 2000 : toHundredths(Number(input.maxJumpPercent));
  const work = roundExact(BigInt(v.weightH), 1n, v.eq, 'floor');
  const L = exactLoad(v.eq, work.side);
  const exact = L.num === BigInt(v.weightH) * L.den;
  const unit = v.unit;
  const notice = exact ? null : `${fromHundredths(v.weightH)} ${unit} is not loadable; using ${fromHundredths(work.load)} ${unit}`;
  const n = jumpH > 0 ? Math.min(MOST_SETS, Math.max(v.sets, cdiv(10000 - v.firstH, jumpH))) : v.sets;
  let rows = [];
  if (work.side > 0) {
    const emptyReps = isBlank(input.emptyBarReps) ? 10 : Number(input.emptyBarReps);
    const empty = input.emptyBar ? { set: roundExact(0n, 1n, v.eq, 'floor'), reps: emptyReps } : null;
    rows = rampRows(v, work, n, rampReps, empty);
  }
  const e1rm = v.reps === null ? null : fromHundredths(v.reps === 1 ? work.load : rdiv(work.load * (30 + v.reps), 30));
  const belt = v.reps !== null && beltAt(L, L, v.reps, beltH);
  /** @type {any} */
  const result = { ok: true, notice, e1rm, rows, working: { ...row(10000, work, v.reps), working: true, belt } };
  if (n > v.sets) {
    result.extraSets = n - v.sets;
  }
  return result;
}

/**
 * The percentages table: every `step` percent (default 5) from `from` (default 50) to 100 of the
 * working load Floor(weight), each loaded to Nearest (100% is the working load itself).
 * @param {any} input as for `warmupSets`, plus optional `from` and `step`
 * @returns {any} `{ok: true, rows: [{pct, load, plates}]}` or `{ok: false, errors}`
 */
export function percentagesTable(input) {
  const v = readWarmup(input || {});
  if (v.errors.length > 0 || !v.eq) {
    return { ok: false, errors: v.errors };
  }
  const from = Number.isInteger(input.from) ? input.from : 50;
  const step = Number.isInteger(input.step) && input.step > 0 ? input.step : 5;
  const work = roundExact(BigInt(v.weightH), 1n, v.eq, 'floor');
  const L = exactLoad(v.eq, work.side);
  const rows = [];
  for (let pct = from; pct <= 100; pct += step) {
    const set = pct === 100 ? work : roundExact(L.num * BigInt(pct), L.den * 100n, v.eq, 'nearest');
    const side = Math.min(set.side, work.side);
    rows.push(row(pct * 100, side === set.side ? set : work, null));
  }
  return { ok: true, rows: rows.map((r) => ({ pct: r.pct, load: r.load, plates: r.plates, ...(r.alt === undefined ? {} : { alt: r.alt }) })) };
}

/**
 * @file loads.js: the calculators' arithmetic, as pure functions.
 *
 * Everything here follows the rules of `calculators.md` to the last plate:
 * rounding to loadable weights, plates per side, warm-up sets, the return-to-lift plan,
 * the session decision and the plan adjusted by the reader's check-ins.
 *
 * The module has no imports, no DOM, no globals, no clock and no randomness: the same input
 * always gives the same output, so the Rust test suite can run it in an embedded engine.
 *
 * Arithmetic: loads are integers in hundredths of the unit (0.25 kg is 25, 112.5 lb is 11250),
 * never floating point. A percent target is kept as an exact fraction `num / den` of hundredths
 * and every rounding decision compares integer cross-products.
 *
 * Inputs: the `warmupSets`, `returnPlan` and `adjustPlan` inputs take weights in the unit as
 * plain numbers; the typed fields (`weight`, `reps`, `sets`, `first`, `start`, `technique`,
 * `spw`, `increase`, `bar`, `collar`) may also be the strings the reader typed ("140,5" works).
 * Invalid input never throws: it comes back as `{ok: false, errors: [{field, code}]}` with the
 * error codes of `calculators.md`.
 */

/** Error codes, as the page shows them in `data-error`. */
const EMPTY = 'empty';
const NOT_A_NUMBER = 'not_a_number';
const NOT_POSITIVE = 'not_positive';
const TOO_LARGE = 'too_large';
const BELOW_BAR = 'below_bar';
const NOT_ENOUGH_PLATES = 'not_enough_plates';
const REPS_OUT_OF_RANGE = 'reps_out_of_range';
const START_PCT_OUT_OF_RANGE = 'start_pct_out_of_range';
const TECHNIQUE_OUT_OF_RANGE = 'technique_out_of_range';
const SPW_OUT_OF_RANGE = 'spw_out_of_range';
const INCREASE_OUT_OF_RANGE = 'increase_out_of_range';
const PAIN_OUT_OF_RANGE = 'pain_out_of_range';
/** Not in calculators.md's list: only a direct call can give a bad `sets` (the page offers 2 or 3). */
const SETS_OUT_OF_RANGE = 'sets_out_of_range';

/** 1 lb = 0.45359237 kg exactly = 45359237 / 10^8 kg. */
const KG_PER_LB_NUM = 45359237;
const KG_PER_LB_DEN = 100000000;

/** The defaults of calculators.md, used when an input leaves a parameter out. */
const DEFAULT_MAX_LOAD = { kg: 600, lb: 1320 };
const DEFAULT_INCREASE = { kg: { min: 2.5, max: 5 }, lb: { min: 5, max: 10 } };
const DEFAULT_WARMUP_RANGES = { sets: { min: 2, max: 3 }, first: { min: 40, max: 50 } };
const DEFAULT_PLAN_RANGES = {
  start: { min: 40, max: 50 },
  technique: { min: 2, max: 3 },
  spw: { min: 1, max: 2 },
};
const DEFAULT_RAMP_REPS = [5, 3, 2];
const DEFAULT_THRESHOLDS = { stepBackAbove: 5, repeatAbove: 2 };
const REPS_MIN = 1;
const REPS_MAX = 12;
const PAIN_MIN = 0;
const PAIN_MAX = 10;

/** Week decisions from best to worst; the worst of a week decides it. */
const DECISION_ORDER = ['progress', 'repeat', 'step_back', 'stop'];

// ---------------------------------------------------------------------------------------------
// Integer helpers
// ---------------------------------------------------------------------------------------------

/** Floor of a / b for integers a and b > 0, exact (no float division rounding). */
function idiv(a, b) {
  const r = a % b;
  const q = (a - r) / b;
  return r < 0 ? q - 1 : q;
}

/** Ceiling of a / b for integers a and b > 0. */
function cdiv(a, b) {
  return -idiv(-a, b);
}

/** a / b rounded to the nearest integer, halves away from zero, for integers a and b > 0. */
function rdiv(a, b) {
  return a >= 0 ? idiv(2 * a + b, 2 * b) : -idiv(-2 * a + b, 2 * b);
}

/** Greatest common divisor of two non-negative integers. */
function gcd(a, b) {
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
 * rounded half away from zero on the decimal digits themselves, or NaN.
 */
function decimalToHundredths(text) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    return NaN;
  }
  const digits = (m[2] + (m[3] || '')).replace(/^0+(?=\d)/, '');
  // Position of the decimal point within `digits`, shifted by the exponent and by 2 (hundredths).
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
  const n = whole + (next >= 5 ? 1 : 0);
  return m[1] === '-' && n !== 0 ? -n : n;
}

/** Whether `v` is "not given": undefined, null or a string of spaces. */
function isBlank(v) {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Reads a number the reader typed or a number passed in.
 * Accepts "140", " 140.5 ", "140,5" (comma decimal), ".5"; rejects "1e3", "1,000.5", "abc".
 * @returns {{code: string} | {value: number, h: number}} value in the unit and in hundredths.
 */
function readNumber(v) {
  if (isBlank(v)) {
    return { code: EMPTY };
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? { value: v, h: toHundredths(v) } : { code: NOT_A_NUMBER };
  }
  if (typeof v !== 'string') {
    return { code: NOT_A_NUMBER };
  }
  const t = v.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) {
    return { code: NOT_A_NUMBER };
  }
  const dotted = t.replace(',', '.');
  return { value: Number(dotted), h: decimalToHundredths(dotted) };
}

/** Whether a read number is a whole number. */
function isWhole(n) {
  return n.h % 100 === 0;
}

// ---------------------------------------------------------------------------------------------
// Hundredths
// ---------------------------------------------------------------------------------------------

/**
 * A weight in the unit as integer hundredths of the unit: `toHundredths(112.5)` is `11250`.
 * Rounds half away from zero on the number's shortest decimal form, so `1.005` gives `101`
 * (not `100`, as `Math.round(1.005 * 100)` would). Not a finite number: `NaN`.
 * @param {number} x weight in the unit
 * @returns {number} integer hundredths
 */
export function toHundredths(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    return NaN;
  }
  return decimalToHundredths(String(x));
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
 * Converts a weight between units (1 lb = 0.45359237 kg), rounded to hundredths of the target
 * unit (halves away from zero), computed with integers. Same unit: the value rounded to hundredths.
 * @param {number} value weight in `from`
 * @param {'kg'|'lb'} from unit of `value`
 * @param {'kg'|'lb'} to unit wanted
 * @returns {number} weight in `to`, or NaN when `value` is not a finite number
 */
export function convertWeight(value, from, to) {
  const h = toHundredths(value);
  if (Number.isNaN(h)) {
    return NaN;
  }
  if (from === to) {
    return fromHundredths(h);
  }
  if (from === 'lb' && to === 'kg') {
    return fromHundredths(rdiv(h * KG_PER_LB_NUM, KG_PER_LB_DEN));
  }
  if (from === 'kg' && to === 'lb') {
    return fromHundredths(rdiv(h * KG_PER_LB_DEN, KG_PER_LB_NUM));
  }
  return NaN;
}

// ---------------------------------------------------------------------------------------------
// Plates and loadable weights
// ---------------------------------------------------------------------------------------------

/** Pairs available of a plate size: unlimited (Infinity) when `pairs` is null. */
function pairsOf(pairs, size) {
  if (pairs === null || pairs === undefined) {
    return Infinity;
  }
  const n = Number(pairs[String(size)]);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Plate sizes that can be used: positive integers, deduplicated, heaviest first, with pairs. */
function usableSizes(platesH, pairs) {
  const seen = new Set();
  const sizes = [];
  for (const p of platesH || []) {
    if (Number.isInteger(p) && p > 0 && !seen.has(p) && pairsOf(pairs, p) > 0) {
      seen.add(p);
      sizes.push(p);
    }
  }
  return sizes.sort((a, b) => b - a);
}

/**
 * Plates for one side of the bar, heaviest first, in hundredths.
 *
 * Searches the largest plate first, trying its largest possible count first, and backtracks;
 * the first exact decomposition wins (so a limited inventory that plain greedy gets wrong, like
 * 30 lb a side from one pair of 45s, one of 25s and three of 10s, comes out as 10, 10, 10).
 * Subtrees that cannot succeed are pruned (divisibility, capacity, memo), which never changes
 * which decomposition is found first.
 * @param {number} sideHundredths weight wanted on one side, integer hundredths
 * @param {number[]} plateSizesHundredths plate sizes available, integer hundredths
 * @param {null|Object<string, number>} pairs null for unlimited, else `{sizeHundredths: pairs}`;
 *   a size it does not list has no pairs
 * @returns {number[]|null} plate sizes heaviest first (`[]` for nothing), or null if impossible
 */
export function platesPerSide(sideHundredths, plateSizesHundredths, pairs) {
  if (!Number.isInteger(sideHundredths) || sideHundredths < 0) {
    return null;
  }
  const sizes = usableSizes(plateSizesHundredths, pairs);
  const avail = sizes.map((s) => pairsOf(pairs, s));
  // Suffix gcd and capacity: from plate i on, any sum is a multiple of g[i] and at most cap[i].
  const g = new Array(sizes.length + 1).fill(0);
  const cap = new Array(sizes.length + 1).fill(0);
  for (let i = sizes.length - 1; i >= 0; i -= 1) {
    g[i] = gcd(sizes[i], g[i + 1]);
    cap[i] = cap[i + 1] + sizes[i] * avail[i];
  }
  const failed = new Set();
  const search = (i, rest) => {
    if (rest === 0) {
      return [];
    }
    if (i === sizes.length || rest % g[i] !== 0 || rest > cap[i] || failed.has(i * 1e9 + rest)) {
      return null;
    }
    const most = Math.min(idiv(rest, sizes[i]), avail[i]);
    for (let c = most; c >= 0; c -= 1) {
      const tail = search(i + 1, rest - c * sizes[i]);
      if (tail !== null) {
        return new Array(c).fill(sizes[i]).concat(tail);
      }
    }
    failed.add(i * 1e9 + rest);
    return null;
  };
  return search(0, sideHundredths);
}

/** The equipment with its derived numbers. */
function prepare(eq) {
  const base = eq.barH + 2 * (eq.collarH || 0);
  const pairs = eq.pairs === undefined ? null : eq.pairs;
  const sizes = usableSizes(eq.platesH, pairs);
  let unit = 0;
  let capacity = 0;
  for (const s of sizes) {
    unit = gcd(unit, s);
    capacity += s * pairsOf(pairs, s);
  }
  const maxH = eq.maxH === undefined || eq.maxH === null ? Infinity : eq.maxH;
  // The heaviest side allowed: by the plates owned and by the largest load accepted.
  const maxSide = Math.min(capacity, maxH === Infinity ? Infinity : idiv(maxH - base, 2));
  return { base, pairs, sizes, unit, maxSide };
}

/**
 * Side sums (in multiples of `p.unit`) that the plates can make, up to `limit` hundredths:
 * a bounded knapsack, each size used at most its pairs.
 */
function reachableSides(p, limit) {
  const n = idiv(limit, p.unit);
  const ok = new Uint8Array(n + 1);
  const used = new Uint32Array(n + 1);
  ok[0] = 1;
  for (const size of p.sizes) {
    const step = size / p.unit;
    const most = pairsOf(p.pairs, size);
    used.fill(0);
    for (let s = step; s <= n; s += 1) {
      if (!ok[s] && ok[s - step] && used[s - step] < most) {
        ok[s] = 1;
        used[s] = used[s - step] + 1;
      }
    }
  }
  return ok;
}

/**
 * Rounds the exact target `num / den` hundredths to a loadable weight.
 * mode 'floor': heaviest loadable <= target; 'nearest': closest, a tie goes to the lighter.
 * Below the base (bar and collars), or above everything loadable when flooring, as said.
 */
function roundLoad(num, den, eq, mode) {
  const p = prepare(eq);
  const result = (side) => ({
    load: p.base + 2 * side,
    plates: platesPerSide(side, p.sizes, p.pairs),
  });
  // Side target x = (num - base * den) / (2 * den).
  const xNum = num - p.base * den;
  const xDen = 2 * den;
  if (xNum <= 0 || p.sizes.length === 0 || p.maxSide <= 0) {
    return result(0);
  }
  const below = Math.min(idiv(xNum, xDen), p.maxSide);
  const above = Math.min(cdiv(xNum, xDen) + p.sizes[0], p.maxSide);
  const ok = reachableSides(p, Math.max(below, above));
  let lo = idiv(below, p.unit);
  while (!ok[lo]) {
    lo -= 1;
  }
  const sLo = lo * p.unit;
  if (mode === 'floor') {
    return result(sLo);
  }
  for (let hi = cdiv(cdiv(xNum, xDen), p.unit); hi * p.unit <= above; hi += 1) {
    if (ok[hi]) {
      const sHi = hi * p.unit;
      // Distances from the target, both scaled by 2 * den: strictly closer wins, a tie is lighter.
      return sHi * xDen - xNum < xNum - sLo * xDen ? result(sHi) : result(sLo);
    }
  }
  return result(sLo);
}

/**
 * The heaviest loadable weight at or below the target ("Floor"). Below the base (bar plus two
 * collars): the base with no plates. Never above `eq.maxH` or what the plates owned can make.
 * @param {number} targetH target, integer hundredths
 * @param {{barH: number, collarH: number, platesH: number[], pairs: null|Object<string, number>,
 *   maxH: number}} eq equipment in hundredths; `pairs` keys are sizes in hundredths
 *   (`{"4500": 1}`), null for unlimited; `maxH` the heaviest load accepted (null: no limit)
 * @returns {{load: number, plates: number[]}} load and plates per side, in hundredths
 */
export function floorLoad(targetH, eq) {
  return roundLoad(Math.floor(targetH), 1, eq, 'floor');
}

/**
 * The loadable weight closest to the target ("Nearest"); an exact tie goes to the lighter one.
 * Below the base: the base with no plates. Never above `eq.maxH` or what the plates can make.
 * @param {number} targetH target, integer hundredths
 * @param {{barH: number, collarH: number, platesH: number[], pairs: null|Object<string, number>,
 *   maxH: number}} eq equipment in hundredths, as for `floorLoad`
 * @returns {{load: number, plates: number[]}} load and plates per side, in hundredths
 */
export function nearestLoad(targetH, eq) {
  return roundLoad(Math.round(targetH), 1, eq, 'nearest');
}

/**
 * Estimated one-rep max by Epley: `w * (1 + reps / 30)`, and `w` itself for a single.
 * Works on plain numbers in the unit (not hundredths); the calculators compare the belt
 * threshold with exact integers instead of calling this.
 * @param {number} w weight lifted
 * @param {number} reps reps done with it (1 or more)
 * @returns {number} estimated one-rep max, same unit as `w`
 */
export function epley(w, reps) {
  return reps === 1 ? w : w * (1 + reps / 30);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** The unit, 'lb' or else 'kg'. */
function unitOf(u) {
  return u === 'lb' ? 'lb' : 'kg';
}

/** Sorted positive plate sizes in hundredths from numbers in the unit (invalid ones skipped). */
function platesToH(plates) {
  const out = [];
  for (const p of Array.isArray(plates) ? plates : []) {
    const h = typeof p === 'number' ? toHundredths(p) : readNumber(p).h;
    if (Number.isInteger(h) && h > 0 && !out.includes(h)) {
      out.push(h);
    }
  }
  return out.sort((a, b) => b - a);
}

/** `{"45": 1}` (sizes in the unit) to `{"4500": 1}` (sizes in hundredths); null stays null. */
function pairsToH(pairs) {
  if (pairs === null || pairs === undefined || typeof pairs !== 'object') {
    return null;
  }
  const out = {};
  for (const key of Object.keys(pairs)) {
    const h = readNumber(key).h;
    const n = Number(pairs[key]);
    if (Number.isInteger(h) && h > 0 && Number.isFinite(n) && n > 0) {
      out[String(h)] = (out[String(h)] || 0) + Math.floor(n);
    }
  }
  return out;
}

/**
 * Checks the equipment of an input and builds `eq` in hundredths.
 * Bar: a number > 0; collar (one collar): a number >= 0 (blank is 0); base at most the max load.
 */
function readEquipment(input, errors) {
  const unit = unitOf(input.unit);
  const maxRead = isBlank(input.maxLoad) ? null : readNumber(input.maxLoad);
  const maxH = maxRead && maxRead.code === undefined && maxRead.h > 0
    ? maxRead.h
    : DEFAULT_MAX_LOAD[unit] * 100;
  const bar = readNumber(input.bar);
  let ok = true;
  if (bar.code) {
    errors.push({ field: 'bar', code: bar.code });
    ok = false;
  } else if (bar.h <= 0) {
    errors.push({ field: 'bar', code: NOT_POSITIVE });
    ok = false;
  } else if (bar.h > maxH) {
    errors.push({ field: 'bar', code: TOO_LARGE });
    ok = false;
  }
  const collar = isBlank(input.collar) ? { value: 0, h: 0 } : readNumber(input.collar);
  if (collar.code) {
    errors.push({ field: 'collar', code: collar.code });
    ok = false;
  } else if (collar.h < 0) {
    errors.push({ field: 'collar', code: NOT_POSITIVE });
    ok = false;
  } else if (ok && bar.h + 2 * collar.h > maxH) {
    errors.push({ field: 'collar', code: TOO_LARGE });
    ok = false;
  }
  if (!ok) {
    return { unit, eq: null, maxH };
  }
  const eq = {
    barH: bar.h,
    collarH: collar.h,
    platesH: platesToH(input.plates),
    pairs: pairsToH(input.pairs),
    maxH,
  };
  return { unit, eq, maxH };
}

/** The weight check of `validateWeight`, on an already-read number; returns a code or null. */
function weightCode(w, eq, maxH) {
  if (w.code) {
    return w.code;
  }
  if (w.value <= 0) {
    return NOT_POSITIVE;
  }
  if (w.h > maxH) {
    return TOO_LARGE;
  }
  if (!eq) {
    return null;
  }
  const p = prepare(eq);
  if (w.h < p.base) {
    return BELOW_BAR;
  }
  if (w.h > p.base + 2 * p.maxSide) {
    return NOT_ENOUGH_PLATES;
  }
  return null;
}

/**
 * Checks a weight the reader typed against the equipment. In this order: blank -> `empty`;
 * not a plain decimal (comma or point, surrounding spaces allowed) -> `not_a_number`;
 * 0 or less -> `not_positive`; more than `eq.maxH` (or 600 kg / 1320 lb when `eq.maxH` is not
 * given) -> `too_large`; below bar plus collars -> `below_bar`; heavier than the bar with every
 * plate owned (or with no plate selected) -> `not_enough_plates`. The weight is rounded to
 * hundredths first. A weight that is possible but not exactly loadable is valid: the
 * calculators round it.
 * @param {string|number} text what the reader typed
 * @param {{barH: number, collarH: number, platesH: number[], pairs: null|Object<string, number>,
 *   maxH: number}} eq equipment in hundredths, as for `floorLoad`
 * @param {'kg'|'lb'} unit the unit, for the default maximum
 * @returns {null|string} null when valid, else the error code
 */
export function validateWeight(text, eq, unit) {
  const maxH = eq && eq.maxH !== undefined && eq.maxH !== null
    ? eq.maxH
    : DEFAULT_MAX_LOAD[unitOf(unit)] * 100;
  return weightCode(readNumber(text), eq, maxH);
}

/** Reps of the working set: blank -> null; else a whole number 1..12. */
function readReps(v, errors) {
  if (isBlank(v)) {
    return null;
  }
  const r = readNumber(v);
  if (r.code) {
    errors.push({ field: 'reps', code: r.code });
    return null;
  }
  if (!isWhole(r) || r.h < REPS_MIN * 100 || r.h > REPS_MAX * 100) {
    errors.push({ field: 'reps', code: REPS_OUT_OF_RANGE });
    return null;
  }
  return r.h / 100;
}

/**
 * A bounded parameter: null/undefined -> the default; "" -> `empty`; else a number in
 * [min, max] (a whole number when `whole`), otherwise `code`. Returns hundredths or null.
 */
function readBounded(v, fallback, range, whole, field, code, errors) {
  const r = v === undefined || v === null ? readNumber(fallback) : readNumber(v);
  if (r.code) {
    errors.push({ field, code: r.code });
    return null;
  }
  const min = toHundredths(range.min);
  const max = toHundredths(range.max);
  if ((whole && !isWhole(r)) || r.h < min || r.h > max) {
    errors.push({ field, code });
    return null;
  }
  return r.h;
}

/** A range `{min, max}` from an input's `ranges`, or the default. */
function rangeOf(ranges, key, fallback) {
  const r = ranges && ranges[key];
  return r && Number.isFinite(r.min) && Number.isFinite(r.max) ? r : fallback;
}

/** Reads and checks a warm-up input; returns {errors} or the numbers needed. */
function readWarmup(input) {
  const errors = [];
  const { unit, eq, maxH } = readEquipment(input, errors);
  const w = readNumber(input.weight);
  const wCode = weightCode(w, eq, maxH);
  if (wCode) {
    errors.push({ field: 'weight', code: wCode });
  }
  const reps = readReps(input.reps, errors);
  const setsH = readBounded(input.sets, 3, rangeOf(input.ranges, 'sets', DEFAULT_WARMUP_RANGES.sets),
    true, 'sets', SETS_OUT_OF_RANGE, errors);
  const firstH = readBounded(input.first, 40,
    rangeOf(input.ranges, 'first', DEFAULT_WARMUP_RANGES.first), false, 'first',
    START_PCT_OUT_OF_RANGE, errors);
  return { errors, unit, eq, weightH: w.h, reps, sets: setsH / 100, firstH };
}

/**
 * Checks a warm-up input (see `warmupSets`) and lists every problem, in field order:
 * `bar`, `collar`, `weight`, `reps`, `sets`, `first`.
 * Codes: bar `empty|not_a_number|not_positive|too_large`; collar `not_a_number|not_positive|
 * too_large` (blank collar is 0); weight as `validateWeight`; reps (optional, whole 1..12)
 * `not_a_number|reps_out_of_range`; sets (whole, 2..3 or `ranges.sets`) `sets_out_of_range`;
 * first (40..50 or `ranges.first`) `start_pct_out_of_range` (the ramp's starting percent).
 * `sets` and `first` left out (undefined/null) take the defaults 3 and 40; "" is `empty`.
 * @param {object} input as for `warmupSets`
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validateWarmupInput(input) {
  return readWarmup(input || {}).errors;
}

/** Number in the unit, for messages: "112.5". */
function show(h) {
  return String(fromHundredths(h));
}

/** A row's plates per side, in the unit. */
function platesOut(platesH) {
  return platesH.map(fromHundredths);
}

/** Whether `loadH >= beltH/10000 * epley(refH, reps)`, exactly (belt percent in hundredths). */
function beltAt(loadH, refH, reps, beltH) {
  return reps === 1
    ? loadH * 10000 >= beltH * refH
    : loadH * 10000 * 30 >= beltH * refH * (30 + reps);
}

/**
 * Warm-up sets for a working weight, by the rules of calculators.md.
 *
 * The working load is Floor(weight); when the weight is not loadable, `notice` says so
 * ("101 kg is not loadable; using 100 kg"). Ramp set i (0..sets-1) is at
 * `first + i * (100 - first) / sets` percent of the working load, loaded to Nearest (exact
 * fractions); its reps are `rampReps[i]` (the last one repeated if the list is short). A ramp set
 * that is at or above the working load, or equal to the set kept before it, is dropped with its
 * reps. A bar-only working load has no ramp sets. `pct` is the nominal percent rounded to
 * hundredths (63.33 for 45% in three sets).
 *
 * With `reps`: `e1rm` is Epley of the working load (rounded to hundredths), and the working set
 * gets `belt: true` when its load is at least `beltPercent` % of it (for 80 %: reps <= 7).
 * Ramp sets never carry the belt.
 *
 * @param {{unit: 'kg'|'lb', bar: number, collar: number, plates: number[],
 *   pairs: null|Object<string, number>, weight: number|string, sets: number, first: number,
 *   reps: null|number|string, beltPercent: number, rampReps: number[], maxLoad: number,
 *   ranges?: {sets?: {min: number, max: number}, first?: {min: number, max: number}}}} input
 *   weights in the unit; `pairs` keys are plate sizes in the unit (`{"45": 1}`), null for no
 *   limit; left out: sets 3, first 40, beltPercent 80, rampReps [5, 3, 2], maxLoad 600 kg /
 *   1320 lb, ranges as calculators.md
 * @returns {{ok: true, notice: null|string, e1rm: null|number,
 *   rows: {pct: number, load: number, reps: number, plates: number[], working: false,
 *   belt: false}[], working: {pct: 100, load: number, reps: null|number, plates: number[],
 *   working: true, belt: boolean}} | {ok: false, errors: {field: string, code: string}[]}}
 */
export function warmupSets(input) {
  const v = readWarmup(input || {});
  if (v.errors.length > 0) {
    return { ok: false, errors: v.errors };
  }
  const { unit, eq, weightH, reps, sets, firstH } = v;
  const rampReps = Array.isArray(input.rampReps) && input.rampReps.length > 0
    ? input.rampReps
    : DEFAULT_RAMP_REPS;
  const beltH = isBlank(input.beltPercent) ? 8000 : toHundredths(Number(input.beltPercent));
  const working = floorLoad(weightH, eq);
  const L = working.load;
  const notice = L === weightH
    ? null
    : `${show(weightH)} ${unit} is not loadable; using ${show(L)} ${unit}`;
  const base = eq.barH + 2 * eq.collarH;
  const rows = [];
  if (L > base) {
    let previous = null;
    for (let i = 0; i < sets; i += 1) {
      // Percent of the working load, times 100 * sets: first * sets + i * (100 - first).
      const pctScaled = firstH * sets + i * (10000 - firstH);
      const set = roundLoad(L * pctScaled, 10000 * sets, eq, 'nearest');
      if (set.load >= L || set.load === previous) {
        continue;
      }
      previous = set.load;
      rows.push({
        pct: fromHundredths(rdiv(pctScaled, sets)),
        load: fromHundredths(set.load),
        reps: rampReps[Math.min(i, rampReps.length - 1)],
        plates: platesOut(set.plates),
        working: false,
        belt: false,
      });
    }
  }
  const e1rm = reps === null
    ? null
    : fromHundredths(reps === 1 ? L : rdiv(L * (30 + reps), 30));
  return {
    ok: true,
    notice,
    e1rm,
    rows,
    working: {
      pct: 100,
      load: fromHundredths(L),
      reps,
      plates: platesOut(working.plates),
      working: true,
      belt: reps !== null && beltAt(L, L, reps, beltH),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Return-to-lift plan
// ---------------------------------------------------------------------------------------------

/** Reads and checks a plan input; returns {errors} or the numbers needed. */
function readPlan(input) {
  const errors = [];
  const { unit, eq, maxH } = readEquipment(input, errors);
  const w = readNumber(input.weight);
  const wCode = weightCode(w, eq, maxH);
  if (wCode) {
    errors.push({ field: 'weight', code: wCode });
  }
  const ranges = input.ranges || {};
  const startRange = rangeOf(ranges, 'start', DEFAULT_PLAN_RANGES.start);
  const startH = readBounded(input.start, startRange.min, startRange, false, 'start',
    START_PCT_OUT_OF_RANGE, errors);
  const techRange = rangeOf(ranges, 'technique', DEFAULT_PLAN_RANGES.technique);
  const techH = readBounded(input.technique, 3, techRange, true, 'technique',
    TECHNIQUE_OUT_OF_RANGE, errors);
  const spwRange = rangeOf(ranges, 'spw', DEFAULT_PLAN_RANGES.spw);
  const spwH = readBounded(input.spw, 2, spwRange, true, 'spw', SPW_OUT_OF_RANGE, errors);
  const incRange = rangeOf(ranges, 'increase', DEFAULT_INCREASE[unit]);
  const incH = readBounded(input.increase, incRange.min, incRange, false, 'increase',
    INCREASE_OUT_OF_RANGE, errors);
  const reps = readReps(input.reps, errors);
  return {
    errors,
    eq,
    weightH: w.h,
    startH,
    technique: techH / 100,
    spw: spwH / 100,
    incH,
    reps,
  };
}

/**
 * Checks a plan input (see `returnPlan`) and lists every problem, in field order:
 * `bar`, `collar`, `weight`, `start`, `technique`, `spw`, `increase`, `reps`.
 * Codes: bar and collar as `validateWarmupInput`; weight as `validateWeight`; start (40..50)
 * `start_pct_out_of_range`; technique (whole, 2..3) `technique_out_of_range`; spw (whole, 1..2)
 * `spw_out_of_range`; increase (2.5..5 kg, 5..10 lb) `increase_out_of_range`; reps (optional,
 * whole 1..12) `reps_out_of_range`; any of them not a number `not_a_number`, "" `empty`.
 * Left out (undefined/null): start 40 (the range's minimum), technique 3, spw 2, increase the
 * unit's minimum; `ranges` overrides the ranges.
 * @param {object} input as for `returnPlan`
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validatePlanInput(input) {
  return readPlan(input || {}).errors;
}

/** The fixed numbers of a plan: start, cap, technique weeks, and how to build a week's rows. */
function planBasis(v) {
  const { eq, weightH, startH } = v;
  const cap = floorLoad(weightH, eq).load;
  const base = eq.barH + 2 * eq.collarH;
  // Start target = weight * start% / 100 = weightH * startH / 10000 hundredths.
  const startFlagged = weightH * startH < base * 10000;
  const start = roundLoad(weightH * startH, 10000, eq, 'floor').load;
  const techniqueWeeks = cdiv(v.technique, v.spw);
  // Level at which the load reaches the cap: smallest k with start + k * increase >= cap.
  const capLevel = start >= cap ? 0 : cdiv(cap - start, v.incH);
  const beltH = toHundredths(Number(v.beltPercent));
  const loads = new Map();
  const loadAt = (level) => {
    if (!loads.has(level)) {
      loads.set(level, floorLoad(Math.min(cap, start + level * v.incH), eq));
    }
    return loads.get(level);
  };
  const weekRows = (week, level) => {
    const { load, plates } = loadAt(level);
    const rows = [];
    for (let i = 1; i <= v.spw; i += 1) {
      const session = (week - 1) * v.spw + i;
      let focus = 'build';
      if (session <= v.technique) {
        focus = 'technique';
      } else if (load === cap) {
        focus = 'target';
      } else if (level === 0) {
        focus = 'consolidate';
      }
      rows.push({
        week,
        session,
        load: fromHundredths(load),
        plates: platesOut(plates),
        focus,
        belt: v.reps !== null && beltAt(load, weightH, v.reps, beltH),
        level,
      });
    }
    return { rows, atCap: load === cap };
  };
  return { cap, start, startFlagged, techniqueWeeks, capLevel, weekRows };
}

/** The plan's fields shared by `returnPlan` and `adjustPlan`. */
function planResult(b, rows, totalWeeks) {
  return {
    ok: true,
    start: fromHundredths(b.start),
    cap: fromHundredths(b.cap),
    startFlagged: b.startFlagged,
    techniqueWeeks: b.techniqueWeeks,
    totalWeeks,
    rows,
  };
}

/** Reads a plan input, adding the belt percent; returns the read values. */
function readPlanWithBelt(input) {
  const v = readPlan(input || {});
  v.beltPercent = isBlank(input && input.beltPercent) ? 80 : input.beltPercent;
  return v;
}

/**
 * The return-to-lift plan, by the rules of calculators.md.
 *
 * `cap` = Floor(weight); `start` = Floor(weight * start / 100), and a start target below the
 * base (bar plus collars) becomes the base with `startFlagged: true`. The first
 * `techniqueWeeks = ceil(technique / spw)` weeks stay at `start` (level 0); week
 * `techniqueWeeks + k` has level k and load Floor(min(cap, start + k * increase)). The plan ends
 * with the first week at `cap`, all its sessions listed; the technique block is always listed
 * whole, even when `start` is already `cap`. Sessions are numbered through the whole plan.
 * Focus: the first `technique` sessions `technique`; then `target` when the load is `cap`,
 * `consolidate` at level 0, else `build`. With `reps`: `belt` on rows at or above `beltPercent`
 * % of Epley(weight, reps) (the typed pre-injury weight).
 *
 * @param {{unit: 'kg'|'lb', bar: number, collar: number, plates: number[],
 *   pairs: null|Object<string, number>, weight: number|string, start: number, technique: number,
 *   spw: number, increase: number, reps: null|number|string, beltPercent: number,
 *   maxLoad: number, ranges?: object}} input weights in the unit (see `validatePlanInput`)
 * @returns {{ok: true, start: number, cap: number, startFlagged: boolean,
 *   techniqueWeeks: number, totalWeeks: number, rows: {week: number, session: number,
 *   load: number, plates: number[], focus: 'technique'|'consolidate'|'build'|'target',
 *   belt: boolean, level: number}[]} | {ok: false, errors: {field: string, code: string}[]}}
 */
export function returnPlan(input) {
  const v = readPlanWithBelt(input);
  if (v.errors.length > 0) {
    return { ok: false, errors: v.errors };
  }
  const b = planBasis(v);
  const rows = [];
  const totalWeeks = Math.max(b.techniqueWeeks, b.techniqueWeeks + b.capLevel);
  for (let week = 1; week <= totalWeeks; week += 1) {
    rows.push(...b.weekRows(week, Math.max(0, week - b.techniqueWeeks)).rows);
  }
  return planResult(b, rows, totalWeeks);
}

// ---------------------------------------------------------------------------------------------
// Check-ins and decisions
// ---------------------------------------------------------------------------------------------

/** A pain score as a number, or null when not given or not a number. */
function painValue(v) {
  const r = readNumber(v);
  return r.code ? null : r.value;
}

/**
 * Checks one session check-in. Pains: blank `empty`, not a number `not_a_number`, outside 0..10
 * `pain_out_of_range` (decimals allowed). `cleanForm` and every red flag's `yes` must be
 * answered (a boolean), else `empty`.
 * Fields: `painDuring`, `painMorning`, `cleanForm`, `redFlags.N` (N from 0).
 * @param {{painDuring: number|string, painMorning: number|string, cleanForm: boolean,
 *   redFlags: {urgency: string, yes: boolean}[]}} checkin one session's answers
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validateCheckin(checkin) {
  const c = checkin || {};
  const errors = [];
  for (const field of ['painDuring', 'painMorning']) {
    const r = readNumber(c[field]);
    if (r.code) {
      errors.push({ field, code: r.code });
    } else if (r.h < PAIN_MIN * 100 || r.h > PAIN_MAX * 100) {
      errors.push({ field, code: PAIN_OUT_OF_RANGE });
    }
  }
  if (typeof c.cleanForm !== 'boolean') {
    errors.push({ field: 'cleanForm', code: EMPTY });
  }
  (Array.isArray(c.redFlags) ? c.redFlags : []).forEach((flag, i) => {
    if (!flag || typeof flag.yes !== 'boolean') {
      errors.push({ field: `redFlags.${i}`, code: EMPTY });
    }
  });
  return errors;
}

/**
 * The decision after one session, first match wins:
 * any red-flag answer yes -> `stop` (`urgent: true` when a yes is an `urgent` item);
 * pain during or next morning above `stepBackAbove` -> `step_back`;
 * form not clean, either pain above `repeatAbove`, or morning pain higher than
 * `previousWeekMorning` (when that is a number) -> `repeat`; otherwise `progress`.
 * Cautious with gaps: a pain left out cannot show "2 or lower", and `cleanForm` other than `true`
 * is not clean, so both give at best `repeat` (validate with `validateCheckin` first).
 * @param {{painDuring: number, painMorning: number, cleanForm: boolean,
 *   redFlags: {urgency: 'urgent'|'see-doctor'|'monitor', yes: boolean}[],
 *   previousWeekMorning: null|number}} checkin one session's answers
 * @param {{stepBackAbove: number, repeatAbove: number}} thresholds pain limits (defaults 5, 2)
 * @returns {{decision: 'stop'|'step_back'|'repeat'|'progress', urgent: boolean}} the decision
 */
export function sessionDecision(checkin, thresholds) {
  const c = checkin || {};
  const t = thresholds || DEFAULT_THRESHOLDS;
  const stepBack = Number.isFinite(t.stepBackAbove) ? t.stepBackAbove : 5;
  const repeat = Number.isFinite(t.repeatAbove) ? t.repeatAbove : 2;
  const flags = Array.isArray(c.redFlags) ? c.redFlags : [];
  const yes = flags.filter((f) => f && f.yes === true);
  if (yes.length > 0) {
    return { decision: 'stop', urgent: yes.some((f) => f.urgency === 'urgent') };
  }
  const during = painValue(c.painDuring);
  const morning = painValue(c.painMorning);
  const pains = [during, morning].filter((p) => p !== null);
  if (pains.some((p) => p > stepBack)) {
    return { decision: 'step_back', urgent: false };
  }
  const previous = painValue(c.previousWeekMorning);
  if (
    c.cleanForm !== true
    || pains.length < 2
    || pains.some((p) => p > repeat)
    || (previous !== null && morning > previous)
  ) {
    return { decision: 'repeat', urgent: false };
  }
  return { decision: 'progress', urgent: false };
}

/**
 * The decision for a week: the worst of its sessions (stop > step_back > repeat > progress).
 * Unknown entries are ignored.
 * @param {('stop'|'step_back'|'repeat'|'progress'|{decision: string})[]} decisions the week's
 *   session decisions, as strings or as `sessionDecision` results
 * @returns {null|'stop'|'step_back'|'repeat'|'progress'} null when there is none
 */
export function weekDecision(decisions) {
  let worst = -1;
  for (const d of Array.isArray(decisions) ? decisions : []) {
    const name = d && typeof d === 'object' ? d.decision : d;
    worst = Math.max(worst, DECISION_ORDER.indexOf(name));
  }
  return worst < 0 ? null : DECISION_ORDER[worst];
}

/**
 * The plan recomputed after the reader's weekly decisions.
 *
 * `weekDecisions[i]` is the decision of week i + 1 (`weekDecision` of its check-ins), or
 * null/missing for a week without one. Week 1 is at level 0 (`start`). After week w:
 * - `progress` or no decision: level + 1 next week once the technique sessions are all done
 *   (w >= techniqueWeeks), else the same level; a week at `cap` ends the plan.
 * - `repeat`: the same level next week (a repeated week at `cap` is listed again).
 * - `step_back`: one level down next week, never below 0; taken at level 0 it stays at 0 and,
 *   when it is the latest decision, `advice` is `'return_to_stage_4'`.
 * - `stop`: the plan ends with that week; `stopped: true`.
 * Weeks after the last decision follow the plan (one level a week) to the first week at `cap`.
 * Decisions after the end of the plan are ignored. Focus, belt and session numbers as
 * `returnPlan`; with no decisions the rows equal `returnPlan`'s.
 * @param {object} input as for `returnPlan`
 * @param {(null|'stop'|'step_back'|'repeat'|'progress')[]} weekDecisions one per week, from week 1
 * @returns {{ok: true, start: number, cap: number, startFlagged: boolean,
 *   techniqueWeeks: number, totalWeeks: number, rows: object[], stopped: boolean,
 *   advice: null|'return_to_stage_4'} | {ok: false, errors: {field: string, code: string}[]}}
 */
export function adjustPlan(input, weekDecisions) {
  const v = readPlanWithBelt(input);
  if (v.errors.length > 0) {
    return { ok: false, errors: v.errors };
  }
  const b = planBasis(v);
  const decisions = Array.isArray(weekDecisions) ? weekDecisions : [];
  const rows = [];
  let level = 0;
  let stopped = false;
  let advice = null;
  let week = 1;
  for (;;) {
    const { rows: weekRows, atCap } = b.weekRows(week, level);
    rows.push(...weekRows);
    const d = week <= decisions.length && DECISION_ORDER.includes(decisions[week - 1])
      ? decisions[week - 1]
      : null;
    if (d !== null) {
      advice = null;
    }
    const techniqueDone = week >= b.techniqueWeeks;
    if (d === 'stop') {
      stopped = true;
      break;
    }
    if (d === 'repeat') {
      week += 1;
      continue;
    }
    if (d === 'step_back') {
      if (level === 0) {
        advice = 'return_to_stage_4';
      }
      level = Math.max(0, level - 1);
      week += 1;
      continue;
    }
    // progress, or no decision: the plan as written.
    if (atCap && techniqueDone) {
      break;
    }
    if (techniqueDone) {
      level = Math.min(level + 1, b.capLevel);
    }
    week += 1;
  }
  const result = planResult(b, rows, week);
  result.stopped = stopped;
  result.advice = advice;
  return result;
}

// @ts-check
/**
 * @file plates.js: plates per side and rounding a target to a loadable weight.
 *
 * Same-unit equipment is exact in integer hundredths. Mixed equipment (kg plates on a lb bar, or
 * lb plates on a kg bar) is exact too: targets and loads are compared as BigInt fractions of a
 * common scale where one hundredth of a kg is 10^8 and one hundredth of a lb is 45359237.
 * Pure: no DOM, no globals.
 */

import { gcd, idiv } from './num.js';

/** One hundredth of each unit on the common exact scale. */
const SCALE = { kg: 100000000n, lb: 45359237n };

/**
 * @typedef {{barH: number, collarH: number, platesH: number[], pairs: null|Object<string, number>,
 *   maxH?: number|null, unit?: 'kg'|'lb', plateUnit?: 'kg'|'lb'}} Equipment
 * Bar, collar and `maxH` in hundredths of `unit`; plates and `pairs` keys in hundredths of
 * `plateUnit` (the same unit when left out).
 */

/**
 * Pairs available of a plate size: unlimited (Infinity) when `pairs` is null.
 * @param {null|undefined|Object<string, number>} pairs
 * @param {number} size
 * @returns {number}
 */
export function pairsOf(pairs, size) {
  if (pairs === null || pairs === undefined) {
    return Infinity;
  }
  const n = Number(pairs[String(size)]);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * Plate sizes that can be used: positive integers, deduplicated, heaviest first, with pairs.
 * @param {number[]} platesH
 * @param {null|undefined|Object<string, number>} pairs
 * @returns {number[]}
 */
function usableSizes(platesH, pairs) {
  const sizes = [];
  for (const p of platesH || []) {
    if (Number.isInteger(p) && p > 0 && !sizes.includes(p) && pairsOf(pairs, p) > 0) {
      sizes.push(p);
    }
  }
  return sizes.sort((a, b) => b - a);
}

/**
 * Plates for one side of the bar, heaviest first, in hundredths.
 *
 * Searches the largest plate first, trying its largest possible count first, and backtracks;
 * the first exact decomposition wins (a limited inventory that plain greedy gets wrong, like
 * 30 lb a side from one pair of 45s, one of 25s and three of 10s, comes out as 10, 10, 10).
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
  const g = new Array(sizes.length + 1).fill(0);
  const cap = new Array(sizes.length + 1).fill(0);
  for (let i = sizes.length - 1; i >= 0; i -= 1) {
    g[i] = gcd(sizes[i], g[i + 1]);
    cap[i] = cap[i + 1] + sizes[i] * avail[i];
  }
  const failed = new Set();
  /** @type {(i: number, rest: number) => number[]|null} */
  const search = (i, rest) => {
    if (rest === 0) {
      return [];
    }
    if (i === sizes.length || rest % g[i] !== 0 || rest > cap[i] || failed.has(i * 1e9 + rest)) {
      return null;
    }
    for (let c = Math.min(idiv(rest, sizes[i]), avail[i]); c >= 0; c -= 1) {
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

/**
 * @typedef {{base: number, pairs: null|Object<string, number>, sizes: number[], unit: number,
 *   maxSide: number, su: bigint, sp: bigint, mixed: boolean}} Prepared
 */

/**
 * The equipment with its derived numbers: base (bar and two collars), plate grid, heaviest side.
 * @param {Equipment} eq
 * @returns {Prepared}
 */
export function prepare(eq) {
  const base = eq.barH + 2 * (eq.collarH || 0);
  const pairs = eq.pairs === undefined ? null : eq.pairs;
  const sizes = usableSizes(eq.platesH, pairs);
  const su = SCALE[eq.unit === 'lb' ? 'lb' : 'kg'];
  const sp = eq.plateUnit ? SCALE[eq.plateUnit === 'lb' ? 'lb' : 'kg'] : su;
  let unit = 0;
  let capacity = 0;
  for (const s of sizes) {
    unit = gcd(unit, s);
    capacity += s * pairsOf(pairs, s);
  }
  const maxH = eq.maxH === undefined || eq.maxH === null ? Infinity : eq.maxH;
  let byMax = Infinity;
  if (maxH !== Infinity) {
    byMax = maxH < base ? 0 : Number((BigInt(maxH - base) * su) / (2n * sp));
  }
  return { base, pairs, sizes, unit, maxSide: Math.min(capacity, byMax), su, sp, mixed: su !== sp };
}

/**
 * Side sums (in multiples of `p.unit`) the plates can make, up to `limit` hundredths: a bounded
 * knapsack, each size used at most its pairs.
 * @param {Prepared} p
 * @param {number} limit
 * @returns {Uint8Array}
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
 * @typedef {{load: number, side: number, plates: number[], alt?: number}} Loaded
 * `load` in hundredths of the unit (cut for mixed equipment, so never above the exact load),
 * `side` the plates on one side in hundredths of the plate unit, `alt` (mixed only) the load in
 * hundredths of the plate unit, cut.
 */

/**
 * The loaded bar for a side sum.
 * @param {Prepared} p
 * @param {number} side
 * @returns {Loaded}
 */
function loaded(p, side) {
  const plates = platesPerSide(side, p.sizes, p.pairs) || [];
  if (!p.mixed) {
    return { load: p.base + 2 * side, side, plates };
  }
  const exact = BigInt(p.base) * p.su + 2n * BigInt(side) * p.sp;
  return { load: Number(exact / p.su), side, plates, alt: Number(exact / p.sp) };
}

/**
 * Floor of a / b for BigInt a and b > 0.
 * @param {bigint} a
 * @param {bigint} b
 * @returns {bigint}
 */
function bigFloor(a, b) {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Rounds the exact target `num / den` hundredths of the unit to a loadable weight.
 * mode 'floor': heaviest loadable <= target; 'nearest': closest, a tie goes to the lighter.
 * Below the base: the base. Never above what the plates owned or the maximum allow.
 * @param {bigint} num
 * @param {bigint} den
 * @param {Equipment} eq
 * @param {'floor'|'nearest'} mode
 * @returns {Loaded}
 */
export function roundExact(num, den, eq, mode) {
  const p = prepare(eq);
  // Side target x = (num / den - base) * su / (2 sp), in hundredths of the plate unit.
  const xNum = (num - BigInt(p.base) * den) * p.su;
  const xDen = 2n * den * p.sp;
  if (xNum <= 0n || p.sizes.length === 0 || p.maxSide <= 0) {
    return loaded(p, 0);
  }
  const fl = bigFloor(xNum, xDen);
  const below = Number(fl < BigInt(p.maxSide) ? fl : BigInt(p.maxSide));
  const ceil = Number(fl) + (fl * xDen === xNum ? 0 : 1);
  const above = Math.min(ceil + p.sizes[0], p.maxSide);
  const ok = reachableSides(p, Math.max(below, above));
  let lo = idiv(below, p.unit);
  while (!ok[lo]) {
    lo -= 1;
  }
  const sLo = lo * p.unit;
  if (mode === 'floor') {
    return loaded(p, sLo);
  }
  for (let hi = Math.ceil(ceil / p.unit); hi * p.unit <= above; hi += 1) {
    if (ok[hi]) {
      const sHi = BigInt(hi * p.unit);
      return sHi * xDen - xNum < xNum - BigInt(sLo) * xDen ? loaded(p, hi * p.unit) : loaded(p, sLo);
    }
  }
  return loaded(p, sLo);
}

/**
 * The exact load of a side sum as a fraction `num / den` of hundredths of the unit.
 * @param {Equipment} eq
 * @param {number} side hundredths of the plate unit
 * @returns {{num: bigint, den: bigint}}
 */
export function exactLoad(eq, side) {
  const p = prepare(eq);
  return { num: BigInt(p.base) * p.su + 2n * BigInt(side) * p.sp, den: p.su };
}

/**
 * The heaviest loadable weight at or below the target ("Floor"). Below the base (bar plus two
 * collars): the base with no plates. Never above `eq.maxH` or what the plates owned can make.
 * @param {number} targetH target, integer hundredths
 * @param {Equipment} eq equipment in hundredths; `pairs` keys are sizes in hundredths
 *   (`{"4500": 1}`), null for unlimited; `maxH` the heaviest load accepted (null: no limit)
 * @returns {{load: number, plates: number[]}} load and plates per side, in hundredths
 */
export function floorLoad(targetH, eq) {
  const r = roundExact(BigInt(Math.floor(targetH)), 1n, eq, 'floor');
  return eq.plateUnit && eq.plateUnit !== eq.unit ? r : { load: r.load, plates: r.plates };
}

/**
 * The loadable weight closest to the target ("Nearest"); an exact tie goes to the lighter one.
 * Below the base: the base with no plates. Never above `eq.maxH` or what the plates can make.
 * @param {number} targetH target, integer hundredths
 * @param {Equipment} eq equipment in hundredths, as for `floorLoad`
 * @returns {{load: number, plates: number[]}} load and plates per side, in hundredths
 */
export function nearestLoad(targetH, eq) {
  const r = roundExact(BigInt(Math.round(targetH)), 1n, eq, 'nearest');
  return eq.plateUnit && eq.plateUnit !== eq.unit ? r : { load: r.load, plates: r.plates };
}

/**
 * Estimated one-rep max by Epley: `w * (1 + reps / 30)`, and `w` itself for a single.
 * @param {number} w weight lifted
 * @param {number} reps reps done with it (1 or more)
 * @returns {number} estimated one-rep max, same unit as `w`
 */
export function epley(w, reps) {
  return reps === 1 ? w : w * (1 + reps / 30);
}

/**
 * Whether `load >= belt% x epley(ref, reps)`, exactly, for exact fractions of hundredths.
 * @param {{num: bigint, den: bigint}} load
 * @param {{num: bigint, den: bigint}} ref
 * @param {number} reps
 * @param {number} beltH belt percent in hundredths (8000)
 * @returns {boolean}
 */
export function beltAt(load, ref, reps, beltH) {
  const lhs = load.num * ref.den * 10000n * 30n;
  const rhs = BigInt(beltH) * ref.num * load.den * BigInt(reps === 1 ? 30 : 30 + reps);
  return lhs >= rhs;
}

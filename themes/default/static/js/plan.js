// @ts-check
/**
 * @file plan.js: the return-to-lift plan and the plan adjusted by weekly decisions
 * (calculators.md, "Return-to-lift plan"). Pure: no DOM, no globals.
 */

import { CODES, cdiv, fromHundredths, isBlank, readNumber, toHundredths, unitOf } from './num.js';
import { beltAt, exactLoad, roundExact } from './plates.js';
import { rangeOf, readBounded, readEquipment, readReps, weightCode } from './inputs.js';

const DEFAULT_INCREASE = { kg: { min: 2.5, max: 5 }, lb: { min: 5, max: 10 } };
const DEFAULT_RANGES = { start: { min: 40, max: 50 }, technique: { min: 2, max: 3 }, spw: { min: 1, max: 2 } };

/**
 * Reads and checks a plan input.
 * @param {any} input
 */
function readPlan(input) {
  /** @type {import('./inputs.js').FieldError[]} */
  const errors = [];
  const { unit, eq, maxH } = readEquipment(input, errors);
  const w = readNumber(input.weight);
  const wCode = weightCode(w, eq, maxH);
  if (wCode) {
    errors.push({ field: 'weight', code: wCode });
  }
  const ranges = input.ranges || {};
  const startRange = rangeOf(ranges, 'start', DEFAULT_RANGES.start);
  const startH = readBounded(input.start, startRange.min, startRange, false, 'start', CODES.START_PCT_OUT_OF_RANGE, errors);
  const techH = readBounded(input.technique, 3, rangeOf(ranges, 'technique', DEFAULT_RANGES.technique), true,
    'technique', CODES.TECHNIQUE_OUT_OF_RANGE, errors);
  const spwH = readBounded(input.spw, 2, rangeOf(ranges, 'spw', DEFAULT_RANGES.spw), true, 'spw',
    CODES.SPW_OUT_OF_RANGE, errors);
  const incRange = rangeOf(ranges, 'increase', DEFAULT_INCREASE[unitOf(unit)]);
  const incH = readBounded(input.increase, incRange.min, incRange, false, 'increase', CODES.INCREASE_OUT_OF_RANGE, errors);
  const reps = readReps(input.reps, errors);
  const beltPercent = isBlank(input.beltPercent) ? 80 : input.beltPercent;
  return {
    errors, eq, weightH: w.h || 0, startH: startH || 0, technique: (techH || 0) / 100,
    spw: (spwH || 0) / 100, incH: incH || 0, reps, beltH: toHundredths(Number(beltPercent)),
  };
}

/**
 * Checks a plan input (see `returnPlan`) and lists every problem, in field order:
 * `bar`, `collar`, `weight`, `start`, `technique`, `spw`, `increase`, `reps`.
 * Codes: weight as `validateWeight`; start (40..50) `start_pct_out_of_range`; technique (whole,
 * 2..3) `technique_out_of_range`; spw (whole, 1..2) `spw_out_of_range`; increase (2.5..5 kg,
 * 5..10 lb) `increase_out_of_range`; reps (optional, whole 1..12) `reps_out_of_range`.
 * Left out: start 40, technique 3, spw 2, increase the unit's minimum.
 * @param {object} input as for `returnPlan`
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validatePlanInput(input) {
  return readPlan(input || {}).errors;
}

/**
 * The fixed numbers of a plan and how to build a week's rows.
 * @param {any} v read input
 */
function planBasis(v) {
  const { eq, weightH } = v;
  const cap = roundExact(BigInt(weightH), 1n, eq, 'floor');
  const base = eq.barH + 2 * eq.collarH;
  const startFlagged = weightH * v.startH < base * 10000;
  const start = roundExact(BigInt(weightH) * BigInt(v.startH), 10000n, eq, 'floor');
  const C = exactLoad(eq, cap.side);
  const S = exactLoad(eq, start.side);
  const techniqueWeeks = cdiv(v.technique, v.spw);
  const inc = BigInt(v.incH) * S.den;
  const capLevel = start.side >= cap.side ? 0 : Number((C.num - S.num + inc - 1n) / inc);
  /** @type {Map<number, import('./plates.js').Loaded>} */
  const loads = new Map();
  /** @param {number} level */
  const loadAt = (level) => {
    if (!loads.has(level)) {
      const t = S.num + BigInt(level) * inc;
      loads.set(level, t >= C.num ? cap : roundExact(t, S.den, eq, 'floor'));
    }
    return /** @type {import('./plates.js').Loaded} */ (loads.get(level));
  };
  const P = { num: BigInt(weightH), den: 1n };
  /** @param {number} week @param {number} level */
  const weekRows = (week, level) => {
    const set = loadAt(level);
    const rows = [];
    for (let i = 1; i <= v.spw; i += 1) {
      const session = (week - 1) * v.spw + i;
      let focus = 'build';
      if (session <= v.technique) {
        focus = 'technique';
      } else if (set.side === cap.side) {
        focus = 'target';
      } else if (level === 0) {
        focus = 'consolidate';
      }
      /** @type {any} */
      const r = {
        week, session, load: fromHundredths(set.load), plates: set.plates.map(fromHundredths), focus,
        belt: v.reps !== null && beltAt(exactLoad(eq, set.side), P, v.reps, v.beltH), level,
      };
      if (set.alt !== undefined) {
        r.alt = fromHundredths(set.alt);
      }
      rows.push(r);
    }
    return { rows, atCap: set.side === cap.side };
  };
  return { cap, start, startFlagged, techniqueWeeks, capLevel, weekRows };
}

/**
 * The plan's fields shared by `returnPlan` and `adjustPlan`.
 * @param {any} b basis
 * @param {any[]} rows
 * @param {number} totalWeeks
 */
function planResult(b, rows, totalWeeks) {
  return {
    ok: true,
    start: fromHundredths(b.start.load),
    cap: fromHundredths(b.cap.load),
    startFlagged: b.startFlagged,
    techniqueWeeks: b.techniqueWeeks,
    totalWeeks,
    rows,
  };
}

/**
 * The return-to-lift plan, by the rules of calculators.md.
 *
 * `cap` = Floor(weight); `start` = Floor(weight * start / 100), a start target below the base
 * becomes the base with `startFlagged: true`. The first `techniqueWeeks = ceil(technique / spw)`
 * weeks stay at `start` (level 0); week `techniqueWeeks + k` has level k and load
 * Floor(min(cap, start + k * increase)). The plan ends with the first week at `cap`. Focus: the
 * first `technique` sessions `technique`; then `target` at `cap` (so every later row when start
 * equals cap), `consolidate` at level 0, else `build`. With `reps`: `belt` on rows at or above
 * `beltPercent` % of Epley(weight, reps), the typed pre-injury weight.
 * @param {any} input weights in the unit (see `validatePlanInput`)
 * @returns {any} `{ok: true, start, cap, startFlagged, techniqueWeeks, totalWeeks, rows}` or
 *   `{ok: false, errors}`
 */
export function returnPlan(input) {
  const v = readPlan(input || {});
  if (v.errors.length > 0 || !v.eq) {
    return { ok: false, errors: v.errors };
  }
  const b = planBasis(v);
  const rows = [];
  const totalWeeks = b.techniqueWeeks + b.capLevel;
  for (let week = 1; week <= totalWeeks; week += 1) {
    rows.push(...b.weekRows(week, Math.max(0, week - b.techniqueWeeks)).rows);
  }
  return planResult(b, rows, totalWeeks);
}

const KNOWN = ['progress', 'repeat', 'step_back', 'pause', 'resume', 'stop'];

/**
 * The level after a week's decision; `end` when the plan ends with that week.
 * @param {string|null} d
 * @param {{level: number, atCap: boolean, techniqueDone: boolean, capLevel: number}} s
 * @returns {{level: number, end: null|'stop'|'pause'|'done', advice: boolean}}
 */
function nextLevel(d, s) {
  if (d === 'stop' || d === 'pause') {
    return { level: s.level, end: d, advice: false };
  }
  if (d === 'repeat' || d === 'resume') {
    return { level: s.level, end: null, advice: false };
  }
  if (d === 'step_back') {
    return { level: Math.max(0, s.level - 1), end: null, advice: s.level === 0 };
  }
  if (s.atCap && s.techniqueDone) {
    return { level: s.level, end: 'done', advice: false };
  }
  return { level: s.techniqueDone ? Math.min(s.level + 1, s.capLevel) : s.level, end: null, advice: false };
}

/**
 * The plan recomputed after the reader's weekly decisions.
 *
 * `weekDecisions[i]` is the decision of week i + 1, or null for a week without one. After a week:
 * `progress` or none: one level up once the technique sessions are done (a week at `cap` ends
 * the plan); `repeat`: the same level; `step_back`: one level down, never below 0 (at 0, when it
 * is the latest decision, `advice` is `'return_to_stage_4'`); `pause`: the plan holds with that
 * week and adds no sessions (`paused: true`) until the reader is cleared, which the caller passes
 * as `resume` (the same level again); `stop`: the plan ends with that week (`stopped: true`).
 * Weeks after the last decision follow the plan to the first week at `cap`.
 * @param {any} input as for `returnPlan`
 * @param {(null|string)[]} weekDecisions one per week, from week 1
 * @returns {any} as `returnPlan`, plus `stopped`, `paused` and `advice`
 */
export function adjustPlan(input, weekDecisions) {
  const v = readPlan(input || {});
  if (v.errors.length > 0 || !v.eq) {
    return { ok: false, errors: v.errors };
  }
  const b = planBasis(v);
  const decisions = Array.isArray(weekDecisions) ? weekDecisions : [];
  const rows = [];
  let level = 0;
  let end = null;
  let advice = null;
  let week = 1;
  for (; end === null; week += 1) {
    const { rows: weekRows, atCap } = b.weekRows(week, level);
    rows.push(...weekRows);
    const raw = week <= decisions.length ? decisions[week - 1] : null;
    const d = raw !== null && KNOWN.includes(raw) ? raw : null;
    const next = nextLevel(d, { level, atCap, techniqueDone: week >= b.techniqueWeeks, capLevel: b.capLevel });
    if (d !== null) {
      advice = next.advice ? 'return_to_stage_4' : null;
    }
    level = next.level;
    end = next.end;
  }
  const result = planResult(b, rows, week - 1);
  return { ...result, stopped: end === 'stop', paused: end === 'pause', advice };
}

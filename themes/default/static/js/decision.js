// @ts-check
/**
 * @file decision.js: the session check-in, its decision and the week's decision, following the
 * four safety tiers of the red-flag data (safety.md; calculators.md, "Session check-in and the
 * decision"). A tier acts by its `planner` effect (`stop`, `pause`, `repeat`), never by its id.
 * Pure: no DOM, no globals.
 */

import { CODES, isBlank, readNumber } from './num.js';

/** Week decisions from best to worst; the worst of a week decides it. */
const ORDER = ['progress', 'repeat', 'step_back', 'pause', 'stop'];
const DEFAULT_THRESHOLDS = { stepBackAbove: 5, repeatAbove: 2 };

/**
 * @typedef {{id: string, heading?: string, action: string, planner: 'stop'|'pause'|'repeat',
 *   ask: 'every-session'|'on-request', emergency?: boolean}} Tier
 * @typedef {{id: string, tier: string, sign?: string, advice: string, question?: string}} Sign
 * @typedef {{tiers: Tier[], signs: Sign[], emergency_numbers?: {label: string, numbers: string[]}[]}} Safety
 * @typedef {{painDuring: unknown, painMorning?: unknown, cleanForm: unknown, anySigns?: unknown,
 *   signs?: string[], previousWeekMorning?: unknown}} Checkin
 */

/**
 * A pain score: whole numbers 0..10 only (2.5 is `pain_out_of_range`).
 * @param {unknown} v
 * @returns {{code: string}|{value: number}}
 */
function readPain(v) {
  const r = readNumber(v);
  if (r.code !== undefined) {
    return { code: r.code };
  }
  if (r.h % 100 !== 0 || r.value !== r.h / 100 || r.h < 0 || r.h > 1000) {
    return { code: CODES.PAIN_OUT_OF_RANGE };
  }
  return { value: r.h / 100 };
}

/**
 * A pain score as a number, or null when not given or not valid.
 * @param {unknown} v
 * @returns {number|null}
 */
function painValue(v) {
  const r = readPain(v);
  return 'value' in r ? r.value : null;
}

/**
 * The signs of the tiers asked every session.
 * @param {Safety|undefined} safety
 * @returns {Sign[]}
 */
export function everySessionSigns(safety) {
  const s = safety || { tiers: [], signs: [] };
  const ids = s.tiers.filter((t) => t.ask === 'every-session').map((t) => t.id);
  return s.signs.filter((sign) => ids.includes(sign.tier));
}

/**
 * Checks one session check-in. `painDuring`: blank `empty`, not a number `not_a_number`, not a
 * whole number 0..10 `pain_out_of_range`. `painMorning` may be left blank (added the next day),
 * else as `painDuring`. `cleanForm` must be a boolean, else `empty`. `anySigns`, the answer to
 * "any of these since your last session?" for the tiers asked every session, must be a boolean
 * (`empty`); when it is true, at least one of those signs must be in `signs` (field `signs`,
 * `empty`).
 * @param {Checkin} checkin one session's answers
 * @param {Safety} [safety] the tiers and signs
 * @returns {{field: string, code: string}[]} empty when valid
 */
export function validateCheckin(checkin, safety) {
  const c = checkin || /** @type {Checkin} */ ({ painDuring: null, cleanForm: null });
  const errors = [];
  const during = readPain(c.painDuring);
  if ('code' in during) {
    errors.push({ field: 'painDuring', code: during.code });
  }
  const morning = isBlank(c.painMorning) ? null : readPain(c.painMorning);
  if (morning && 'code' in morning) {
    errors.push({ field: 'painMorning', code: morning.code });
  }
  if (typeof c.cleanForm !== 'boolean') {
    errors.push({ field: 'cleanForm', code: CODES.EMPTY });
  }
  const group = everySessionSigns(safety);
  if (group.length > 0 && typeof c.anySigns !== 'boolean') {
    errors.push({ field: 'anySigns', code: CODES.EMPTY });
  } else if (c.anySigns === true && !group.some((s) => (c.signs || []).includes(s.id))) {
    errors.push({ field: 'signs', code: CODES.EMPTY });
  }
  return errors;
}

/**
 * The yes signs grouped by tier, in tier order: the first tier with the effect wanted.
 * @param {Safety} safety
 * @param {string[]} yes
 * @param {string} effect
 * @returns {{tier: Tier, signs: Sign[]}|null}
 */
function firstTier(safety, yes, effect) {
  for (const tier of safety.tiers) {
    if (tier.planner !== effect) {
      continue;
    }
    const signs = safety.signs.filter((s) => s.tier === tier.id && yes.includes(s.id));
    if (signs.length > 0) {
      return { tier, signs };
    }
  }
  return null;
}

/**
 * A decision that a tier made.
 * @param {string} decision
 * @param {{tier: Tier, signs: Sign[]}} hit
 * @param {string[]} reasons
 * @param {boolean} awaiting
 */
function byTier(decision, hit, reasons, awaiting) {
  return {
    decision,
    tier: hit.tier.id,
    emergency: hit.tier.emergency === true,
    action: hit.tier.action,
    advice: hit.signs.map((s) => s.advice),
    reasons,
    awaitingMorning: awaiting,
  };
}

/**
 * Why the pains and the form give `step_back` or `repeat`.
 * @param {Checkin} c
 * @param {{stepBackAbove: number, repeatAbove: number}} t
 * @returns {{stepBack: boolean, reasons: string[]}}
 */
function painReasons(c, t) {
  const during = painValue(c.painDuring);
  const morning = painValue(c.painMorning);
  const pains = [during, morning].filter((p) => p !== null);
  const reasons = [];
  if (pains.some((p) => p > t.stepBackAbove)) {
    return { stepBack: true, reasons: ['pain_step_back'] };
  }
  if (c.cleanForm !== true) {
    reasons.push('form');
  }
  if (pains.length === 0) {
    reasons.push('no_pain_score');
  }
  if (pains.some((p) => p > t.repeatAbove)) {
    reasons.push('pain_repeat');
  }
  const previous = painValue(c.previousWeekMorning);
  if (previous !== null && morning !== null && morning > previous) {
    reasons.push('morning_higher');
  }
  return { stepBack: false, reasons };
}

/**
 * The decision after one session, first match wins:
 * a yes in a tier whose effect is `stop` -> `stop` (the first such tier: its action, and
 * `emergency` from the tier); a yes in a `pause` tier -> `pause`; pain above `stepBackAbove` ->
 * `step_back`; form not clean, a pain above `repeatAbove`, morning pain higher than
 * `previousWeekMorning`, or a yes in a `repeat` tier -> `repeat` (with that sign's advice);
 * otherwise `progress`. A missing morning score decides from the other and sets
 * `awaitingMorning`. `reasons` lists why: `sign`, `pain_step_back`, `form`, `pain_repeat`,
 * `morning_higher`, `adjust`.
 * @param {Checkin} checkin one session's answers; `signs` the ids answered yes
 * @param {Safety} safety the tiers and signs, most serious tier first
 * @param {{stepBackAbove: number, repeatAbove: number}} [thresholds] pain limits (5, 2)
 * @returns {{decision: string, tier: string|null, emergency: boolean, action: string|null,
 *   advice: string[], reasons: string[], awaitingMorning: boolean}}
 */
export function sessionDecision(checkin, safety, thresholds) {
  const c = checkin || { painDuring: null, cleanForm: null };
  const s = safety && Array.isArray(safety.tiers) ? safety : { tiers: [], signs: [] };
  const t = { ...DEFAULT_THRESHOLDS, ...(thresholds || {}) };
  const yes = Array.isArray(c.signs) ? c.signs : [];
  const awaiting = isBlank(c.painMorning);
  for (const effect of ['stop', 'pause']) {
    const hit = firstTier(s, yes, effect);
    if (hit) {
      return byTier(effect, hit, ['sign'], awaiting);
    }
  }
  const pain = painReasons(c, t);
  const adjust = firstTier(s, yes, 'repeat');
  const advice = adjust ? adjust.signs.map((x) => x.advice) : [];
  const base = { tier: null, emergency: false, action: null, advice, awaitingMorning: awaiting };
  if (pain.stepBack) {
    return { decision: 'step_back', ...base, reasons: pain.reasons };
  }
  if (adjust) {
    return { ...byTier('repeat', adjust, pain.reasons.concat(['adjust']), awaiting) };
  }
  if (pain.reasons.length > 0) {
    return { decision: 'repeat', ...base, reasons: pain.reasons };
  }
  return { decision: 'progress', ...base, reasons: [] };
}

/**
 * The decision for a week: the worst of its sessions (stop > pause > step_back > repeat >
 * progress). Unknown entries are ignored.
 * @param {(string|{decision: string})[]} decisions the week's session decisions
 * @returns {null|string} null when there is none
 */
export function weekDecision(decisions) {
  let worst = -1;
  for (const d of Array.isArray(decisions) ? decisions : []) {
    const name = d && typeof d === 'object' ? d.decision : d;
    worst = Math.max(worst, ORDER.indexOf(/** @type {string} */ (name)));
  }
  return worst < 0 ? null : ORDER[worst];
}

/**
 * What a revision's check-ins decide: each session's decision, each week's (`pause` becomes
 * `resume` once a clinician cleared the reader that week), and the state of the plan.
 * @param {import('./planlog.js').Revision} rev
 * @param {number} spw sessions per week
 * @param {Safety} safety
 * @param {{stepBackAbove: number, repeatAbove: number}} thresholds
 * @returns {{bySession: Object<string, any>, weekDecisions: (string|null)[], pausedWeek: number|null}}
 */
export function revisionDecisions(rev, spw, safety, thresholds) {
  const sessions = Object.keys(rev.checkins || {}).map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  /** @type {Map<number, number[]>} */
  const mornings = new Map();
  for (const n of sessions) {
    const rec = rev.checkins[String(n)];
    const week = Math.ceil(n / spw);
    if (typeof rec.painMorning === 'number') {
      mornings.set(week, (mornings.get(week) || []).concat([rec.painMorning]));
    }
  }
  /** @type {Object<string, any>} */
  const bySession = {};
  /** @type {Map<number, any[]>} */
  const byWeek = new Map();
  for (const n of sessions) {
    const rec = rev.checkins[String(n)];
    const week = Math.ceil(n / spw);
    const before = mornings.get(week - 1);
    const d = sessionDecision({ ...rec, previousWeekMorning: before ? Math.max(...before) : null }, safety, thresholds);
    bySession[String(n)] = { ...d, week };
    byWeek.set(week, (byWeek.get(week) || []).concat([d]));
  }
  const weeks = byWeek.size === 0 ? 0 : Math.max(...byWeek.keys());
  const weekDecisions = [];
  let pausedWeek = null;
  for (let w = 1; w <= weeks; w += 1) {
    let d = byWeek.has(w) ? weekDecision(byWeek.get(w) || []) : null;
    if (d === 'pause' && rev.cleared && rev.cleared[String(w)]) {
      d = 'resume';
    } else if (d === 'pause' && pausedWeek === null) {
      pausedWeek = w;
    }
    weekDecisions.push(d);
  }
  return { bySession, weekDecisions, pausedWeek };
}

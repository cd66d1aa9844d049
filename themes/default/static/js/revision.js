// @ts-check
/**
 * @file revision.js: a saved plan's revision turned into what the page shows: the loads.js
 * input, the check-ins' decisions, the adjusted plan and its state, and the rows of the CSV
 * export. Loaded with the plan view, not at start: making a plan does not need it.
 */

import { adjustPlan } from './plan.js';
import { revisionDecisions } from './decision.js';
import { sessionDate } from './planlog.js';
import { equipmentInput, fromSnapshot } from './equipment.js';
import { planInput } from './plan-form.js';

/**
 * The plan's state from the adjusted plan.
 * @param {any} plan
 * @returns {'running'|'paused'|'stopped'}
 */
export function planState(plan) {
  return plan.stopped ? 'stopped' : plan.paused ? 'paused' : 'running';
}

/**
 * The pain limits from the data.
 * @param {any} cfg
 */
export function thresholds(cfg) {
  const pain = (cfg.loading && cfg.loading.pain) || {};
  return {
    stepBackAbove: Number.isFinite(pain.step_back_above) ? pain.step_back_above : 5,
    repeatAbove: Number.isFinite(pain.repeat_above) ? pain.repeat_above : 2,
  };
}

/**
 * Everything the page shows for one revision.
 * @param {any} cfg
 * @param {import('./equipment.js').EquipmentState} eqBase the reader's equipment, for the other unit
 * @param {import('./planlog.js').Revision} rev
 */
export function computeRevision(cfg, eqBase, rev) {
  const eq = fromSnapshot(cfg, eqBase, rev.equipment);
  const eqInput = equipmentInput(cfg, eq).input;
  const input = planInput(cfg, rev.inputs, eqInput);
  const spw = Number(rev.inputs.spw) || 2;
  const decided = revisionDecisions(rev, spw, cfg.safety, thresholds(cfg));
  const plan = adjustPlan(input, decided.weekDecisions);
  return { eq, input, spw, decided, plan, state: plan.ok ? planState(plan) : 'running' };
}

/**
 * The session rows of a revision for the CSV export.
 * @param {any} cfg
 * @param {import('./equipment.js').EquipmentState} eqBase
 * @param {import('./planlog.js').Revision} rev
 */
export function csvRows(cfg, eqBase, rev) {
  const m = computeRevision(cfg, eqBase, rev);
  if (!m.plan.ok) {
    return [];
  }
  return m.plan.rows.map((/** @type {any} */ r) => ({
    ...r, unit: m.input.unit, date: sessionDate(rev.startDate, m.spw, r.session, rev.dates),
    decision: m.decided.bySession[String(r.session)]?.decision || '',
  }));
}

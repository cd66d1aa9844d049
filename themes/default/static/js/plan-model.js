// @ts-check
/**
 * @file plan-model.js: a saved plan's revision turned into what the page shows: the loads.js
 * input, the check-ins' decisions, the adjusted plan and its state; and the changes the reader
 * makes to the store (make a plan, a new revision, a check-in, a clearance).
 */

import { adjustPlan } from './plan.js';
import { revisionDecisions, samePlan, sessionDate } from './planlog.js';
import { equipmentInput, fromSnapshot } from './equipment.js';
import { planInput } from './plan-form.js';
import { planState } from './plan-view.js';
import { latest, newId } from './store.js';

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

/**
 * A new revision.
 * @param {number} n
 * @param {Object<string, string>} inputs
 * @param {any} equipment snapshot
 * @param {string} startDate
 * @param {string} created
 * @returns {import('./planlog.js').Revision}
 */
function revision(n, inputs, equipment, startDate, created) {
  return { rev: n, created, startDate, inputs, equipment, dates: {}, checkins: {}, cleared: {} };
}

/**
 * Adds a plan to the store and makes it current; returns its id.
 * @param {import('./planlog.js').Store} store
 * @param {{inputs: Object<string, string>, equipment: any, name: string, startDate: string, today: string}} o
 * @returns {string}
 */
export function addPlan(store, o) {
  const id = newId(store);
  store.plans.push({ id, name: o.name, created: o.today, revisions: [revision(1, o.inputs, o.equipment, o.startDate, o.today)] });
  store.current = id;
  return id;
}

/**
 * Whether changing a plan to these inputs needs a new revision (and so a question first).
 * @param {import('./planlog.js').Plan} plan
 * @param {{inputs: any, equipment: any}} next
 * @returns {boolean}
 */
export function needsRevision(plan, next) {
  return !samePlan(latest(plan), next);
}

/**
 * Changes a plan: a new revision when the inputs or equipment differ (the earlier ones keep their
 * check-ins), else only the name and start date of the latest revision.
 * @param {import('./planlog.js').Plan} plan
 * @param {{inputs: Object<string, string>, equipment: any, name: string, startDate: string, today: string}} o
 */
export function changePlan(plan, o) {
  plan.name = o.name;
  const last = latest(plan);
  if (needsRevision(plan, o)) {
    plan.revisions.push(revision(last.rev + 1, o.inputs, o.equipment, o.startDate, o.today));
  } else {
    last.startDate = o.startDate;
  }
}

/**
 * Records a check-in for a session of the latest revision, keeping when it was first saved.
 * @param {import('./planlog.js').Revision} rev
 * @param {number} session
 * @param {any} rec
 */
export function recordCheckin(rev, session, rec) {
  const old = rev.checkins[String(session)];
  const now = new Date().toISOString();
  const next = { ...rec, recorded: old ? old.recorded : now };
  if (rec.painMorning !== null && (!old || old.painMorning === null)) {
    next.morningRecorded = now;
  } else if (old && old.morningRecorded) {
    next.morningRecorded = old.morningRecorded;
  }
  rev.checkins[String(session)] = next;
}

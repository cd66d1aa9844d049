// @ts-check
/**
 * @file plan-model.js: the changes the reader makes to the store: make a plan, a new revision,
 * a check-in. What a revision shows (its decisions, adjusted plan and state) is revision.js.
 */

import { samePlan } from './planlog.js';
import { latest, newId } from './store.js';

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

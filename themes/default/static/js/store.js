// @ts-check
/**
 * @file store.js: the saved plans in localStorage (`hinge.plans.v1`), read and written whole.
 * Storage can be missing (private mode) or full: the planner then works for the visit only.
 */

import { emptyStore, parseStore } from './planlog.js';

const KEY = 'hinge.plans.v1';

/**
 * The saved plans, or an empty store.
 * @returns {import('./planlog.js').Store}
 */
export function loadStore() {
  try {
    const text = window.localStorage.getItem(KEY);
    if (!text) {
      return emptyStore();
    }
    const r = parseStore(text);
    return r.ok ? r.store : emptyStore();
  } catch (e) {
    return emptyStore();
  }
}

/**
 * Saves the plans; returns false when the browser refused.
 * @param {import('./planlog.js').Store} store
 * @returns {boolean}
 */
export function saveStore(store) {
  try {
    if (store.plans.length === 0) {
      window.localStorage.removeItem(KEY);
    } else {
      window.localStorage.setItem(KEY, JSON.stringify(store));
    }
    return true;
  } catch (e) {
    return false;
  }
}

/**
 * A new plan id, unique within the store.
 * @param {import('./planlog.js').Store} store
 * @returns {string}
 */
export function newId(store) {
  let id = '';
  do {
    id = `p${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  } while (store.plans.some((p) => p.id === id));
  return id;
}

/**
 * The current plan, or null.
 * @param {import('./planlog.js').Store} store
 * @returns {import('./planlog.js').Plan|null}
 */
export function currentPlan(store) {
  return store.plans.find((p) => p.id === store.current) || null;
}

/**
 * The latest revision of a plan.
 * @param {import('./planlog.js').Plan} plan
 * @returns {import('./planlog.js').Revision}
 */
export function latest(plan) {
  return plan.revisions[plan.revisions.length - 1];
}

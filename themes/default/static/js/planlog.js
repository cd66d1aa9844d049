// @ts-check
/**
 * @file planlog.js: the saved plans as data: revisions, dated sessions and check-ins, export to
 * JSON and CSV and import back (what the check-ins decide is `revisionDecisions` in decision.js) (calculators.md, "The plan is a log the reader
 * comes back to"). Check-ins live inside a plan's revision, keyed by session, so a change of
 * inputs (a new revision) can never re-apply them to a different session.
 * Pure: no DOM, no storage, no clock (today's date is passed in).
 */

export const STORE_VERSION = 1;
const DAY = 86400000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @typedef {{painDuring: number, painMorning: number|null, cleanForm: boolean, anySigns: boolean,
 *   signs: string[], recorded: string, morningRecorded?: string}} SavedCheckin
 * @typedef {{rev: number, created: string, startDate: string, inputs: Object<string, string>,
 *   equipment: any, dates: Object<string, string>, checkins: Object<string, SavedCheckin>,
 *   cleared: Object<string, string>}} Revision
 * @typedef {{id: string, name: string, created: string, revisions: Revision[]}} Plan
 * @typedef {{version: number, current: string|null, plans: Plan[]}} Store
 */

/**
 * An empty store.
 * @returns {Store}
 */
export function emptyStore() {
  return { version: STORE_VERSION, current: null, plans: [] };
}

/**
 * A date `n` days after an ISO date (`YYYY-MM-DD`), in UTC so time zones cannot shift it.
 * @param {string} iso
 * @param {number} n
 * @returns {string}
 */
export function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

/**
 * Whole days from `a` to `b` (ISO dates).
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function daysBetween(a, b) {
  const t = (/** @type {string} */ iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / DAY);
}

/**
 * The planned date of a session: week w starts `7 (w - 1)` days after the start date; with two
 * sessions a week the second is 3 days after the first (48-72 hours apart). A date the reader
 * set in `overrides` (by session number) wins.
 * @param {string} startDate ISO date of session 1
 * @param {number} spw sessions per week
 * @param {number} session session number, from 1
 * @param {Object<string, string>} [overrides]
 * @returns {string} ISO date
 */
export function sessionDate(startDate, spw, session, overrides) {
  const own = overrides && overrides[String(session)];
  if (own && ISO_DATE.test(own)) {
    return own;
  }
  const week = Math.ceil(session / spw);
  const index = (session - 1) % spw;
  return addDays(startDate, 7 * (week - 1) + (spw > 1 ? index * Math.floor(7 / spw) : 0));
}

/**
 * The plan week that `today` falls in (1 for the first seven days), or 0 before the start.
 * @param {string} startDate
 * @param {string} today
 * @returns {number}
 */
export function weekOf(startDate, today) {
  const days = daysBetween(startDate, today);
  return days < 0 ? 0 : Math.floor(days / 7) + 1;
}

/**
 * Whether two sets of plan inputs and equipment are the same plan (a new revision is needed
 * when they are not).
 * @param {{inputs: any, equipment: any}} a
 * @param {{inputs: any, equipment: any}} b
 * @returns {boolean}
 */
export function samePlan(a, b) {
  return canonical(a.inputs) === canonical(b.inputs) && canonical(a.equipment) === canonical(b.equipment);
}

/**
 * JSON with sorted keys, for comparisons.
 * @param {unknown} value
 * @returns {string}
 */
function canonical(value) {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const o = /** @type {Object<string, unknown>} */ (value);
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

/**
 * One CSV line (RFC 4180): cells with a comma, quote or line break are quoted.
 * @param {(string|number|null|undefined)[]} cells
 * @returns {string}
 */
export function csvLine(cells) {
  return cells.map((c) => {
    const t = c === null || c === undefined ? '' : String(c);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  }).join(',');
}

/**
 * Checks one revision read from a file.
 * @param {any} r
 * @returns {boolean}
 */
function validRevision(r) {
  return r && Number.isInteger(r.rev) && typeof r.startDate === 'string' && ISO_DATE.test(r.startDate)
    && r.inputs && typeof r.inputs === 'object' && r.equipment && typeof r.equipment === 'object'
    && (r.checkins === undefined || typeof r.checkins === 'object');
}

/**
 * Reads an exported store (the text of a JSON file) back, checking its shape; unknown fields
 * are kept, missing maps are added empty.
 * @param {string} text
 * @returns {{ok: true, store: Store} | {ok: false, error: string}}
 */
export function parseStore(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'not_json' };
  }
  if (!data || data.version !== STORE_VERSION || !Array.isArray(data.plans)) {
    return { ok: false, error: 'not_a_plan_file' };
  }
  for (const p of data.plans) {
    if (!p || typeof p.id !== 'string' || typeof p.name !== 'string' || !Array.isArray(p.revisions)
      || p.revisions.length === 0 || !p.revisions.every(validRevision)) {
      return { ok: false, error: 'not_a_plan_file' };
    }
    for (const r of p.revisions) {
      r.dates = r.dates || {};
      r.checkins = r.checkins || {};
      r.cleared = r.cleared || {};
    }
  }
  const current = data.plans.some((/** @type {Plan} */ p) => p.id === data.current) ? data.current : null;
  return { ok: true, store: { ...data, current: current || (data.plans[0] ? data.plans[0].id : null) } };
}

/**
 * Merges imported plans into a store: a plan with the same id is replaced, the others added;
 * the imported file's current plan becomes current.
 * @param {Store} store
 * @param {Store} imported
 * @returns {Store}
 */
export function mergeStores(store, imported) {
  const ids = imported.plans.map((p) => p.id);
  const plans = store.plans.filter((p) => !ids.includes(p.id)).concat(imported.plans);
  return { ...store, version: STORE_VERSION, plans, current: imported.current || store.current };
}

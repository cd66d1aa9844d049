// @ts-check
/**
 * @file print.js: the plan as printed: one row per week (not per session) with empty boxes to
 * fill in by hand, the equipment, and the emergency and urgent signs at the foot. Hidden on
 * screen; `_print.css` shows it alone when printing, so a 36-week plan fits on 2 A4 pages.
 */

import { bothUnits, h } from './dom.js';
import { sessionDate } from './planlog.js';
import { platesLabel } from './bar.js';
import { emergencyNumbers } from './checkin.js';

/**
 * "29 Dec" for an ISO date.
 * @param {string} iso
 * @returns {string}
 */
function dayMonth(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/**
 * One printed row per week.
 * @param {any} plan
 * @param {any} rev
 * @param {number} spw
 * @param {'kg'|'lb'} unit
 * @param {'kg'|'lb'} plateUnit
 */
function weekRows(plan, rev, spw, unit, plateUnit) {
  /** @type {Map<number, any[]>} */
  const byWeek = new Map();
  for (const r of plan.rows) {
    byWeek.set(r.week, (byWeek.get(r.week) || []).concat([r]));
  }
  return [...byWeek.entries()].map(([week, rows]) => {
    const r = rows[0];
    const dates = rev ? rows.map((x) => dayMonth(sessionDate(rev.startDate, spw, x.session, rev.dates))).join(', ') : '';
    const foci = [...new Set(rows.map((x) => x.focus))].join(', ');
    const boxes = rows.map((x) => h('span', { class: 'calc-print__session' }, [`${x.session} `, h('span', { class: 'calc-print__box', 'aria-hidden': 'true' }), ' / ', h('span', { class: 'calc-print__box', 'aria-hidden': 'true' }), ' ', h('span', { class: 'calc-print__tick', 'aria-hidden': 'true' })]));
    return h('tr', { 'data-print-week': String(week) }, [
      h('th', { scope: 'row', text: String(week) }),
      h('td', { text: dates }),
      h('td', { text: `${bothUnits(r.load, unit, r.alt).main}${r.belt ? ' (belt)' : ''}` }),
      h('td', { text: platesLabel(r.plates, plateUnit) }),
      h('td', { text: foci }),
      h('td', {}, boxes),
    ]);
  });
}

/**
 * The signs of the tiers that stop the plan, most serious first, for the foot of the page.
 * @param {any} safety
 */
function stopSigns(safety) {
  const tiers = safety.tiers.filter((/** @type {any} */ t) => t.planner === 'stop');
  return tiers.map((/** @type {any} */ t) => h('div', { class: 'calc-print__tier' }, [
    h('p', { class: 'calc-print__tier-title' }, [h('strong', { text: `${t.heading}. ` }), t.action]),
    t.emergency ? emergencyNumbers(safety) : null,
    h('ul', {}, safety.signs.filter((/** @type {any} */ s) => s.tier === t.id).map((/** @type {any} */ s) => h('li', { text: s.sign }))),
  ]));
}

/**
 * The print-only plan.
 * @param {{plan: any, rev: any, spw: number, unit: 'kg'|'lb', plateUnit: 'kg'|'lb', name: string,
 *   equipment: string, safety: any}} m
 * @returns {HTMLElement}
 */
export function printPlan(m) {
  return h('section', { class: 'calc-print', 'aria-hidden': 'true' }, [
    h('h2', { class: 'calc-print__title', text: `${m.name}: ${m.plan.totalWeeks} weeks to ${bothUnits(m.plan.cap, m.unit).main}` }),
    h('p', { class: 'calc-print__meta', text: `Equipment: ${m.equipment}. Boxes per session (numbered): pain during / next morning (0–10), then tick if every set looked clean. Progress only with pain at 2 or less; 3–5 repeat; above 5 step back.` }),
    h('table', { class: 'calc-print__table' }, [
      h('thead', {}, [h('tr', {}, ['Week', 'Dates', 'Load', 'Plates per side', 'Focus', 'Sessions'].map((t) => h('th', { scope: 'col', text: t })))]),
      h('tbody', {}, weekRows(m.plan, m.rev, m.spw, m.unit, m.plateUnit)),
    ]),
    h('div', { class: 'calc-print__signs' }, [h('p', {}, [h('strong', { text: 'Stop and get help if you have any of these:' })]), ...stopSigns(m.safety)]),
  ]);
}

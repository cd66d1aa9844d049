// @ts-check
/**
 * @file plan-view.js: the plan on screen: a summary that is honest about time, the state
 * (running, paused until a clinician clears you, stopped), and the session table with dates,
 * "this week", plates, focus, belt, each recorded decision and the check-in buttons.
 */

import { sessionDate, weekOf } from './planlog.js';
import { bothUnits, h, shortDate, withUnit } from './dom.js';
import { platesLabel } from './bar.js';

export const DECISION_LABEL = { stop: 'Stop', pause: 'Paused', step_back: 'Step back', repeat: 'Repeat', progress: 'Progress', resume: 'Cleared' };
const FOCUS_LABEL = { technique: 'Technique', consolidate: 'Consolidate', build: 'Build', target: 'Target' };

/**
 * @typedef {{plan: any, rev: import('./planlog.js').Revision|null, decided: any, unit: 'kg'|'lb',
 *   plateUnit: 'kg'|'lb', spw: number, today: string, readOnly: boolean, state: string,
 *   onCheckin: (session: number) => void}} ViewModel
 */

/**
 * The summary above the table.
 * @param {ViewModel} m
 */
export function planSummary(m) {
  const p = m.plan;
  const start = bothUnits(p.start, m.unit);
  const cap = bothUnits(p.cap, m.unit);
  const items = [
    h('p', { class: 'calc-plan-summary__weeks' }, [
      h('strong', { text: `${p.totalWeeks} weeks` }),
      ` from ${start.main} (${start.other}) to ${cap.main} (${cap.other}), ${m.spw} session${m.spw === 1 ? '' : 's'} a week.`,
    ]),
  ];
  if (p.startFlagged) {
    items.push(h('p', { class: 'calc-notice', text: `Your starting percent is below the bar, so the plan starts with the empty bar (${withUnit(p.start, m.unit)}).` }));
  }
  if (m.rev) {
    const week = weekOf(m.rev.startDate, m.today);
    items.push(h('p', { class: 'calc-hint', text: week === 0 ? `The first session is on ${shortDate(m.rev.startDate)}.` : `Started ${shortDate(m.rev.startDate)}: this is week ${week}.` }));
  }
  if (p.advice === 'return_to_stage_4') {
    items.push(h('p', { class: 'calc-decision calc-decision--step_back', text: 'You are already at the starting load: go back to stage 4 of the protocol until the pain settles.' }));
  }
  return h('div', { class: 'calc-plan-summary' }, items);
}

/**
 * The check-in cell of a row: the decision, "add tomorrow's score", or a check-in button.
 * @param {ViewModel} m
 * @param {any} r row
 * @param {number|null} next the next session to check in
 */
function checkinCell(m, r, next) {
  if (m.readOnly || !m.rev) {
    return null;
  }
  const d = m.decided.bySession[String(r.session)];
  const button = (/** @type {string} */ text, /** @type {string} */ cls) => {
    const b = h('button', { class: `calc-button calc-button--small ${cls}`, type: 'button', text, 'data-session': String(r.session) });
    b.addEventListener('click', () => m.onCheckin(r.session));
    return b;
  };
  if (d) {
    return h('span', { class: 'calc-col-checkin' }, [
      h('span', { class: `calc-tag calc-tag--${d.decision}`, text: d.emergency ? 'Stop: emergency' : /** @type {any} */ (DECISION_LABEL)[d.decision] }),
      d.awaitingMorning ? button('Add tomorrow\'s score', 'calc-button--link') : null,
    ]);
  }
  return next === r.session && m.state === 'running' ? h('span', { class: 'calc-col-checkin' }, [button('Check in', '')]) : null;
}

/**
 * One session row.
 * @param {ViewModel} m
 * @param {any} r
 * @param {boolean} first first row of its week
 * @param {number} thisWeek
 * @param {number|null} next
 */
function sessionRow(m, r, first, thisWeek, next) {
  const d = m.rev ? m.decided.bySession[String(r.session)] : null;
  const date = m.rev ? sessionDate(m.rev.startDate, m.spw, r.session, m.rev.dates) : null;
  const load = bothUnits(r.load, m.unit, r.alt);
  return h('tr', {
    class: [`calc-plan__row--${r.focus}`, first ? 'calc-plan__row--week-start' : 'calc-plan__row--follow', r.week === thisWeek ? 'calc-plan__row--now' : ''].join(' ').trim(),
    'data-week': String(r.week), 'data-session': String(r.session), 'data-load': String(r.load), 'data-plates': r.plates.join(','),
    'data-focus': r.focus, 'data-belt': r.belt ? 'true' : null, 'data-decision': d ? d.decision : null, 'data-date': date,
    'data-this-week': r.week === thisWeek ? 'true' : null,
  }, [
    h('th', { scope: 'row', class: 'calc-num' }, [String(r.week)]),
    h('td', { class: 'calc-num' }, [String(r.session), date ? h('span', { class: 'calc-sub calc-date', text: shortDate(date) }) : null]),
    h('td', {}, [h('span', { class: 'calc-load', text: load.main }), h('span', { class: 'calc-sub', text: `${load.other} · ${platesLabel(r.plates, m.plateUnit)}` })]),
    h('td', {}, [
      h('span', { class: `calc-focus calc-focus--${r.focus}`, text: /** @type {any} */ (FOCUS_LABEL)[r.focus] }),
      r.belt ? h('span', { class: 'calc-tag calc-tag--belt', text: 'Belt' }) : null,
      checkinCell(m, r, next),
    ]),
  ]);
}

/**
 * The session table, with `data-state` on the table.
 * @param {ViewModel} m
 * @returns {HTMLElement}
 */
export function planTable(m) {
  const thisWeek = m.rev ? weekOf(m.rev.startDate, m.today) : 0;
  const nextRow = m.plan.rows.find((/** @type {any} */ r) => !m.decided.bySession[String(r.session)]);
  const next = nextRow ? nextRow.session : null;
  const body = h('tbody', {});
  let week = 0;
  for (const r of m.plan.rows) {
    if (r.week === thisWeek && r.week !== week) {
      body.append(h('tr', { class: 'calc-plan__now' }, [h('td', { colspan: '4' }, [h('strong', { text: `This week: week ${r.week}` })])]));
    }
    body.append(sessionRow(m, r, r.week !== week, thisWeek, next));
    week = r.week;
  }
  const head = h('thead', {}, [h('tr', {}, [
    h('th', { scope: 'col', text: 'Week' }), h('th', { scope: 'col', text: 'Session' }),
    h('th', { scope: 'col' }, ['Load', h('span', { class: 'calc-sub', text: 'plates per side' })]), h('th', { scope: 'col', text: 'Focus' }),
  ])]);
  return h('div', { class: 'calc-table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Return-to-lift plan' }, [
    h('table', { class: 'calc-table calc-plan', 'data-state': m.state }, [
      h('caption', { text: `Your return-to-lift plan, ${m.plan.totalWeeks} weeks, plates per side of the bar` }),
      head, body,
    ]),
  ]);
}

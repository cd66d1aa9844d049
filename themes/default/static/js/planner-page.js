// @ts-check
/**
 * @file planner-page.js: the planner's two views of a plan: a saved plan (check-in, decision,
 * table, chart, change form, history, print) and a shared link (read-only, "save as my plan").
 * planner.js imports it with `import()` the first time it shows a plan, so a reader who has not
 * made one yet loads only the form.
 */

import { sessionDate } from './planlog.js';
import { bothUnits, h, shortDate, today } from './dom.js';
import { current, equipmentSummary, snapshot } from './equipment.js';
import { planForm } from './plan-form.js';
import { addPlan, recordCheckin } from './plan-model.js';
import { computeRevision } from './revision.js';
import { planSummary, planTable } from './plan-view.js';
import { checkinPanel } from './checkin.js';
import { decisionPanel } from './decision-view.js';
import { planChart } from './chart.js';
import { printPlan } from './print.js';
import { latest, saveStore } from './store.js';

/**
 * The session that decided a stopped or paused plan, and its decision.
 * @param {any} m computed revision
 * @returns {[number, any]|null}
 */
function decidingSession(m) {
  const entries = Object.entries(m.decided.bySession).map(([k, d]) => /** @type {[number, any]} */ ([Number(k), d]));
  const hit = entries.reverse().find(([, d]) => d.decision === m.state.replace('stopped', 'stop').replace('paused', 'pause'));
  return hit || null;
}

/**
 * The decision panel for a session of the latest revision.
 * @param {any} app
 * @param {import('./planlog.js').Plan} plan
 * @param {any} m
 * @param {number} session
 */
function panelFor(app, plan, m, session) {
  const d = m.decided.bySession[String(session)];
  if (!d) {
    return null;
  }
  const rev = latest(plan);
  const row = m.plan.rows.find((/** @type {any} */ r) => r.session === session);
  const cleared = rev.cleared[String(d.week)] || null;
  return decisionPanel(d, app.cfg.safety, {
    increase: Number(String(rev.inputs.increase).replace(',', '.')), unit: m.input.unit, atStart: Boolean(row && row.level === 0),
    inTechnique: Boolean(row && row.week < m.plan.techniqueWeeks), cleared,
    onCleared: () => {
      rev.cleared[String(d.week)] = today();
      saveStore(app.store);
      app.render();
    },
  });
}

/**
 * The check-in panel for the chosen (or next) session.
 * @param {any} app
 * @param {import('./planlog.js').Plan} plan
 * @param {any} m
 */
function checkinFor(app, plan, m) {
  const rev = latest(plan);
  const open = m.plan.rows.find((/** @type {any} */ r) => !rev.checkins[String(r.session)]);
  const done = Object.keys(rev.checkins).map(Number).sort((a, b) => b - a)[0];
  const waiting = done && rev.checkins[String(done)].painMorning === null
    && sessionDate(rev.startDate, m.spw, done, rev.dates) < today() ? done : null;
  const session = app.checkinSession ?? waiting ?? (open ? open.session : null);
  const row = m.plan.rows.find((/** @type {any} */ r) => r.session === session);
  if (!row || (m.state !== 'running' && app.checkinSession === null)) {
    return null;
  }
  const panel = checkinPanel(`${app.c.id}-checkin`, app.cfg.safety, (n, rec, day) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && day !== sessionDate(rev.startDate, m.spw, n, {})) {
      rev.dates[String(n)] = day;
    }
    recordCheckin(rev, n, rec);
    saveStore(app.store);
    app.checkinSession = null;
    app.lastSaved = n;
    app.render();
    app.main.querySelector('[data-decision].calc-decision')?.focus();
  });
  const date = sessionDate(rev.startDate, m.spw, row.session, rev.dates);
  panel.show(row.session, `Check in: session ${row.session}, week ${row.week}, ${shortDate(date)}, ${bothUnits(row.load, m.input.unit, row.alt).main}`, rev.checkins[String(row.session)] || null, date);
  return panel;
}

/**
 * The earlier revisions with their check-ins, kept as history.
 * @param {import('./planlog.js').Plan} plan
 */
function history(plan) {
  const old = plan.revisions.slice(0, -1);
  if (old.length === 0) {
    return null;
  }
  return h('details', { class: 'calc-history' }, [
    h('summary', { text: `Earlier revisions of this plan (${old.length})` }),
    h('ul', {}, old.map((r) => {
      const n = Object.keys(r.checkins).length;
      const i = r.inputs;
      return h('li', { 'data-revision': String(r.rev) }, [
        `Revision ${r.rev}, from ${shortDate(r.startDate)}: ${i.weight} ${r.equipment.unit}, ${i.spw} session${i.spw === '1' ? '' : 's'} a week, `
        + `${i.start}% start, +${i.increase} ${r.equipment.unit} a week; ${n} check-in${n === 1 ? '' : 's'} kept.`,
      ]);
    })),
  ]);
}

/**
 * The heading, the summary and the state of the plan.
 * @param {any} app
 * @param {import('./planlog.js').Plan} plan
 * @param {any} m
 */
function planHead(app, plan, m) {
  const rev = latest(plan);
  const head = h('h3', { class: 'calc-plan-title', tabindex: '-1', text: plan.name });
  const parts = [head, rev.rev > 1 ? h('p', { class: 'calc-hint', text: `Revision ${rev.rev}, since ${shortDate(rev.startDate)}.` }) : null];
  parts.push(planSummary({ plan: m.plan, rev, decided: m.decided, unit: m.input.unit, plateUnit: current(m.eq).plateUnit, spw: m.spw, today: today(), readOnly: false, state: m.state, onCheckin: () => {} }));
  const deciding = m.state === 'running' ? null : decidingSession(m);
  if (deciding) {
    parts.push(h('div', { class: 'calc-state', 'data-plan-state': m.state }, [panelFor(app, plan, m, deciding[0])]));
  } else if (app.lastSaved) {
    parts.push(panelFor(app, plan, m, app.lastSaved));
  }
  return parts;
}

/**
 * The saved plan's page.
 * @param {any} app
 * @param {import('./planlog.js').Plan} plan
 */
export function planPage(app, plan) {
  const rev = latest(plan);
  const m = computeRevision(app.cfg, app.c.eq, rev);
  const edit = planForm(app.c, {
    values: rev.inputs, name: plan.name, startDate: rev.startDate, submitText: 'Change this plan',
    onChange: () => {}, onSubmit: (values, name, startDate) => app.change(values, name, startDate, edit.form),
  });
  const editBox = h('details', { class: 'calc-edit' }, [h('summary', { text: 'Change this plan' }), edit.form]);
  if (!m.plan.ok) {
    app.main.replaceChildren(h('p', { class: 'calc-notice', text: 'This saved plan no longer fits the planner\'s rules. Change it below.' }), editBox);
    editBox.setAttribute('open', '');
    return;
  }
  const view = { plan: m.plan, rev, decided: m.decided, unit: m.input.unit, plateUnit: current(m.eq).plateUnit, spw: m.spw, today: today(), readOnly: false, state: m.state,
    onCheckin: (/** @type {number} */ session) => {
      app.checkinSession = session;
      app.lastSaved = null;
      app.render();
      app.main.querySelector('.calc-checkin input')?.focus();
    } };
  const checkin = checkinFor(app, plan, m);
  const del = h('button', { class: 'calc-button calc-button--warning', type: 'button', 'data-action': 'delete-plan', text: `Delete "${plan.name}"` });
  del.addEventListener('click', () => app.ask(`Delete the plan "${plan.name}" and its ${Object.keys(rev.checkins).length} check-ins from this browser?`, 'Yes, delete it', () => app.remove(plan.id), /** @type {HTMLElement} */ (del.parentElement)));
  const print = h('button', { class: 'calc-button calc-button--secondary', type: 'button', 'data-action': 'print', text: 'Print the plan' });
  print.addEventListener('click', () => window.print());
  app.main.replaceChildren(...[
    ...planHead(app, plan, m), checkin ? checkin.root : null, planTable(view), planChart(m.plan, rev, m.input.unit),
    h('div', { class: 'calc-tools' }, [print]), editBox, history(plan), h('div', { class: 'calc-tools' }, [del]),
    printPlan({ plan: m.plan, rev, spw: m.spw, unit: m.input.unit, plateUnit: current(m.eq).plateUnit, name: plan.name, equipment: equipmentSummary(app.cfg, m.eq), safety: app.cfg.safety }),
  ].filter(Boolean));
}

/**
 * A plan opened from a shared link: read-only, with "save as my plan".
 * @param {any} app
 */
export function sharedPage(app) {
  const c = app.c;
  const rev = { rev: 1, created: today(), startDate: today(), inputs: app.values, equipment: snapshot(app.cfg, c.eq), dates: {}, checkins: {}, cleared: {} };
  const m = computeRevision(app.cfg, c.eq, rev);
  const edit = planForm(c, { values: app.values, name: 'Deadlift', startDate: today(), submitText: 'Save as my plan',
    onChange: () => {}, onSubmit: (values, name, startDate) => app.save(values, name, startDate) });
  if (!m.plan.ok) {
    edit.validator.submit();
    app.main.replaceChildren(h('p', { class: 'calc-notice', text: 'This link has answers the planner cannot use. Correct them to see the plan.' }), edit.form);
    return;
  }
  const save = h('button', { class: 'calc-button', type: 'button', 'data-action': 'save-shared', text: 'Save as my plan' });
  save.addEventListener('click', () => app.save(app.values, 'Deadlift', today()));
  const view = { plan: m.plan, rev: null, decided: m.decided, unit: m.input.unit, plateUnit: current(m.eq).plateUnit, spw: m.spw, today: today(), readOnly: true, state: m.state, onCheckin: () => {} };
  app.main.replaceChildren(
    h('div', { class: 'calc-shared', role: 'status' }, [
      h('p', {}, [h('strong', { text: 'A shared plan, read-only.' }), ' It is not saved in this browser. Save it to date your sessions and check in after each one.']),
      save,
    ]),
    planSummary(view), planTable(view),
    h('details', { class: 'calc-edit' }, [h('summary', { text: 'Change the numbers before saving' }), edit.form]),
    printPlan({ plan: m.plan, rev: null, spw: m.spw, unit: m.input.unit, plateUnit: current(m.eq).plateUnit, name: 'Return-to-lift plan', equipment: equipmentSummary(app.cfg, m.eq), safety: app.cfg.safety }),
  );
}

/**
 * Saves a shared plan as the reader's own.
 * @param {any} app
 * @param {Object<string, string>} values
 * @param {string} name
 * @param {string} startDate
 */
export function saveShared(app, values, name, startDate) {
  addPlan(app.store, { inputs: values, equipment: snapshot(app.cfg, app.c.eq), name, startDate, today: today() });
  saveStore(app.store);
  app.mode = 'plan';
  app.render();
}

// @ts-check
/**
 * @file planner.js: the return-to-lift planner as a log the reader keeps for months. A plan is
 * saved in localStorage the moment it is made; several named plans can be kept, switched and
 * deleted (`data-plan`); a shared link opens read-only with "save as my plan"; changing a saved
 * plan asks first and starts a new revision that keeps the earlier check-ins.
 *
 * At start it loads only what the form needs. The plan view (planner-page.js: check-in, decision,
 * chart, print) and the red-flag data it asks about (`data-safety` on the mount) load with
 * `import()` and `fetch` the first time a plan is shown; export and import (transfer.js) when
 * the reader opens them. The service worker precaches all of them, so they load offline too.
 */

import { h, syncQuery, today } from './dom.js';
import { equipmentQuery, fromSnapshot, snapshot } from './equipment.js';
import { makeContext } from './shell.js';
import { PLAN_KEYS, planForm, planRanges } from './plan-form.js';
import { addPlan, changePlan, needsRevision } from './plan-model.js';
import { currentPlan, latest, loadStore, saveStore } from './store.js';
import { emptyStore, mergeStores } from './planlog.js';

/**
 * @typedef {{c: import('./shell.js').Context, cfg: any, store: import('./planlog.js').Store,
 *   mode: 'plan'|'new'|'shared', values: Object<string, string>, mount: HTMLElement,
 *   main: HTMLElement, list: HTMLElement, confirm: HTMLElement, checkinSession: number|null,
 *   render: () => Promise<void>, savedOk: boolean, lastSaved: number|null,
 *   views: any, loading: Promise<any>|null,
 *   ask: (text: string, yes: string, run: () => void, anchor?: HTMLElement) => void,
 *   change: (values: Object<string, string>, name: string, startDate: string, anchor?: HTMLElement) => void,
 *   save: (values: Object<string, string>, name: string, startDate: string) => void, remove: (id: string) => void}} App
 */

/**
 * The plan inputs in the URL query, or the data's defaults.
 * @param {any} cfg
 * @param {URLSearchParams} q
 * @param {'kg'|'lb'} unit
 * @returns {Object<string, string>}
 */
function valuesFromQuery(cfg, q, unit) {
  const r = planRanges(cfg, unit);
  const d = { weight: '', start: String(r.start.default), technique: String(r.technique.default), spw: String(r.spw.default), increase: String(r.increase.default), reps: '' };
  /** @type {Object<string, string>} */
  const v = { ...d };
  for (const k of PLAN_KEYS) {
    const x = q.get(k);
    if (x !== null) {
      v[k] = x;
    }
  }
  return v;
}

/**
 * Saves the store, noting when the browser refused.
 * @param {App} app
 */
function persist(app) {
  app.savedOk = saveStore(app.store);
}

/**
 * Asks a question inline; `yes` runs on confirmation.
 * @param {App} app
 * @param {string} text
 * @param {string} yesText
 * @param {() => void} yes
 * @param {HTMLElement} [anchor] the question appears right after it, where the reader is
 */
export function ask(app, text, yesText, yes, anchor) {
  const y = h('button', { class: 'calc-button calc-button--warning', type: 'button', 'data-action': 'confirm-yes', text: yesText });
  const n = h('button', { class: 'calc-button calc-button--secondary', type: 'button', 'data-action': 'confirm-no', text: 'Cancel' });
  app.confirm.replaceChildren(h('p', { text }), y, n);
  app.confirm.hidden = false;
  if (anchor) {
    anchor.after(app.confirm);
  }
  y.addEventListener('click', () => {
    app.confirm.hidden = true;
    yes();
  });
  n.addEventListener('click', () => {
    app.confirm.hidden = true;
  });
  y.focus();
}

/**
 * The list of saved plans (`data-plan`), with "new plan".
 * @param {App} app
 */
function renderList(app) {
  const items = app.store.plans.map((p) => {
    const current = p.id === app.store.current && app.mode === 'plan';
    const b = h('button', { class: `calc-plan-tab${current ? ' calc-plan-tab--current' : ''}`, type: 'button', 'aria-pressed': String(current), text: p.name });
    b.addEventListener('click', () => {
      app.store.current = p.id;
      app.mode = 'plan';
      app.checkinSession = null;
      persist(app);
      app.render();
    });
    return h('li', { 'data-plan': p.id }, [b]);
  });
  const add = h('button', { class: 'calc-plan-tab calc-plan-tab--new', type: 'button', 'data-action': 'new-plan', text: '+ New plan' });
  add.addEventListener('click', () => {
    app.mode = 'new';
    app.values = valuesFromQuery(app.cfg, new URLSearchParams(), app.c.eq.unit);
    app.render();
    /** @type {HTMLElement|null} */ (app.main.querySelector('input[name=weight]'))?.focus();
  });
  app.list.replaceChildren(...(items.length ? [h('ul', { class: 'calc-plans', 'aria-label': 'Your saved plans' }, items.concat([h('li', {}, [add])]))] : []));
}

/**
 * The form to make a new plan.
 * @param {App} app
 */
function renderNew(app) {
  const c = app.c;
  const n = app.store.plans.length;
  const form = planForm(c, {
    values: app.values, name: n === 0 ? 'Deadlift' : `Plan ${n + 1}`, startDate: today(), submitText: 'Make my plan',
    onChange: () => syncQuery({ ...equipmentQuery(app.cfg, c.eq), ...form.values }),
    onSubmit: (values, name, startDate) => {
      addPlan(app.store, { inputs: values, equipment: snapshot(app.cfg, c.eq), name, startDate, today: today() });
      persist(app);
      app.mode = 'plan';
      app.render().then(() => /** @type {HTMLElement|null} */ (app.main.querySelector('h3'))?.focus());
    },
  });
  app.main.replaceChildren(
    h('p', { class: 'calc-hint', text: 'Your plan is saved in this browser as soon as you make it, with every check-in you record.' }),
    form.form,
  );
}

/**
 * Changes the current plan from the edit form, asking first when it needs a new revision.
 * @param {App} app
 * @param {Object<string, string>} values
 * @param {string} name
 * @param {string} startDate
 * @param {HTMLElement} [anchor]
 */
export function submitChange(app, values, name, startDate, anchor) {
  const plan = currentPlan(app.store);
  if (!plan) {
    return;
  }
  const next = { inputs: values, equipment: snapshot(app.cfg, app.c.eq), name, startDate, today: today() };
  const apply = () => {
    changePlan(plan, next);
    persist(app);
    app.checkinSession = null;
    app.render();
  };
  if (!needsRevision(plan, next)) {
    apply();
    return;
  }
  const count = Object.keys(latest(plan).checkins).length;
  ask(app, `Changing the inputs starts revision ${latest(plan).rev + 1} of "${plan.name}", with new session numbers from ${startDate}. `
    + `Your ${count} check-in${count === 1 ? '' : 's'} stay with revision ${latest(plan).rev} in the plan's history and are never applied to the new sessions.`,
  'Yes, start a new revision', apply, anchor);
}

/**
 * Deletes a plan; the next one (if any) becomes current.
 * @param {App} app
 * @param {string} id
 */
function removePlan(app, id) {
  app.store.plans = app.store.plans.filter((p) => p.id !== id);
  app.store.current = app.store.plans[0] ? app.store.plans[0].id : null;
  persist(app);
  app.mode = app.store.current ? 'plan' : 'new';
  app.lastSaved = null;
  app.render();
}

/**
 * The plan view and the red-flag data its check-in asks about, loaded once; on failure the next
 * call tries again.
 * @param {App} app
 * @returns {Promise<any>}
 */
function planViews(app) {
  if (!app.loading) {
    const url = app.mount.dataset.safety;
    const safety = url ? fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status))))) : null;
    app.loading = Promise.all([import('./planner-page.js'), safety]).then(([views, data]) => {
      app.cfg.safety = data || app.cfg.safety;
      app.views = views;
      return views;
    }, (e) => {
      app.loading = null;
      throw e;
    });
  }
  return app.loading;
}

/**
 * Shows the current mode; a plan waits for the plan view the first time.
 * @param {App} app
 * @returns {Promise<void>}
 */
function render(app) {
  const plan = currentPlan(app.store);
  if (app.mode === 'new' || (app.mode === 'plan' && !plan) || app.views) {
    showMode(app, plan);
    return Promise.resolve();
  }
  app.main.replaceChildren(h('p', { class: 'calc-hint', role: 'status', text: 'Opening the plan…' }));
  return planViews(app).then(() => showMode(app, currentPlan(app.store)), () => {
    app.main.replaceChildren(h('p', { class: 'calc-notice', role: 'alert', text: 'The planner could not load the plan. Check your connection, then reload the page.' }));
  });
}

/**
 * Shows the current mode, the plan view being loaded if a plan is shown.
 * @param {App} app
 * @param {import('./planlog.js').Plan|null} plan
 */
function showMode(app, plan) {
  renderList(app);
  app.confirm.hidden = true;
  app.mount.insertBefore(app.confirm, app.main);
  if (app.mode === 'plan' && plan) {
    const rev = latest(plan);
    app.c.eq = fromSnapshot(app.cfg, app.c.eq, rev.equipment);
    syncQuery({ ...equipmentQuery(app.cfg, app.c.eq), ...rev.inputs, empty: null });
    app.views.planPage(app, plan);
  } else if (app.mode === 'shared') {
    app.views.sharedPage(app);
  } else {
    app.mode = 'new';
    renderNew(app);
  }
  if (!app.savedOk) {
    app.main.prepend(h('p', { class: 'calc-notice', role: 'alert', text: 'This browser did not let the planner save. Export your plan to keep it.' }));
  }
}

/**
 * Export, import and delete, loaded when the reader opens them (CSV rows need the plan view's
 * red-flag data too).
 * @param {App} app
 */
function transferBox(app) {
  const box = /** @type {HTMLDetailsElement} */ (h('details', { class: 'calc-transfer-box' }, [h('summary', { text: 'Export, import or delete your plans' })]));
  box.addEventListener('toggle', () => {
    if (!box.open || box.childElementCount > 1) {
      return;
    }
    Promise.all([import('./transfer.js'), import('./revision.js'), planViews(app)]).then(([t, r]) => {
      box.append(t.transferTools(app.c.id, {
        store: () => app.store,
        csv: () => t.csvText(app.store, (_plan, rev) => r.csvRows(app.cfg, app.c.eq, rev)),
        onImport: (imported) => {
          app.store = mergeStores(app.store, imported);
          persist(app);
          app.mode = 'plan';
          app.render();
        },
        onClear: () => {
          app.store = emptyStore();
          persist(app);
          app.mode = 'new';
          app.render();
        },
      }));
    }, () => box.append(h('p', { class: 'calc-notice', role: 'alert', text: 'Export and import could not load. Check your connection, then reload the page.' })));
  });
  return box;
}

/**
 * The mode on load: a shared link that matches no saved plan opens read-only; otherwise the
 * saved current plan; otherwise the form.
 * @param {App} app
 */
function initialMode(app) {
  const q = app.c.query;
  if (q.has('weight')) {
    const next = { inputs: app.values, equipment: snapshot(app.cfg, app.c.eq) };
    const match = app.store.plans.find((p) => !needsRevision(p, next));
    if (match) {
      app.store.current = match.id;
      return 'plan';
    }
    return 'shared';
  }
  return currentPlan(app.store) ? 'plan' : 'new';
}

/**
 * Builds and wires the return-to-lift planner.
 * @param {HTMLElement} section
 * @param {HTMLElement} mount
 * @param {any} cfg
 */
export function planCalculator(section, mount, cfg) {
  const c = makeContext(section, cfg, 'return-plan');
  cfg.safety = cfg.safety || { tiers: [], signs: [], emergency_numbers: [] };
  /** @type {App} */
  const app = {
    c, cfg, store: loadStore(), mode: 'new', values: valuesFromQuery(cfg, c.query, c.eq.unit), mount, checkinSession: null,
    main: h('div', { class: 'calc-planner__main' }), list: h('nav', { class: 'calc-planner__list', 'aria-label': 'Saved plans' }),
    confirm: h('div', { class: 'calc-confirm', role: 'alertdialog', 'aria-label': 'Please confirm', hidden: true }), render: () => render(app), savedOk: true,
    lastSaved: null, ask: (text, yes, run, anchor) => ask(app, text, yes, run, anchor), change: (v, n, d, a) => submitChange(app, v, n, d, a),
    save: (v, n, d) => app.views.saveShared(app, v, n, d), remove: (id) => removePlan(app, id), views: null, loading: null,
  };
  app.mode = initialMode(app);
  mount.replaceChildren(app.list, app.confirm, app.main, transferBox(app));
  app.render();
  return { app };
}

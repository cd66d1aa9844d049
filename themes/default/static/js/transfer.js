// @ts-check
/**
 * @file transfer.js: the saved plans in and out of the browser: export as JSON (the whole store,
 * to import back unchanged) or CSV (one line per session, for spreadsheets), import a JSON file,
 * and clear everything after asking. Nothing leaves the device: files are made in the page.
 */

import { csvLine, parseStore } from './planlog.js';
import { download, h, today } from './dom.js';

/**
 * The CSV text of every plan's sessions.
 * @param {import('./planlog.js').Store} store
 * @param {(plan: import('./planlog.js').Plan, rev: import('./planlog.js').Revision) => any[]} rowsFor
 *   the session rows of a revision: {week, session, date, load, unit, plates, focus, decision}
 * @returns {string}
 */
export function csvText(store, rowsFor) {
  const lines = [csvLine(['plan', 'revision', 'week', 'session', 'date', 'load', 'unit', 'plates per side', 'focus',
    'pain during', 'pain next morning', 'clean form', 'warning signs', 'decision'])];
  for (const plan of store.plans) {
    for (const rev of plan.revisions) {
      for (const r of rowsFor(plan, rev)) {
        const c = rev.checkins[String(r.session)];
        lines.push(csvLine([plan.name, rev.rev, r.week, r.session, r.date, r.load, r.unit, r.plates.join(' + '), r.focus,
          c ? c.painDuring : '', c && c.painMorning !== null ? c.painMorning : '', c ? (c.cleanForm ? 'yes' : 'no') : '',
          c ? c.signs.join(' ') : '', r.decision || '']));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The export, import and clear tools.
 * @param {string} id
 * @param {{store: () => import('./planlog.js').Store, csv: () => string,
 *   onImport: (store: import('./planlog.js').Store) => void, onClear: () => void}} o
 * @returns {HTMLElement}
 */
export function transferTools(id, o) {
  const status = h('p', { class: 'calc-hint', role: 'status' });
  const button = (/** @type {string} */ text, /** @type {string} */ action, /** @type {string} */ cls) => h('button', { class: `calc-button ${cls}`, type: 'button', 'data-action': action, text });
  const json = button('Export (JSON)', 'export-json', 'calc-button--secondary');
  const csv = button('Export for a spreadsheet (CSV)', 'export-csv', 'calc-button--secondary');
  const file = /** @type {HTMLInputElement} */ (h('input', { class: 'calc-file', type: 'file', id: `${id}-import`, name: 'import', accept: 'application/json,.json' }));
  const clear = button('Delete all plans', 'clear', 'calc-button--warning');
  const yes = button('Yes, delete every plan', 'clear-confirm', 'calc-button--warning');
  const no = button('Cancel', 'clear-cancel', 'calc-button--secondary');
  const confirm = h('div', { class: 'calc-confirm', hidden: true, role: 'group', 'aria-label': 'Confirm deleting' }, [
    h('p', { text: 'Delete every plan and check-in saved in this browser? Export them first if you may want them back.' }), yes, no,
  ]);
  json.addEventListener('click', () => {
    download(`hinge-plans-${today()}.json`, 'application/json', `${JSON.stringify(o.store(), null, 2)}\n`);
    status.textContent = 'Exported. Keep the file to import your plans on another device.';
  });
  csv.addEventListener('click', () => download(`hinge-plans-${today()}.csv`, 'text/csv', o.csv()));
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) {
      return;
    }
    const r = parseStore(await f.text());
    file.value = '';
    if (r.ok) {
      o.onImport(r.store);
      status.textContent = `Imported ${r.store.plans.length} plan${r.store.plans.length === 1 ? '' : 's'}.`;
    } else {
      status.textContent = 'error' in r && r.error === 'not_json' ? 'That file is not a plan export (it is not JSON).' : 'That file is not a plan export from this planner.';
    }
  });
  clear.addEventListener('click', () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    clear.focus();
  });
  yes.addEventListener('click', () => {
    confirm.hidden = true;
    o.onClear();
    status.textContent = 'Every plan was deleted from this browser.';
  });
  return h('section', { class: 'calc-transfer', 'aria-labelledby': `${id}-transfer` }, [
    h('h3', { id: `${id}-transfer`, text: 'Keep your plans safe' }),
    h('p', { class: 'calc-hint', text: 'Plans live only in this browser. Export them to keep a copy or to move them to another device.' }),
    h('div', { class: 'calc-tools' }, [json, csv]),
    h('div', { class: 'calc-field' }, [h('label', { class: 'calc-label', for: file.id, text: 'Import plans from a JSON export' }), file]),
    h('div', { class: 'calc-tools' }, [clear]), confirm, status,
  ]);
}

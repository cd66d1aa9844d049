// @ts-check
/**
 * @file checkin.js: the check-in after a session: pain during (saved alone if need be) and the
 * next morning, clean form, the warning signs of the tiers asked every session as one short
 * group, the other tiers on request; then what the answers decide, in the tier's own words,
 * with the emergency numbers as `tel:` links when the tier is an emergency.
 */

import { everySessionSigns, validateCheckin } from './decision.js';
import { h } from './dom.js';
import { checkbox, checkedValue, errorSummary, radioField, textField, validator } from './fields.js';
import { message } from './messages.js';

/**
 * The emergency numbers as `tel:` links.
 * @param {any} safety
 * @returns {HTMLElement}
 */
export function emergencyNumbers(safety) {
  const list = (safety.emergency_numbers || []).map((/** @type {any} */ e) => h('li', {}, [
    `${e.label}: `,
    ...e.numbers.flatMap((/** @type {string} */ n, /** @type {number} */ i) => [i > 0 ? ' or ' : null, h('a', { class: 'calc-tel', href: `tel:${n}`, text: n })]),
  ]));
  return h('ul', { class: 'calc-emergency-numbers' }, list);
}

/**
 * Checkboxes for signs, each the "yes" control of its question.
 * @param {string} id
 * @param {any[]} signs
 * @param {Map<string, HTMLInputElement>} boxes filled with the checkboxes by sign id
 */
function signBoxes(id, signs, boxes) {
  return h('div', { class: 'calc-choices' }, signs.map((s) => {
    const { wrap, box } = checkbox(`${id}-${s.id}`, 'sign', s.question, false);
    box.value = s.id;
    box.setAttribute('data-flag', s.id);
    box.setAttribute('data-tier', s.tier);
    boxes.set(s.id, box);
    return wrap;
  }));
}

/**
 * The on-request tiers, each with its heading, inside a disclosure.
 * @param {string} id
 * @param {any} safety
 * @param {Map<string, HTMLInputElement>} boxes
 */
function onRequest(id, safety, boxes) {
  const tiers = safety.tiers.filter((/** @type {any} */ t) => t.ask !== 'every-session');
  const groups = tiers.map((/** @type {any} */ t) => {
    const signs = safety.signs.filter((/** @type {any} */ s) => s.tier === t.id);
    return signs.length === 0 ? null : h('fieldset', { class: `calc-fieldset calc-flags calc-flags--${t.planner}` }, [
      h('legend', { class: 'calc-legend', text: t.heading }), h('p', { class: 'calc-hint', text: t.action }), signBoxes(id, signs, boxes),
    ]);
  });
  return h('details', { class: 'calc-more-signs' }, [h('summary', { text: 'Other signs to check (tick any that fit)' }), ...groups]);
}

/**
 * The form's fields.
 * @param {string} id
 * @param {any} safety
 * @param {Map<string, HTMLInputElement>} boxes
 */
function checkinFields(id, safety, boxes) {
  const yesNo = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];
  const group = everySessionSigns(safety);
  const list = h('div', { class: 'calc-reveal', hidden: true }, [
    h('p', { class: 'calc-hint', text: 'Tick each one you have had.' }), signBoxes(id, group, boxes),
  ]);
  const signsField = { wrap: list, controls: [], error: h('p', { class: 'calc-error', hidden: true }), errorText: h('span', {}), focus: list, label: 'Signs' };
  signsField.error.append(signsField.errorText);
  list.prepend(signsField.error);
  const any = radioField({
    id: `${id}-any`, name: 'any_signs', legend: 'Any of these since your last session?', inline: true, options: yesNo,
    hint: safety.tiers.filter((/** @type {any} */ t) => t.ask === 'every-session').map((/** @type {any} */ t) => t.heading).join(', '),
  });
  const choices = (any.items || [])[0]?.parentElement;
  choices?.before(h('details', { class: 'calc-sign-list' }, [
    h('summary', { text: `See the ${group.length} signs` }),
    h('ul', {}, group.map((s) => h('li', { text: s.sign || s.question }))),
  ]));
  choices?.after(list);
  return {
    painDuring: textField({ id: `${id}-during`, name: 'pain_during', label: 'Pain during the session', hint: 'A whole number from 0 (none) to 10 (the worst you can imagine).', width: 'w2', inputmode: 'numeric' }),
    painMorning: textField({ id: `${id}-morning`, name: 'pain_morning', label: 'Pain the next morning', hint: 'From 0 to 10 when you get up. Leave it empty today and add it tomorrow.', width: 'w2', inputmode: 'numeric' }),
    cleanForm: radioField({ id: `${id}-clean`, name: 'form_clean', legend: 'Did every set look clean on video?', hint: 'A flat back from the floor to standing tall, no rounding, no hitching.', inline: true, options: yesNo }),
    anySigns: any,
    signs: /** @type {any} */ (signsField),
    list,
  };
}

/**
 * The check-in panel. `onSave(session, record, date)` stores a check-in; `show(session, heading, rec, date)` fills it.
 * @param {string} id
 * @param {any} safety
 * @param {(session: number, rec: any, date: string) => void} onSave
 */
export function checkinPanel(id, safety, onSave) {
  /** @type {Map<string, HTMLInputElement>} */
  const boxes = new Map();
  const f = checkinFields(id, safety, boxes);
  const fields = new Map(Object.entries(f).filter(([k]) => k !== 'list').map(([k, v]) => [k, /** @type {any} */ (v)]));
  const summary = errorSummary();
  const title = h('h3', { id: `${id}-title`, text: 'Check in' });
  const date = /** @type {HTMLInputElement} */ (h('input', { class: 'calc-input calc-input--w10', type: 'date', id: `${id}-date`, name: 'session_date' }));
  const dateField = h('div', { class: 'calc-field' }, [
    h('label', { class: 'calc-label', for: date.id, text: 'Date of the session' }),
    h('div', { class: 'calc-hint', text: 'Change it if you trained on another day; later dates follow from the plan.' }), date,
  ]);
  const form = h('form', { class: 'calc-form calc-checkin__form', novalidate: true, action: '#' }, [
    summary.box, dateField, f.painDuring.wrap, f.painMorning.wrap, f.cleanForm.wrap, f.anySigns.wrap, onRequest(id, safety, boxes),
    h('button', { class: 'calc-button', type: 'submit', text: 'Save check-in' }),
  ]);
  let session = 0;
  const read = () => ({
    painDuring: f.painDuring.input?.value ?? '', painMorning: f.painMorning.input?.value ?? '',
    cleanForm: checkedValue(f.cleanForm.radios || []) === null ? null : checkedValue(f.cleanForm.radios || []) === 'yes',
    anySigns: checkedValue(f.anySigns.radios || []) === null ? null : checkedValue(f.anySigns.radios || []) === 'yes',
    signs: [...boxes.values()].filter((b) => b.checked && !(f.list.hidden && f.list.contains(b))).map((b) => b.value),
  });
  const ctx = { kind: 'checkin', unit: '', maxLoad: 0, base: 0, collarUsed: false, noPlates: false, maxLoadable: 0, ranges: {} };
  const v = validator({ form, fields, check: () => validateCheckin(/** @type {any} */ (read()), safety), message: (fl, code) => message(fl, code, ctx), summary });
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'any_signs') {
      f.list.hidden = event.target.value !== 'yes';
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (v.submit()) {
      const r = read();
      const n = (/** @type {string} */ t) => (t.trim() === '' ? null : Number(t.trim()));
      onSave(session, { painDuring: n(r.painDuring), painMorning: n(r.painMorning), cleanForm: r.cleanForm, anySigns: r.anySigns, signs: r.signs }, date.value);
    }
  });
  const root = h('section', { class: 'calc-checkin', 'aria-labelledby': title.id, hidden: true }, [
    title, h('p', { class: 'calc-hint', text: 'Your answers stay in this browser and never leave your device.' }), form,
  ]);
  const show = (/** @type {number} */ n, /** @type {string} */ heading, /** @type {any} */ rec, /** @type {string} */ day) => {
    session = n;
    date.value = day;
    title.textContent = heading;
    fill(f, boxes, rec);
    v.reset();
    root.hidden = false;
  };
  return { root, show, hide: () => { root.hidden = true; }, focus: () => (f.painMorning.input && f.painDuring.input?.value ? f.painMorning.input : f.painDuring.input)?.focus() };
}

/**
 * Fills the form with a saved check-in, or empties it.
 * @param {any} f
 * @param {Map<string, HTMLInputElement>} boxes
 * @param {any} rec
 */
function fill(f, boxes, rec) {
  f.painDuring.input.value = rec && rec.painDuring !== null ? String(rec.painDuring) : '';
  f.painMorning.input.value = rec && rec.painMorning !== null && rec.painMorning !== undefined ? String(rec.painMorning) : '';
  const pick = (/** @type {HTMLInputElement[]} */ radios, /** @type {boolean|null|undefined} */ yes) => {
    for (const r of radios) {
      r.checked = yes === null || yes === undefined ? false : r.value === (yes ? 'yes' : 'no');
    }
  };
  pick(f.cleanForm.radios, rec ? rec.cleanForm : null);
  pick(f.anySigns.radios, rec ? rec.anySigns : null);
  f.list.hidden = !(rec && rec.anySigns);
  for (const [sid, box] of boxes) {
    box.checked = Boolean(rec && rec.signs && rec.signs.includes(sid));
  }
}

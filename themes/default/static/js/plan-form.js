// @ts-check
/**
 * @file plan-form.js: the planner's inputs (pre-injury weight, starting percent, technique
 * sessions, sessions per week, weekly increase, reps, the plan's name and start date, and the
 * equipment), with blur-and-submit validation. Used to make a plan and to change one.
 */

import { convertWeight, parseTyped } from './num.js';
import { validatePlanInput } from './plan.js';
import { bounded, h, sameWeight, withUnit } from './dom.js';
import { textField, validator } from './fields.js';
import { equipmentEvent } from './equipment-form.js';
import { equipmentInput } from './equipment.js';
import { messages } from './shell.js';

/** The plan inputs, in field order. */
export const PLAN_KEYS = ['weight', 'start', 'technique', 'spw', 'increase', 'reps'];

/**
 * The ranges of the plan inputs from the config.
 * @param {any} cfg
 * @param {'kg'|'lb'} unit
 */
export function planRanges(cfg, unit) {
  const l = cfg.loading || {};
  const wi = l.weekly_increase || {};
  const inc = unit === 'lb' ? bounded(wi.lb, 5, 10, 5) : bounded(wi.kg, 2.5, 5, 2.5);
  return {
    start: bounded(l.start_percent, 40, 50, 40),
    technique: bounded(l.technique_sessions, 2, 3, 3),
    spw: bounded(l.sessions_per_week, 1, 2, 2),
    increase: inc,
  };
}

/**
 * The loads.js input for plan inputs and an equipment input.
 * @param {any} cfg
 * @param {Object<string, string>} values
 * @param {any} eqInput
 */
export function planInput(cfg, values, eqInput) {
  const r = planRanges(cfg, eqInput.unit);
  return {
    ...eqInput, weight: values.weight, start: values.start, technique: values.technique, spw: values.spw,
    increase: values.increase, reps: (values.reps || '').trim() === '' ? null : values.reps,
    beltPercent: Number(cfg.loading?.belt_percent) || 80, ranges: r,
  };
}

/**
 * The text fields of the plan.
 * @param {string} id
 * @param {any} r ranges
 * @param {'kg'|'lb'} u
 * @param {Object<string, string>} v
 */
function fieldsOf(id, r, u, v) {
  const t = (/** @type {string} */ name, /** @type {any} */ o) => textField({ id: `${id}-${name}`, name, value: v[name], ...o });
  return {
    weight: t('weight', { label: 'Pre-injury working weight', hint: 'What you deadlifted for your working sets before the injury.', suffix: u }),
    start: t('start', { label: 'Starting percent', hint: `From ${r.start.min} to ${r.start.max}% of that weight.`, suffix: '%', width: 'w2' }),
    technique: t('technique', { label: 'Technique-only sessions', hint: `From ${r.technique.min} to ${r.technique.max}: movement quality only, film from the side.`, width: 'w2', inputmode: 'numeric' }),
    spw: t('spw', { label: 'Sessions per week', hint: `${r.spw.min} or ${r.spw.max}, with 48–72 hours between sessions.`, width: 'w2', inputmode: 'numeric' }),
    increase: t('increase', { label: 'Weekly increase', hint: `From ${withUnit(r.increase.min, u)} to ${withUnit(r.increase.max, u)}, once a week.`, suffix: u, width: 'w3' }),
    reps: t('reps', { label: 'Reps of your pre-injury working set (optional)', hint: 'From 1 to 12. Marks the sessions where a belt can help.', width: 'w2', inputmode: 'numeric' }),
  };
}

/**
 * Maps the weekly increase to the other unit: range end to range end, else converted and clamped.
 * @param {any} cfg
 * @param {string} text
 * @param {'kg'|'lb'} from
 * @param {'kg'|'lb'} to
 * @returns {string}
 */
function mapIncrease(cfg, text, from, to) {
  const a = planRanges(cfg, from).increase;
  const b = planRanges(cfg, to).increase;
  const n = parseTyped(text);
  if (n === null) {
    return text;
  }
  if (sameWeight(n, a.min)) {
    return String(b.min);
  }
  if (sameWeight(n, a.max)) {
    return String(b.max);
  }
  return String(Math.min(b.max, Math.max(b.min, convertWeight(n, from, to))));
}

/**
 * The plan form.
 * @param {import('./shell.js').Context} c
 * @param {{values: Object<string, string>, name: string, startDate: string, submitText: string,
 *   onSubmit: (values: Object<string, string>, name: string, startDate: string) => void,
 *   onChange: () => void}} o
 */
export function planForm(c, o) {
  const values = { ...o.values };
  const f = fieldsOf(`${c.id}-${o.submitText.length}`, planRanges(c.cfg, c.eq.unit), c.eq.unit, values);
  const name = textField({ id: `${c.id}-name-${o.submitText.length}`, name: 'name', label: 'Name of the plan', hint: 'For example "Deadlift" or "Romanian deadlift".', value: o.name, width: 'w10', inputmode: 'text' });
  const date = h('input', { class: 'calc-input calc-input--w10', type: 'date', id: `${c.id}-date-${o.submitText.length}`, name: 'startDate', value: o.startDate });
  const dateField = h('div', { class: 'calc-field' }, [h('label', { class: 'calc-label', for: date.id, text: 'First session' }), date]);
  const fields = c.fields;
  for (const [k, field] of Object.entries(f)) {
    fields.set(k, field);
  }
  const submit = h('button', { class: 'calc-button', type: 'submit', text: o.submitText });
  const form = h('form', { class: 'calc-form calc-plan-form', novalidate: true, action: '#' }, [
    c.summary.box, f.weight.wrap, c.details, f.start.wrap, f.technique.wrap, f.spw.wrap, f.increase.wrap, f.reps.wrap, name.wrap, dateField, submit,
  ]);
  const input = () => planInput(c.cfg, values, equipmentInput(c.cfg, c.eq).input);
  const check = () => equipmentInput(c.cfg, c.eq).errors.concat(validatePlanInput(input()));
  const v = validator({ form, fields, check, message: messages(c, () => equipmentInput(c.cfg, c.eq).input), summary: c.summary });
  c.onUnit = (from, to) => {
    const n = parseTyped(values.weight);
    values.weight = n === null ? values.weight : String(convertWeight(n, from, to));
    values.increase = mapIncrease(c.cfg, values.increase, from, to);
    f.weight.input && (f.weight.input.value = values.weight);
    f.increase.input && (f.increase.input.value = values.increase);
    for (const el of form.querySelectorAll('[data-field=weight] .calc-affix, [data-field=increase] .calc-affix')) {
      el.textContent = to;
    }
    c.ranges = planRanges(c.cfg, to);
  };
  c.ranges = planRanges(c.cfg, c.eq.unit);
  const onEvent = (/** @type {Event} */ event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.name && !equipmentEvent(c, target) && PLAN_KEYS.includes(target.name)) {
      /** @type {any} */ (values)[target.name] = target.value;
    }
    o.onChange();
  };
  form.addEventListener('input', onEvent);
  form.addEventListener('change', onEvent);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (v.submit()) {
      o.onSubmit({ ...values }, (name.input?.value || '').trim() || 'My plan', /** @type {HTMLInputElement} */ (date).value || o.startDate);
    }
  });
  return { form, values, input, check, validator: v, focus: () => f.weight.input?.focus() };
}

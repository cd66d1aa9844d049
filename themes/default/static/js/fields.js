// @ts-check
/**
 * @file fields.js: form building blocks in the GOV.UK Design System patterns (label, hint, error
 * message per field; an error summary that takes focus on submit) and a validator that shows an
 * error only when a field loses focus or the form is submitted, never on each keystroke.
 */

import { h } from './dom.js';

/**
 * @typedef {{wrap: HTMLElement, controls: HTMLInputElement[], error: HTMLElement,
 *   errorText: HTMLElement, focus: HTMLElement, label: string, input?: HTMLInputElement,
 *   radios?: HTMLInputElement[], items?: HTMLElement[]}} Field
 */

/**
 * The error message element of a field (hidden until there is an error).
 * @param {string} id
 */
export function errorElement(id) {
  const text = h('span', { class: 'calc-error__text' });
  const error = h('p', { class: 'calc-error', id, hidden: true }, [
    h('span', { class: 'calc-visually-hidden', text: 'Error: ' }),
    text,
  ]);
  return { error, text };
}

/**
 * A text input with label, hint, error and optional suffix.
 * @param {{id: string, name: string, label: string, hint?: string, suffix?: string,
 *   value?: string|null, width?: string, inputmode?: string}} o
 * @returns {Field}
 */
export function textField(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = `${o.id}-error`;
  const { error, text } = errorElement(errorId);
  const input = /** @type {HTMLInputElement} */ (h('input', {
    class: `calc-input calc-input--${o.width || 'w5'}`,
    id: o.id,
    name: o.name,
    type: 'text',
    inputmode: o.inputmode || 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  }));
  input.value = o.value === null || o.value === undefined ? '' : String(o.value);
  const wrap = h('div', { class: 'calc-field', 'data-field': o.name }, [
    h('label', { class: 'calc-label', for: o.id, text: o.label }),
    o.hint ? h('div', { class: 'calc-hint', id: hintId, text: o.hint }) : null,
    error,
    h('div', { class: 'calc-input-wrap' }, [
      input,
      o.suffix ? h('span', { class: 'calc-affix', 'aria-hidden': 'true', text: o.suffix }) : null,
    ]),
  ]);
  return { wrap, input, error, errorText: text, controls: [input], focus: input, label: o.label };
}

/**
 * A radio group (fieldset, legend, hint, error) from `options` [{value, label}].
 * @param {{id: string, name: string, legend: string, hint?: string, inline?: boolean,
 *   value?: string|null, options: {value: string, label: string, attrs?: Object<string, string>}[]}} o
 * @returns {Field}
 */
export function radioField(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = `${o.id}-error`;
  const { error, text } = errorElement(errorId);
  /** @type {HTMLInputElement[]} */
  const radios = [];
  const items = o.options.map((opt, i) => {
    const rid = `${o.id}-${i}`;
    const radio = /** @type {HTMLInputElement} */ (h('input', {
      class: 'calc-choice__input', id: rid, name: o.name, type: 'radio', value: opt.value, ...(opt.attrs || {}),
    }));
    radio.checked = o.value !== null && o.value !== undefined && String(opt.value) === String(o.value);
    radios.push(radio);
    return h('div', { class: 'calc-choice' }, [radio, h('label', { class: 'calc-choice__label', for: rid, text: opt.label })]);
  });
  const fieldset = h('fieldset', {
    class: 'calc-fieldset',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  }, [
    h('legend', { class: 'calc-legend', text: o.legend }),
    o.hint ? h('div', { class: 'calc-hint', id: hintId, text: o.hint }) : null,
    error,
    h('div', { class: `calc-choices${o.inline ? ' calc-choices--inline' : ''}` }, items),
  ]);
  const wrap = h('div', { class: 'calc-field', 'data-field': o.name }, [fieldset]);
  return { wrap, radios, error, errorText: text, controls: radios, focus: radios[0], label: o.legend, items };
}

/**
 * A single checkbox with its label.
 * @param {string} id
 * @param {string} name
 * @param {string} label
 * @param {boolean} checked
 * @returns {{wrap: HTMLElement, box: HTMLInputElement}}
 */
export function checkbox(id, name, label, checked) {
  const box = /** @type {HTMLInputElement} */ (h('input', { class: 'calc-choice__input', id, name, type: 'checkbox' }));
  box.checked = checked;
  return { wrap: h('div', { class: 'calc-choice' }, [box, h('label', { class: 'calc-choice__label', for: id, text: label })]), box };
}

/**
 * The value of the checked radio in a list, or null.
 * @param {HTMLInputElement[]} radios
 * @returns {string|null}
 */
export function checkedValue(radios) {
  const r = radios.find((x) => x.checked);
  return r ? r.value : null;
}

/**
 * Shows or clears a field's error; `code` null clears.
 * @param {Field} field
 * @param {string|null} code
 * @param {string|null} message
 */
export function setFieldError(field, code, message) {
  const on = code !== null;
  field.wrap.classList.toggle('calc-field--error', on);
  field.error.hidden = !on;
  if (on) {
    field.error.setAttribute('data-error', String(code));
    field.errorText.textContent = message;
  } else {
    field.error.removeAttribute('data-error');
    field.errorText.textContent = '';
  }
  for (const control of field.controls) {
    if (on) {
      control.setAttribute('aria-invalid', 'true');
    } else {
      control.removeAttribute('aria-invalid');
    }
  }
}

/**
 * Focuses a field from the summary, opening a closed `<details>` around it first.
 * @param {Field} field
 */
export function focusField(field) {
  const details = field.wrap.closest('details');
  if (details && !details.open) {
    details.open = true;
  }
  field.focus.focus();
  field.wrap.scrollIntoView({ block: 'center' });
}

/**
 * The error summary box; `update(list)` with [{field, message}] shows or hides it.
 * @returns {{box: HTMLElement, update: (entries: {field: Field, message: string}[]) => void}}
 */
export function errorSummary() {
  const list = h('ul', { class: 'calc-error-summary__list' });
  const box = h('div', { class: 'calc-error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': null }, [
    h('h3', { class: 'calc-error-summary__title', text: 'There is a problem' }),
    list,
  ]);
  const update = (/** @type {{field: Field, message: string}[]} */ entries) => {
    list.replaceChildren(...entries.map((e) => {
      const link = h('a', { href: `#${e.field.focus.id}`, text: e.message });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        focusField(e.field);
      });
      return h('li', {}, [link]);
    }));
    box.hidden = entries.length === 0;
  };
  return { box, update };
}

/**
 * Shows the errors of the fields in `shown` and keeps an open summary in step.
 * @param {{fields: Map<string, Field>, check: () => {field: string, code: string}[],
 *   message: (field: string, code: string) => string, summary: ReturnType<typeof errorSummary>}} o
 * @param {Set<string>} shown
 * @returns {number} how many errors are shown
 */
function showErrors(o, shown) {
  const byField = new Map();
  for (const e of o.check()) {
    if (!byField.has(e.field)) {
      byField.set(e.field, e.code);
    }
  }
  const entries = [];
  for (const [name, field] of o.fields) {
    const code = shown.has(name) && byField.has(name) ? byField.get(name) : null;
    const text = code === null ? null : o.message(name, code);
    setFieldError(field, code, text);
    if (code !== null && text !== null) {
      entries.push({ field, message: text });
    }
  }
  if (entries.length === 0) {
    o.summary.update([]);
  } else if (!o.summary.box.hidden) {
    o.summary.update(entries);
  }
  return entries.length;
}

/**
 * @typedef {{shown: Set<string>, all: boolean}} Visibility which fields may show their error
 */

/**
 * Wires blur-and-submit validation: `check()` returns [{field, code}] for the current values;
 * a field's error appears when it loses focus (or on submit, with the summary, which takes
 * focus), and disappears as soon as the value is fixed. Typing never adds an error.
 * @param {{form: HTMLElement, fields: Map<string, Field>, check: () => {field: string, code: string}[],
 *   message: (field: string, code: string) => string, summary: ReturnType<typeof errorSummary>,
 *   onChange?: () => void}} o
 * @returns {{submit: () => boolean, refresh: () => number, reset: () => void, touch: (name: string) => void}}
 */
export function validator(o) {
  /** @type {Set<string>} */
  const shown = new Set();
  const nameOf = (/** @type {EventTarget|null} */ t) => {
    const name = t instanceof HTMLInputElement || t instanceof HTMLSelectElement ? t.name : '';
    return o.fields.has(name) ? name : [...o.fields.keys()].find((k) => o.fields.get(k)?.controls.includes(/** @type {any} */ (t))) || null;
  };
  const refresh = () => showErrors(o, shown);
  o.form.addEventListener('focusout', (event) => {
    const name = nameOf(event.target);
    const within = event instanceof FocusEvent && event.relatedTarget instanceof Node
      && o.fields.get(name || '')?.wrap.contains(event.relatedTarget);
    if (name && !within) {
      shown.add(name);
      refresh();
    }
  });
  o.form.addEventListener('input', (event) => {
    const name = nameOf(event.target);
    if (name && shown.has(name) && !o.check().some((e) => e.field === name)) {
      refresh();
    }
  });
  const submit = () => {
    for (const name of o.fields.keys()) {
      shown.add(name);
    }
    const errors = o.check().filter((e) => o.fields.has(e.field));
    refresh();
    const entries = errors.map((e) => ({ field: /** @type {Field} */ (o.fields.get(e.field)), message: o.message(e.field, e.code) }));
    const seen = new Set();
    o.summary.update(entries.filter((e) => !seen.has(e.field) && seen.add(e.field)));
    if (errors.length > 0) {
      o.summary.box.focus();
    }
    return errors.length === 0;
  };
  const reset = () => {
    shown.clear();
    refresh();
    o.summary.update([]);
  };
  return { submit, refresh, reset, touch: (name) => shown.add(name) };
}

/**
 * @file calculators.js: wires the pure functions of loads.js to each `.calculator` section.
 *
 * Each section carries its parameters as JSON in `script.calculator__config` and an empty
 * `.calculator__mount[data-mount]`. This module builds the form inside the mount (GOV.UK Design
 * System patterns: label, hint and error message per field, an error summary, results in a
 * polite live region), recomputes as the reader types, mirrors every input in the URL query
 * (`history.replaceState`), keeps the equipment in localStorage (`hinge.equipment`) and the
 * planner's check-ins in localStorage only (`hinge.checkins`).
 *
 * No network, no inline styles (classes and `hidden` only), no innerHTML: the DOM is built with
 * createElement and textContent.
 */

import {
  adjustPlan,
  convertWeight,
  floorLoad,
  fromHundredths,
  sessionDecision,
  toHundredths,
  validateCheckin,
  warmupSets,
  weekDecision,
} from './loads.js';

const EQUIPMENT_KEY = 'hinge.equipment';
const CHECKINS_KEY = 'hinge.checkins';
const SVG_NS = 'http://www.w3.org/2000/svg';
const UNITS = ['kg', 'lb'];
const DEFAULT_MAX = { kg: 600, lb: 1320 };

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/**
 * Creates an element. `props`: `class`, `text`, `hidden`, any other key as an attribute
 * (skipped when null or false).
 */
function h(tag, props, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'hidden') {
      node.hidden = true;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children || []) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}

/** Creates an SVG element with attributes. */
function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    node.setAttribute(key, String(value));
  }
  return node;
}

/** Reads JSON from localStorage, or null (private mode, quota, bad data). */
function loadStored(key) {
  try {
    const text = window.localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/** Writes JSON to localStorage; silently does nothing when storage is unavailable. */
function store(key, value) {
  try {
    if (value === null) {
      window.localStorage.removeItem(key);
    } else {
      window.localStorage.setItem(key, JSON.stringify(value));
    }
  } catch (e) {
    // Storage may be disabled; the calculators work without it.
  }
}

/** A typed number ("140,5", " 140 ") as a number, or null. */
function parseTyped(text) {
  const t = String(text === null || text === undefined ? '' : text).trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) {
    return null;
  }
  return Number(t.replace(',', '.'));
}

/** A typed value for the URL: a number as a plain decimal, anything else as typed. */
function queryValue(text) {
  const n = parseTyped(text);
  return n === null ? String(text).trim() : String(n);
}

/** Same weight, compared in hundredths. */
function sameWeight(a, b) {
  return toHundredths(Number(a)) === toHundredths(Number(b));
}

/** "112.5 kg". */
function withUnit(n, unit) {
  return `${n} ${unit}`;
}

/** "25, 25 and 10". */
function listWords(items) {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Plates per side in words: "25 + 25 + 10", or "Bar only". */
function platesText(plates) {
  return plates.length === 0 ? 'Bar only' : plates.join(' + ');
}

/** The config's bounded value `{min, max, default}`, with fallbacks. */
function bounded(b, min, max, fallback) {
  const r = b || {};
  return {
    min: Number.isFinite(r.min) ? r.min : min,
    max: Number.isFinite(r.max) ? r.max : max,
    default: Number.isFinite(r.default) ? r.default : fallback,
  };
}

// ---------------------------------------------------------------------------------------------
// Form building blocks (GOV.UK Design System patterns)
// ---------------------------------------------------------------------------------------------

/**
 * A field registry entry: the wrapper, the controls that get `aria-invalid`, the error element.
 * @typedef {{wrap: HTMLElement, controls: HTMLElement[], error: HTMLElement,
 *   errorText: HTMLElement, focus: HTMLElement, label: string}} Field
 */

/** The error message element of a field (hidden until there is an error). */
function errorElement(id) {
  const text = h('span', { class: 'calc-error__text' });
  const error = h('p', { class: 'calc-error', id, hidden: true }, [
    h('span', { class: 'calc-visually-hidden', text: 'Error: ' }),
    text,
  ]);
  return { error, text };
}

/** A text input with label, hint, error and optional suffix. */
function textField(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = `${o.id}-error`;
  const { error, text } = errorElement(errorId);
  const input = h('input', {
    class: `calc-input calc-input--${o.width || 'w5'}`,
    id: o.id,
    name: o.name,
    type: 'text',
    inputmode: o.inputmode || 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  });
  input.value = o.value === null || o.value === undefined ? '' : String(o.value);
  const wrap = h('div', { class: 'calc-field', 'data-field': o.name }, [
    h('label', { class: 'calc-label', for: o.id, text: o.label }),
    o.hint ? h('div', { class: 'calc-hint', id: hintId, text: o.hint }) : null,
    error,
    h('div', { class: 'calc-input-wrap' }, [
      o.prefix ? h('span', { class: 'calc-affix', 'aria-hidden': 'true', text: o.prefix }) : null,
      input,
      o.suffix ? h('span', { class: 'calc-affix', 'aria-hidden': 'true', text: o.suffix }) : null,
    ]),
  ]);
  return { wrap, input, error, errorText: text, controls: [input], focus: input, label: o.label };
}

/**
 * A radio group (fieldset, legend, hint, error) from `options` [{value, label, hint}].
 * `reveal`: {value: element} shown only while that value is checked (conditional reveal).
 */
function radioField(o) {
  const hintId = o.hint ? `${o.id}-hint` : null;
  const errorId = `${o.id}-error`;
  const { error, text } = errorElement(errorId);
  const radios = [];
  const items = o.options.map((opt, i) => {
    const rid = `${o.id}-${i}`;
    const radio = h('input', {
      class: 'calc-choice__input',
      id: rid,
      name: o.name,
      type: 'radio',
      value: opt.value,
    });
    radio.checked = String(opt.value) === String(o.value);
    radios.push(radio);
    const item = h('div', { class: 'calc-choice' }, [
      radio,
      h('label', { class: 'calc-choice__label', for: rid, text: opt.label }),
    ]);
    return item;
  });
  const group = h('div', { class: `calc-choices${o.inline ? ' calc-choices--inline' : ''}` }, items);
  const fieldset = h('fieldset', {
    class: 'calc-fieldset',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  }, [
    h('legend', { class: 'calc-legend', text: o.legend }),
    o.hint ? h('div', { class: 'calc-hint', id: hintId, text: o.hint }) : null,
    error,
    group,
  ]);
  const wrap = h('div', { class: 'calc-field', 'data-field': o.name }, [fieldset]);
  return {
    wrap,
    radios,
    error,
    errorText: text,
    controls: radios,
    focus: radios[0],
    label: o.legend,
    group,
    items,
  };
}

/** The value of the checked radio in a list, or null. */
function checkedValue(radios) {
  const r = radios.find((x) => x.checked);
  return r ? r.value : null;
}

/** Shows or clears a field's error; `message` null clears. */
function setFieldError(field, code, message) {
  const on = code !== null;
  field.wrap.classList.toggle('calc-field--error', on);
  field.error.hidden = !on;
  if (on) {
    field.error.setAttribute('data-error', code);
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

/** The error summary box; `update(list)` with [{field, message}] shows or hides it. */
function errorSummary(onLink) {
  const list = h('ul', { class: 'calc-error-summary__list' });
  const box = h('div', {
    class: 'calc-error-summary',
    role: 'alert',
    tabindex: '-1',
    hidden: true,
  }, [
    h('h3', { class: 'calc-error-summary__title', text: 'There is a problem' }),
    list,
  ]);
  let last = '';
  const update = (entries) => {
    const key = JSON.stringify(entries.map((e) => [e.field.focus.id, e.message]));
    if (key === last) {
      return;
    }
    last = key;
    list.replaceChildren(...entries.map((e) => {
      const link = h('a', { href: `#${e.field.focus.id}`, text: e.message });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        onLink(e.field);
      });
      return h('li', {}, [link]);
    }));
    box.hidden = entries.length === 0;
  };
  return { box, update };
}

/** Focuses a field from the summary, opening a closed `<details>` around it first. */
function focusField(field) {
  const details = field.wrap.closest('details');
  if (details && !details.open) {
    details.open = true;
  }
  field.focus.focus();
  field.wrap.scrollIntoView({ block: 'center' });
}

// ---------------------------------------------------------------------------------------------
// Error messages
// ---------------------------------------------------------------------------------------------

/** The message for an error code on a field, in plain words. */
function message(field, code, ctx) {
  const u = ctx.unit;
  const names = {
    weight: ctx.kind === 'warmup' ? 'Working weight' : 'Pre-injury working weight',
    bar: 'Bar weight',
    collar: 'Collar weight',
    reps: 'Reps',
    first: 'First set percent',
    start: 'Starting percent',
    technique: 'Technique-only sessions',
    spw: 'Sessions per week',
    increase: 'Weekly increase',
    painDuring: 'Pain during the session',
    painMorning: 'Pain the next morning',
  };
  const name = names[field] || (field.startsWith('count-') ? 'Number of plates' : 'This answer');
  const r = ctx.ranges;
  switch (code) {
    case 'empty':
      if (field === 'cleanForm') {
        return 'Select yes if every set looked clean';
      }
      if (field.startsWith('redFlags.')) {
        return `Red-flag question ${Number(field.slice(9)) + 1}: select yes or no`;
      }
      if (field === 'painDuring' || field === 'painMorning') {
        return `Enter your ${name.toLowerCase()}, from 0 to 10`;
      }
      return `Enter your ${name.toLowerCase()}`;
    case 'not_a_number':
      if (field === 'reps') {
        return 'Reps must be a whole number, like 5';
      }
      return `${name} must be a number, like ${field === 'weight' ? '140 or 142.5' : '2.5'}`;
    case 'not_positive':
      if (field === 'collar' || field.startsWith('count-')) {
        return `${name} cannot be less than 0`;
      }
      return `${name} must be more than 0`;
    case 'too_large':
      if (field.startsWith('count-')) {
        return 'Number of plates must be 100 or fewer';
      }
      return `${name} must be ${withUnit(ctx.maxLoad, u)} or less`;
    case 'below_bar':
      return `${name} must be at least ${withUnit(ctx.base, u)}, the bar${ctx.collarUsed ? ' and collars' : ''}`;
    case 'not_enough_plates':
      return ctx.noPlates
        ? 'Choose at least one plate size under "Bar and plates"'
        : `With your plates, the most you can load is ${withUnit(ctx.maxLoadable, u)}`;
    case 'reps_out_of_range':
      return 'Reps must be a whole number from 1 to 12';
    case 'start_pct_out_of_range':
      return field === 'first'
        ? `First set percent must be from ${r.first.min} to ${r.first.max}`
        : `Starting percent must be from ${r.start.min} to ${r.start.max}`;
    case 'technique_out_of_range':
      return `Technique-only sessions must be from ${r.technique.min} to ${r.technique.max}`;
    case 'spw_out_of_range':
      return `Sessions per week must be from ${r.spw.min} to ${r.spw.max}`;
    case 'increase_out_of_range':
      return `Weekly increase must be from ${withUnit(r.increase.min, u)} to ${withUnit(r.increase.max, u)}`;
    case 'pain_out_of_range':
      return `${name} must be a number from 0 to 10`;
    case 'sets_out_of_range':
      return `Choose ${r.sets.min} or ${r.sets.max} warm-up sets`;
    default:
      return 'Check this answer';
  }
}

// ---------------------------------------------------------------------------------------------
// Equipment: state, URL, storage, form
// ---------------------------------------------------------------------------------------------

/** The unit's plate sizes offered: standard then micro, heaviest first within each. */
function plateOptions(cfg, unit) {
  const e = cfg.plates[unit];
  return { standard: e.plates.slice(), micro: (e.micro_plates || []).slice() };
}

/** Picks the preset index matching a weight, or 'other'. */
function presetFor(presets, weight) {
  const i = presets.findIndex((p) => sameWeight(p.weight, weight));
  return i >= 0 ? String(i) : 'other';
}

/** Parses `45:1,25:1,10:3` into `{"45": "2", ...}` plate counts (2 x pairs), or null. */
function countsFromPairs(text, sizes) {
  const counts = {};
  for (const part of String(text).split(',')) {
    const [size, n] = part.split(':');
    const s = parseTyped(size);
    const c = parseTyped(n);
    const match = sizes.find((x) => s !== null && sameWeight(x, s));
    if (match !== undefined && c !== null && c >= 0) {
      counts[String(match)] = String(Math.floor(c) * 2);
    }
  }
  return counts;
}

/**
 * The equipment state on load: the URL query wins over localStorage, which wins over the data's
 * defaults. Stored values of another unit are not used.
 */
function initialEquipment(cfg, query) {
  const stored = loadStored(EQUIPMENT_KEY) || {};
  const qUnit = query.get('unit');
  const unit = UNITS.includes(qUnit)
    ? qUnit
    : UNITS.includes(stored.unit) ? stored.unit : (UNITS.includes(cfg.default_unit) ? cfg.default_unit : 'kg');
  const same = stored.unit === unit;
  const e = cfg.plates[unit];
  const opts = plateOptions(cfg, unit);
  const all = opts.standard.concat(opts.micro);
  const state = {
    unit,
    bar: '0',
    barOther: '',
    collar: '0',
    collarOther: '',
    plates: opts.standard.map(String),
    limit: false,
    counts: {},
  };
  const bar = query.has('bar') ? query.get('bar') : same && stored.bar !== undefined ? stored.bar : null;
  if (bar !== null && String(bar).trim() !== '') {
    state.bar = presetFor(e.bars, parseTyped(bar));
    state.barOther = state.bar === 'other' ? String(bar) : '';
  }
  const collar = query.has('collar')
    ? query.get('collar')
    : same && stored.collar !== undefined ? stored.collar : null;
  if (collar !== null && String(collar).trim() !== '') {
    state.collar = presetFor(e.collars, parseTyped(collar));
    state.collarOther = state.collar === 'other' ? String(collar) : '';
  }
  let plates = null;
  if (query.has('plates')) {
    plates = query.get('plates').split(',');
  } else if (same && Array.isArray(stored.plates)) {
    plates = stored.plates.map(String);
  }
  if (plates !== null) {
    state.plates = all.filter((s) => plates.some((p) => parseTyped(p) !== null && sameWeight(s, parseTyped(p))))
      .map(String);
  }
  if (query.has('pairs')) {
    state.limit = true;
    state.counts = countsFromPairs(query.get('pairs'), all);
  } else if (same && stored.pairs && typeof stored.pairs === 'object') {
    state.limit = true;
    state.counts = countsFromPairs(
      Object.entries(stored.pairs).map(([k, v]) => `${k}:${v}`).join(','),
      all,
    );
  }
  return state;
}

/** The bar weight as typed or from its preset. */
function barValue(cfg, s) {
  return s.bar === 'other' ? s.barOther : String(cfg.plates[s.unit].bars[Number(s.bar)].weight);
}

/** The collar weight (one collar) as typed or from its preset. */
function collarValue(cfg, s) {
  if (s.collar === 'other') {
    return s.collarOther;
  }
  const c = cfg.plates[s.unit].collars[Number(s.collar)];
  return c ? String(c.weight) : '0';
}

/** Checked plate sizes, heaviest first, as numbers. */
function checkedPlates(s) {
  return s.plates.map(Number).sort((a, b) => b - a);
}

/**
 * Pairs from the counts (floor(count / 2)) when limited, else null; with the count errors.
 * @returns {{pairs: null|Object<string, number>, errors: {field: string, code: string}[]}}
 */
function pairsFromCounts(s) {
  if (!s.limit) {
    return { pairs: null, errors: [] };
  }
  const pairs = {};
  const errors = [];
  for (const size of checkedPlates(s)) {
    const text = s.counts[String(size)] || '';
    if (text.trim() === '') {
      continue;
    }
    const n = parseTyped(text);
    const field = `count-${size}`;
    if (n === null) {
      errors.push({ field, code: 'not_a_number' });
    } else if (n < 0) {
      errors.push({ field, code: 'not_positive' });
    } else if (n > 100) {
      errors.push({ field, code: 'too_large' });
    } else if (Math.floor(n / 2) > 0) {
      pairs[String(size)] = Math.floor(Math.floor(n) / 2);
    }
  }
  return { pairs, errors };
}

/** Saves the equipment in localStorage. */
function saveEquipment(cfg, s) {
  const { pairs } = pairsFromCounts(s);
  store(EQUIPMENT_KEY, {
    unit: s.unit,
    bar: queryValue(barValue(cfg, s)),
    collar: queryValue(collarValue(cfg, s)),
    plates: checkedPlates(s),
    pairs,
  });
}

/** The equipment part of the query: unit, bar, collar, plates, pairs. */
function equipmentQuery(cfg, s) {
  const { pairs } = pairsFromCounts(s);
  return {
    unit: s.unit,
    bar: queryValue(barValue(cfg, s)),
    collar: queryValue(collarValue(cfg, s)),
    plates: checkedPlates(s).join(','),
    pairs: pairs === null
      ? null
      : Object.keys(pairs).map(Number).sort((a, b) => b - a).map((k) => `${k}:${pairs[String(k)]}`).join(','),
  };
}

/** Rewrites the URL query with `params` (null or '' removes one), keeping the others. */
function syncQuery(params) {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || (value === '' && key !== 'pairs')) {
      query.delete(key);
    } else {
      query.set(key, value);
    }
  }
  const text = query.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  const url = `${window.location.pathname}${text ? `?${text}` : ''}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, '', url);
  }
}

/** A short description of the equipment, for the `<summary>`. */
function equipmentSummary(cfg, s) {
  const bar = parseTyped(barValue(cfg, s));
  const collar = parseTyped(collarValue(cfg, s));
  const plates = checkedPlates(s);
  const parts = [bar === null ? 'bar weight missing' : `${withUnit(bar, s.unit)} bar`];
  if (collar) {
    parts.push(`${withUnit(collar, s.unit)} collars`);
  }
  parts.push(plates.length === 0 ? 'no plates' : `plates ${plates.join(', ')}`);
  if (s.limit) {
    parts.push('limited');
  }
  return parts.join(', ');
}

/**
 * Builds the equipment fieldset for the state's unit into `host` and registers its fields.
 * Called again when the unit changes.
 */
function buildEquipment(c) {
  const { cfg, eq: s, id } = c;
  const e = cfg.plates[s.unit];
  const u = s.unit;
  const fields = c.fields;
  for (const key of [...fields.keys()]) {
    if (key.startsWith('count-')) {
      fields.delete(key);
    }
  }
  const unitField = radioField({
    id: `${id}-unit`,
    name: 'unit',
    legend: 'Unit',
    inline: true,
    value: u,
    options: [{ value: 'kg', label: 'kg' }, { value: 'lb', label: 'lb' }],
  });
  const barOther = textField({
    id: `${id}-bar`, name: 'bar', label: `Bar weight in ${u}`, suffix: u, value: s.barOther, width: 'w4',
  });
  barOther.wrap.classList.add('calc-reveal');
  const barField = radioField({
    id: `${id}-bar-choice`,
    name: 'bar-choice',
    legend: 'Bar',
    value: s.bar,
    options: e.bars.map((b, i) => ({ value: String(i), label: `${b.name} (${withUnit(b.weight, u)})` }))
      .concat([{ value: 'other', label: 'Another weight' }]),
  });
  barField.items[barField.items.length - 1].after(barOther.wrap);
  barOther.wrap.hidden = s.bar !== 'other';
  const collarOther = textField({
    id: `${id}-collar`,
    name: 'collar',
    label: `Weight of one collar in ${u}`,
    suffix: u,
    value: s.collarOther,
    width: 'w4',
  });
  collarOther.wrap.classList.add('calc-reveal');
  const collarField = radioField({
    id: `${id}-collar-choice`,
    name: 'collar-choice',
    legend: 'Collars',
    hint: 'Count the weight of one collar; most gym spring clips weigh almost nothing.',
    value: s.collar,
    options: e.collars.map((col, i) => ({
      value: String(i),
      label: col.weight > 0 ? `${col.name} (${withUnit(col.weight, u)} each)` : col.name,
    })).concat([{ value: 'other', label: 'Another weight' }]),
  });
  collarField.items[collarField.items.length - 1].after(collarOther.wrap);
  collarOther.wrap.hidden = s.collar !== 'other';

  // Plates: checkboxes, then the optional counts.
  const opts = plateOptions(cfg, u);
  const plateBoxes = [];
  const plateItem = (size, micro) => {
    const pid = `${id}-plate-${String(size).replace('.', '_')}`;
    const box = h('input', {
      class: 'calc-choice__input',
      id: pid,
      name: 'plate',
      type: 'checkbox',
      value: String(size),
    });
    box.checked = s.plates.includes(String(size));
    plateBoxes.push(box);
    return h('div', { class: 'calc-choice' }, [
      box,
      h('label', { class: 'calc-choice__label', for: pid, text: `${withUnit(size, u)}${micro ? ' (micro)' : ''}` }),
    ]);
  };
  const platesErrorId = `${id}-plates-error`;
  const platesError = errorElement(platesErrorId);
  const platesFieldset = h('fieldset', {
    class: 'calc-fieldset',
    'aria-describedby': `${id}-plates-hint ${platesErrorId}`,
  }, [
    h('legend', { class: 'calc-legend', text: 'Plates you can use' }),
    h('div', { class: 'calc-hint', id: `${id}-plates-hint`, text: 'Micro plates let you make smaller jumps.' }),
    platesError.error,
    h('div', { class: 'calc-choices calc-choices--grid' },
      opts.standard.map((p) => plateItem(p, false)).concat(opts.micro.map((p) => plateItem(p, true)))),
  ]);
  const plates = {
    wrap: h('div', { class: 'calc-field', 'data-field': 'plates' }, [platesFieldset]),
    controls: plateBoxes,
    error: platesError.error,
    errorText: platesError.text,
    focus: plateBoxes[0],
    label: 'Plates',
  };

  const limitId = `${id}-limit`;
  const limitBox = h('input', { class: 'calc-choice__input', id: limitId, name: 'limit', type: 'checkbox' });
  limitBox.checked = s.limit;
  const countFields = [];
  const countsBox = h('div', { class: 'calc-reveal calc-counts', id: `${id}-counts` }, [
    h('p', {
      class: 'calc-hint',
      text: 'Plates go on in pairs, so an odd plate out is not used. Leave a size empty if you have none.',
    }),
  ]);
  for (const size of opts.standard.concat(opts.micro)) {
    const f = textField({
      id: `${id}-count-${String(size).replace('.', '_')}`,
      name: `count-${size}`,
      label: `${withUnit(size, u)} plates you own`,
      value: s.counts[String(size)] || '',
      width: 'w3',
      inputmode: 'numeric',
    });
    f.wrap.hidden = !s.plates.includes(String(size));
    f.wrap.setAttribute('data-size', String(size));
    countFields.push(f);
    fields.set(`count-${size}`, f);
    countsBox.append(f.wrap);
  }
  countsBox.hidden = !s.limit;
  const limitItem = h('div', { class: 'calc-choice' }, [
    limitBox,
    h('label', { class: 'calc-choice__label', for: limitId, text: 'I have a limited number of plates' }),
  ]);
  limitBox.setAttribute('aria-controls', countsBox.id);
  limitBox.setAttribute('aria-expanded', String(s.limit));

  fields.set('unit', unitField);
  fields.set('bar', barOther);
  fields.set('collar', collarOther);
  fields.set('plates', plates);
  c.equipmentControls = {
    unitField, barField, barOther, collarField, collarOther, plateBoxes, limitBox, countsBox, countFields,
  };
  c.equipmentHost.replaceChildren(
    unitField.wrap,
    barField.wrap,
    collarField.wrap,
    plates.wrap,
    h('div', { class: 'calc-field' }, [limitItem, countsBox]),
  );
  c.summaryText.textContent = equipmentSummary(cfg, s);
}

/** Handles an input or change event inside the equipment block; returns true if handled. */
function equipmentEvent(c, target) {
  const s = c.eq;
  const ctl = c.equipmentControls;
  if (target.name === 'unit' && target.checked && target.value !== s.unit) {
    switchUnit(c, target.value);
    return true;
  }
  if (target.name === 'bar-choice') {
    s.bar = target.value;
    ctl.barOther.wrap.hidden = s.bar !== 'other';
  } else if (target.name === 'bar') {
    s.barOther = target.value;
  } else if (target.name === 'collar-choice') {
    s.collar = target.value;
    ctl.collarOther.wrap.hidden = s.collar !== 'other';
  } else if (target.name === 'collar') {
    s.collarOther = target.value;
  } else if (target.name === 'plate') {
    s.plates = ctl.plateBoxes.filter((b) => b.checked).map((b) => b.value);
    for (const f of ctl.countFields) {
      f.wrap.hidden = !s.plates.includes(f.wrap.getAttribute('data-size'));
    }
  } else if (target.name === 'limit') {
    s.limit = target.checked;
    ctl.countsBox.hidden = !s.limit;
    target.setAttribute('aria-expanded', String(s.limit));
  } else if (target.name && target.name.startsWith('count-')) {
    s.counts[target.name.slice(6)] = target.value;
  } else {
    return false;
  }
  c.summaryText.textContent = equipmentSummary(c.cfg, s);
  return true;
}

/** Converts a typed weight between units; text that is not a number stays as typed. */
function convertTyped(text, from, to) {
  const n = parseTyped(text);
  return n === null ? text : String(convertWeight(n, from, to));
}

/**
 * Switches the unit: bar and collar presets map by position (20 kg standard -> 45 lb standard),
 * typed weights are converted and rounded to hundredths, plates reset to the unit's standard set.
 */
function switchUnit(c, unit) {
  const s = c.eq;
  const from = s.unit;
  const oldBar = barValue(c.cfg, s);
  const oldCollar = collarValue(c.cfg, s);
  const e = c.cfg.plates[unit];
  s.unit = unit;
  if (s.bar !== 'other' && e.bars[Number(s.bar)]) {
    s.barOther = '';
  } else {
    s.bar = 'other';
    s.barOther = convertTyped(oldBar, from, unit);
  }
  if (s.collar !== 'other' && e.collars[Number(s.collar)]) {
    s.collarOther = '';
  } else {
    const n = parseTyped(oldCollar);
    s.collar = n === 0 ? '0' : 'other';
    s.collarOther = n === 0 ? '' : convertTyped(oldCollar, from, unit);
  }
  s.plates = plateOptions(c.cfg, unit).standard.map(String);
  s.limit = false;
  s.counts = {};
  c.onUnit(from, unit);
  buildEquipment(c);
  const radio = c.equipmentControls.unitField.radios.find((r) => r.value === unit);
  if (radio) {
    radio.focus();
  }
}

/** The equipment part of a loads.js input. */
function equipmentInput(c) {
  const s = c.eq;
  const { pairs, errors } = pairsFromCounts(s);
  return {
    input: {
      unit: s.unit,
      bar: barValue(c.cfg, s),
      collar: collarValue(c.cfg, s),
      plates: checkedPlates(s),
      pairs,
      maxLoad: c.cfg.plates[s.unit].max_load,
    },
    errors,
  };
}

/** Context for error messages: base, heaviest loadable, ranges. */
function messageContext(c, input) {
  const bar = parseTyped(input.bar);
  const collar = parseTyped(input.collar) || 0;
  const ctx = {
    kind: c.kind,
    unit: input.unit,
    maxLoad: input.maxLoad || DEFAULT_MAX[input.unit],
    base: bar === null ? 0 : fromHundredths(toHundredths(bar) + 2 * toHundredths(collar)),
    collarUsed: collar > 0,
    noPlates: input.plates.length === 0,
    ranges: c.ranges,
    maxLoadable: 0,
  };
  if (bar !== null && bar > 0) {
    const pairsH = input.pairs === null ? null : Object.fromEntries(
      Object.entries(input.pairs).map(([k, v]) => [String(toHundredths(Number(k))), v]),
    );
    ctx.maxLoadable = fromHundredths(floorLoad(toHundredths(ctx.maxLoad), {
      barH: toHundredths(bar),
      collarH: toHundredths(collar),
      platesH: input.plates.map(toHundredths),
      pairs: pairsH,
      maxH: toHundredths(ctx.maxLoad),
    }).load);
  }
  return ctx;
}

/**
 * What the results say while there are errors: correct the marked answers, or, when only
 * untouched empty fields are missing, which one to fill in ("Enter your bar weight to see ...").
 */
function placeholder(c, errors, ctx, what) {
  const shown = errors.some((e) => e.code !== 'empty' || c.touched.has(e.field));
  if (shown || errors.length === 0) {
    return `Correct the answers marked above to see ${what}.`;
  }
  return `${message(errors[0].field, 'empty', ctx)} to see ${what}.`;
}

/**
 * Shows the errors: each field's message and `aria-invalid`, and the summary. An `empty` error
 * on a field the reader has not touched yet is not shown (a fresh page is not an error), but it
 * still keeps the results empty.
 * @returns {number} how many errors are shown
 */
function showErrors(c, errors, ctx) {
  const shown = [];
  const byField = new Map();
  for (const e of errors) {
    if (e.code === 'empty' && !c.touched.has(e.field)) {
      continue;
    }
    if (!byField.has(e.field)) {
      byField.set(e.field, e.code);
    }
  }
  for (const [name, field] of c.fields) {
    const code = byField.has(name) ? byField.get(name) : null;
    const text = code === null ? null : message(name, code, ctx);
    setFieldError(field, code, text);
    if (code !== null) {
      shown.push({ field, message: text });
    }
  }
  c.summary.update(shown);
  return shown.length;
}

// ---------------------------------------------------------------------------------------------
// The bar diagram
// ---------------------------------------------------------------------------------------------

/**
 * One side of the bar with its plates, heaviest (innermost) first: inline SVG with role="img"
 * and a text alternative. Plate height grows with its weight; classes, no style attributes.
 */
function barDiagram(plates, unit, largest) {
  const thick = (p) => (p >= largest / 4 ? 9 : 5);
  const width = 22 + plates.reduce((sum, p) => sum + thick(p) + 1, 0) + 14;
  const label = plates.length === 0
    ? 'Bar only, no plates'
    : `Plates on each side: ${listWords(plates.map((p) => withUnit(p, unit)))}`;
  const root = svg('svg', {
    class: 'calc-bar',
    viewBox: `0 0 ${width} 60`,
    width: String(width * 1.5),
    height: '90',
    role: 'img',
    'aria-label': label,
    focusable: 'false',
  });
  root.append(svg('rect', { class: 'calc-bar__sleeve', x: 0, y: 27, width, height: 6, rx: 1 }));
  root.append(svg('rect', { class: 'calc-bar__stop', x: 14, y: 20, width: 6, height: 20, rx: 1 }));
  let x = 21;
  for (const p of plates) {
    const t = thick(p);
    const hgt = Math.max(16, Math.round(58 * Math.sqrt(Math.min(1, p / largest))));
    const micro = p < largest / 10;
    root.append(svg('rect', {
      class: `calc-bar__plate${micro ? ' calc-bar__plate--small' : ''}`,
      x,
      y: 30 - hgt / 2,
      width: t,
      height: hgt,
      rx: 1,
    }));
    x += t + 1;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// The shared calculator shell
// ---------------------------------------------------------------------------------------------

let counter = 0;

/** Builds the shell shared by both calculators: form, summary, equipment details, results. */
function shell(section, mount, cfg, kind) {
  counter += 1;
  const id = `calc${counter}`;
  const query = new URLSearchParams(window.location.search);
  const c = {
    section,
    mount,
    cfg,
    kind,
    id,
    query,
    fields: new Map(),
    touched: new Set(),
    eq: initialEquipment(cfg, query),
    ranges: {},
    onUnit: () => {},
  };
  c.summary = errorSummary(focusField);
  c.form = h('form', { class: 'calc-form', novalidate: true, action: '#', 'aria-label': null });
  c.form.addEventListener('submit', (event) => event.preventDefault());
  c.equipmentHost = h('div', { class: 'calc-equipment__body' });
  c.summaryText = h('span', { class: 'calc-equipment__summary' });
  c.details = h('details', { class: 'calc-equipment' }, [
    h('summary', { class: 'calc-equipment__toggle' }, [
      h('span', { class: 'calc-equipment__title', text: 'Bar and plates' }),
      c.summaryText,
    ]),
    c.equipmentHost,
  ]);
  buildEquipment(c);
  c.results = h('div', { class: 'calc-results', 'aria-live': 'polite' });
  return c;
}

/** A query value if present, else the fallback. */
function fromQuery(query, key, fallback) {
  return query.has(key) ? query.get(key) : fallback;
}

/** Marks a field touched when the reader edits it, or when the URL query set it. */
function touchFromQuery(c, names) {
  for (const name of names) {
    if (c.query.has(name)) {
      c.touched.add(name);
    }
  }
}

/** Wires the form's events: every input recomputes. */
function listen(c, onField) {
  const handler = (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.name) {
      return;
    }
    c.touched.add(target.name);
    if (!equipmentEvent(c, target)) {
      onField(target);
    } else {
      saveEquipment(c.cfg, c.eq);
    }
    c.update();
  };
  c.form.addEventListener('input', handler);
  c.form.addEventListener('change', handler);
}

// ---------------------------------------------------------------------------------------------
// Warm-up calculator
// ---------------------------------------------------------------------------------------------

/** Builds and wires the warm-up calculator. */
function warmupCalculator(section, mount, cfg) {
  const c = shell(section, mount, cfg, 'warmup');
  const w = cfg.warmup || {};
  const ramp = w.ramp || {};
  const sets = bounded(ramp.sets, 2, 3, 3);
  const first = bounded(ramp.first_percent, 40, 50, 40);
  c.ranges = { sets, first };
  const q = c.query;
  const state = {
    weight: fromQuery(q, 'weight', ''),
    reps: fromQuery(q, 'reps', ''),
    sets: fromQuery(q, 'sets', String(sets.default)),
    first: fromQuery(q, 'first', String(first.default)),
  };
  // Sets are a choice of 2 or 3: a value from the URL that is not offered falls back to the default.
  const setChoices = [];
  for (let n = sets.min; n <= sets.max; n += 1) {
    setChoices.push(n);
  }
  if (!setChoices.some((n) => String(n) === state.sets)) {
    state.sets = String(sets.default);
  }
  touchFromQuery(c, ['weight', 'reps', 'first']);

  const weight = textField({
    id: `${c.id}-weight`,
    name: 'weight',
    label: 'Working weight',
    hint: 'The weight of your heaviest set today.',
    suffix: c.eq.unit,
    value: state.weight,
  });
  const reps = textField({
    id: `${c.id}-reps`,
    name: 'reps',
    label: 'Reps in your working set (optional)',
    hint: 'From 1 to 12. Gives an estimated one-rep max and a belt hint.',
    value: state.reps,
    width: 'w2',
    inputmode: 'numeric',
  });
  const setsField = radioField({
    id: `${c.id}-sets`,
    name: 'sets',
    legend: 'Warm-up sets',
    inline: true,
    value: state.sets,
    options: setChoices.map((n) => ({ value: String(n), label: String(n) })),
  });
  const firstField = textField({
    id: `${c.id}-first`,
    name: 'first',
    label: 'First warm-up set',
    hint: `Percent of your working weight, from ${first.min} to ${first.max}.`,
    suffix: '%',
    value: state.first,
    width: 'w2',
  });
  for (const [k, f] of [['weight', weight], ['reps', reps], ['sets', setsField], ['first', firstField]]) {
    c.fields.set(k, f);
  }
  const suffixes = () => {
    weight.wrap.querySelector('.calc-affix').textContent = c.eq.unit;
  };
  c.onUnit = (from, to) => {
    state.weight = convertTyped(state.weight, from, to);
    weight.input.value = state.weight;
  };
  c.form.append(c.summary.box, weight.wrap, reps.wrap, c.details, setsField.wrap, firstField.wrap);
  mount.replaceChildren(c.form, c.results);

  listen(c, (target) => {
    if (target.name in state) {
      state[target.name] = target.value;
    }
  });

  let lastKey = null;
  c.update = () => {
    suffixes();
    const { input: eqInput, errors: countErrors } = equipmentInput(c);
    const input = {
      ...eqInput,
      weight: state.weight,
      reps: state.reps.trim() === '' ? null : state.reps,
      sets: state.sets,
      first: state.first,
      beltPercent: Number.isFinite(w.belt_percent) ? w.belt_percent : 80,
      rampReps: Array.isArray(ramp.reps) && ramp.reps.length > 0 ? ramp.reps : [5, 3, 2],
      ranges: { sets, first },
    };
    const result = warmupSets(input);
    const errors = countErrors.concat(result.ok ? [] : result.errors);
    const ctx = messageContext(c, eqInput);
    showErrors(c, errors, ctx);
    syncQuery({
      ...equipmentQuery(cfg, c.eq),
      weight: queryValue(state.weight),
      reps: queryValue(state.reps),
      sets: queryValue(state.sets),
      first: queryValue(state.first),
    });
    const ok = errors.length === 0 && result.ok;
    const key = ok ? JSON.stringify([result, c.eq.unit]) : `errors:${errors.length}`;
    if (key === lastKey) {
      return;
    }
    lastKey = key;
    c.results.replaceChildren(...(ok ? warmupResult(result, c.eq.unit, cfg) : [
      h('p', { class: 'calc-placeholder', text: placeholder(c, errors, ctx, 'your warm-up sets') }),
    ]));
  };
  c.update();
  return c;
}

/** The warm-up result: notice, table, belt and one-rep max notes. */
function warmupResult(result, unit, cfg) {
  const largest = Math.max(...cfg.plates[unit].plates);
  const out = [];
  if (result.notice) {
    out.push(h('p', { class: 'calc-notice', text: `${result.notice}.` }));
  }
  const head = h('thead', {}, [h('tr', {}, ['Set', 'Load × reps', 'Plates per side']
    .map((t) => h('th', { scope: 'col', text: t })))]);
  const row = (r, label) => {
    const tr = h('tr', {
      class: r.working ? 'calc-row--working' : null,
      'data-pct': String(r.pct),
      'data-load': String(r.load),
      'data-reps': r.reps === null ? '' : String(r.reps),
      'data-plates': r.plates.join(','),
      'data-working': r.working ? 'true' : null,
      'data-belt': r.belt ? 'true' : null,
    }, [
      h('th', { scope: 'row' }, [
        label,
        h('span', { class: 'calc-sub', text: `${Math.round(r.pct)}%` }),
      ]),
      h('td', { class: 'calc-num' }, [
        h('span', { class: 'calc-load', text: withUnit(r.load, unit) }),
        r.reps === null ? null : ` × ${r.reps}`,
        r.belt ? h('strong', { class: 'calc-tag calc-tag--belt', text: 'Belt recommended' }) : null,
      ]),
      h('td', { class: 'calc-plates' }, [
        h('span', { class: 'calc-plates__text', text: platesText(r.plates) }),
        barDiagram(r.plates, unit, largest),
      ]),
    ]);
    return tr;
  };
  const body = h('tbody', {}, result.rows.map((r, i) => row(r, `Warm-up ${i + 1}`))
    .concat([row(result.working, 'Working set')]));
  out.push(h('div', { class: 'calc-table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Warm-up sets' }, [
    h('table', { class: 'calc-table calc-table--warmup' }, [
      h('caption', { text: `Warm-up for ${withUnit(result.working.load, unit)}, plates per side of the bar` }),
      head,
      body,
    ]),
  ]));
  if (result.rows.length === 0) {
    out.push(h('p', { class: 'calc-note', text: 'Your working weight is the bar, so there are no warm-up sets to add.' }));
  }
  const belt = (cfg.warmup && cfg.warmup.belt_percent) || 80;
  if (result.e1rm !== null) {
    out.push(h('p', {
      class: 'calc-note',
      text: `Estimated one-rep max (Epley): ${withUnit(result.e1rm, unit)}.`,
    }));
    out.push(h('p', {
      class: result.working.belt ? 'calc-note calc-note--belt' : 'calc-note',
      text: result.working.belt
        ? `Belt recommended: ${result.working.reps} reps at ${withUnit(result.working.load, unit)} is at least ${belt}% of your estimated max (with Epley, that is 7 reps or fewer). Warm-up sets never need it.`
        : `No belt needed: ${result.working.reps} reps is below ${belt}% of your estimated max (with Epley, a belt helps at 7 reps or fewer).`,
    }));
  } else {
    out.push(h('p', { class: 'calc-note', text: 'Add the reps of your working set for a belt hint.' }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Return-to-lift planner
// ---------------------------------------------------------------------------------------------

/** Check-ins from localStorage: `{version: 1, sessions: {"5": {...}}}`. */
function loadCheckins() {
  const data = loadStored(CHECKINS_KEY);
  return data && typeof data === 'object' && data.sessions && typeof data.sessions === 'object'
    ? data
    : { version: 1, sessions: {} };
}

/** The decision of every recorded session and the week decisions, for the plan's spw. */
function decisionsFor(checkins, spw, flags, thresholds) {
  const bySession = new Map();
  const byWeek = new Map();
  const sessions = Object.keys(checkins.sessions).map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  const morningOf = new Map();
  for (const n of sessions) {
    const week = Math.ceil(n / spw);
    const rec = checkins.sessions[String(n)];
    if (!morningOf.has(week)) {
      morningOf.set(week, []);
    }
    morningOf.get(week).push(Number(rec.painMorning));
  }
  for (const n of sessions) {
    const rec = checkins.sessions[String(n)];
    const week = Math.ceil(n / spw);
    const previous = morningOf.has(week - 1) ? Math.max(...morningOf.get(week - 1)) : null;
    const d = sessionDecision({
      painDuring: rec.painDuring,
      painMorning: rec.painMorning,
      cleanForm: rec.cleanForm,
      redFlags: flags.map((f) => ({ urgency: f.urgency, yes: rec.redFlags ? rec.redFlags[f.id] === true : false })),
      previousWeekMorning: previous,
    }, thresholds);
    bySession.set(n, { ...d, week, rec });
    if (!byWeek.has(week)) {
      byWeek.set(week, []);
    }
    byWeek.get(week).push(d);
  }
  const weeks = byWeek.size === 0 ? 0 : Math.max(...byWeek.keys());
  const weekDecisions = [];
  for (let i = 1; i <= weeks; i += 1) {
    weekDecisions.push(byWeek.has(i) ? weekDecision(byWeek.get(i)) : null);
  }
  return { bySession, weekDecisions };
}

/** Plain-words labels of the decisions and focuses. */
const DECISION_LABEL = {
  stop: 'Stop',
  step_back: 'Step back',
  repeat: 'Repeat',
  progress: 'Progress',
};
const FOCUS_LABEL = {
  technique: 'Technique',
  consolidate: 'Consolidate',
  build: 'Build',
  target: 'Target',
};

/**
 * The decision in words, as the check-in shows it. `row` is the session's plan row (its level
 * and week), `techniqueWeeks` the length of the technique block.
 */
function decisionText(d, inc, unit, row, techniqueWeeks) {
  if (d.decision === 'stop') {
    return d.urgent ? 'Seek emergency care today' : 'Stop and see a clinician';
  }
  if (d.decision === 'step_back') {
    return row && row.level === 0
      ? 'Step back: you are already at the starting load, so go back to stage 4 of the protocol until the pain settles'
      : 'Step back: next week, go back one week\'s load';
  }
  if (d.decision === 'repeat') {
    return 'Repeat: keep the same load next week';
  }
  if (row && row.week < techniqueWeeks) {
    return 'Progress: keep practising at this load; it goes up once the technique sessions are done';
  }
  return `Progress: next week, add ${withUnit(inc, unit)}`;
}

/** Builds and wires the return-to-lift planner. */
function planCalculator(section, mount, cfg) {
  const c = shell(section, mount, cfg, 'return-plan');
  const loading = cfg.loading || {};
  const start = bounded(loading.start_percent, 40, 50, 40);
  const technique = bounded(loading.technique_sessions, 2, 3, 3);
  const spw = bounded(loading.sessions_per_week, 1, 2, 2);
  const incOf = (unit) => {
    const wi = loading.weekly_increase || {};
    const fallback = unit === 'lb' ? { min: 5, max: 10 } : { min: 2.5, max: 5 };
    return bounded(wi[unit], fallback.min, fallback.max, fallback.min);
  };
  const pain = loading.pain || {};
  const thresholds = {
    stepBackAbove: Number.isFinite(pain.step_back_above) ? pain.step_back_above : 5,
    repeatAbove: Number.isFinite(pain.repeat_above) ? pain.repeat_above : 2,
  };
  const flags = Array.isArray(cfg.red_flags) ? cfg.red_flags : [];
  const ranges = () => ({ start, technique, spw, increase: incOf(c.eq.unit) });
  c.ranges = ranges();
  const q = c.query;
  const state = {
    weight: fromQuery(q, 'weight', ''),
    start: fromQuery(q, 'start', String(start.default)),
    technique: fromQuery(q, 'technique', String(technique.default)),
    spw: fromQuery(q, 'spw', String(spw.default)),
    increase: fromQuery(q, 'increase', String(incOf(c.eq.unit).default)),
    reps: fromQuery(q, 'reps', ''),
  };
  touchFromQuery(c, ['weight', 'start', 'technique', 'spw', 'increase', 'reps']);

  const f = {
    weight: textField({
      id: `${c.id}-weight`,
      name: 'weight',
      label: 'Pre-injury working weight',
      hint: 'The weight you deadlifted for your working sets before the injury.',
      suffix: c.eq.unit,
      value: state.weight,
    }),
    start: textField({
      id: `${c.id}-start`,
      name: 'start',
      label: 'Starting percent',
      hint: `From ${start.min} to ${start.max}% of that weight.`,
      suffix: '%',
      value: state.start,
      width: 'w2',
    }),
    technique: textField({
      id: `${c.id}-technique`,
      name: 'technique',
      label: 'Technique-only sessions',
      hint: `From ${technique.min} to ${technique.max}: movement quality only, film from the side.`,
      value: state.technique,
      width: 'w2',
      inputmode: 'numeric',
    }),
    spw: textField({
      id: `${c.id}-spw`,
      name: 'spw',
      label: 'Sessions per week',
      hint: `${spw.min} or ${spw.max}, with 48–72 hours between sessions.`,
      value: state.spw,
      width: 'w2',
      inputmode: 'numeric',
    }),
    increase: textField({
      id: `${c.id}-increase`,
      name: 'increase',
      label: 'Weekly increase',
      hint: `From ${withUnit(incOf(c.eq.unit).min, c.eq.unit)} to ${withUnit(incOf(c.eq.unit).max, c.eq.unit)}, once a week.`,
      suffix: c.eq.unit,
      value: state.increase,
      width: 'w3',
    }),
    reps: textField({
      id: `${c.id}-reps`,
      name: 'reps',
      label: 'Reps of your pre-injury working set (optional)',
      hint: 'From 1 to 12. Marks the sessions where a belt can help.',
      value: state.reps,
      width: 'w2',
      inputmode: 'numeric',
    }),
  };
  for (const [k, field] of Object.entries(f)) {
    c.fields.set(k, field);
  }
  c.onUnit = (from, to) => {
    state.weight = convertTyped(state.weight, from, to);
    f.weight.input.value = state.weight;
    // The increase maps range to range (2.5 kg <-> 5 lb, 5 kg <-> 10 lb), else converts, clamped.
    const a = incOf(from);
    const b = incOf(to);
    const n = parseTyped(state.increase);
    if (n !== null) {
      let m;
      if (sameWeight(n, a.min)) {
        m = b.min;
      } else if (sameWeight(n, a.max)) {
        m = b.max;
      } else {
        m = Math.min(b.max, Math.max(b.min, convertWeight(n, from, to)));
      }
      state.increase = String(m);
      f.increase.input.value = state.increase;
    }
  };
  const unitTexts = () => {
    const u = c.eq.unit;
    const inc = incOf(u);
    f.weight.wrap.querySelector('.calc-affix').textContent = u;
    f.increase.wrap.querySelector('.calc-affix').textContent = u;
    f.increase.wrap.querySelector('.calc-hint').textContent =
      `From ${withUnit(inc.min, u)} to ${withUnit(inc.max, u)}, once a week.`;
    c.ranges = ranges();
  };

  // Plan view: tools, table (muted for screen readers while it changes), check-in.
  const summary = h('div', { class: 'calc-plan-summary' });
  const compactId = `${c.id}-compact`;
  const compactBox = h('input', { class: 'calc-choice__input', id: compactId, type: 'checkbox' });
  const printButton = h('button', { class: 'calc-button calc-button--secondary', type: 'button', text: 'Print the plan' });
  printButton.addEventListener('click', () => window.print());
  const tools = h('div', { class: 'calc-tools', hidden: true }, [
    h('div', { class: 'calc-choice' }, [
      compactBox,
      h('label', { class: 'calc-choice__label', for: compactId, text: 'Compact view: one row per week' }),
    ]),
    printButton,
  ]);
  const tableHost = h('div', {
    class: 'calc-table-wrap',
    'aria-live': 'off',
    role: 'region',
    tabindex: '0',
    'aria-label': 'Return-to-lift plan',
  });
  c.results.append(summary, tools, tableHost);
  const checkin = checkinForm(c, flags);
  mount.replaceChildren(c.form, c.results, checkin.root);

  c.form.append(
    c.summary.box,
    f.weight.wrap,
    c.details,
    f.start.wrap,
    f.technique.wrap,
    f.spw.wrap,
    f.increase.wrap,
    f.reps.wrap,
  );

  listen(c, (target) => {
    if (target.name in state) {
      state[target.name] = target.value;
    }
  });

  let table = null;
  compactBox.addEventListener('change', () => {
    if (table) {
      table.classList.toggle('calc-plan--compact', compactBox.checked);
    }
  });

  let lastKey = null;
  c.update = () => {
    unitTexts();
    const { input: eqInput, errors: countErrors } = equipmentInput(c);
    const input = {
      ...eqInput,
      weight: state.weight,
      start: state.start,
      technique: state.technique,
      spw: state.spw,
      increase: state.increase,
      reps: state.reps.trim() === '' ? null : state.reps,
      beltPercent: Number.isFinite(loading.belt_percent) ? loading.belt_percent : 80,
      ranges: ranges(),
    };
    const spwN = parseTyped(state.spw);
    const checkins = loadCheckins();
    const decided = decisionsFor(checkins, spwN && spwN > 0 ? spwN : 1, flags, thresholds);
    const plan = adjustPlan(input, decided.weekDecisions);
    const errors = countErrors.concat(plan.ok ? [] : plan.errors);
    const ctx = messageContext(c, eqInput);
    showErrors(c, errors, ctx);
    syncQuery({
      ...equipmentQuery(cfg, c.eq),
      weight: queryValue(state.weight),
      start: queryValue(state.start),
      technique: queryValue(state.technique),
      spw: queryValue(state.spw),
      increase: queryValue(state.increase),
      reps: queryValue(state.reps),
    });
    const ok = errors.length === 0 && plan.ok;
    const key = ok
      ? JSON.stringify([plan, c.eq.unit, [...decided.bySession.entries()].map(([n, d]) => [n, d.decision, d.urgent])])
      : `errors:${errors.length}`;
    if (key === lastKey) {
      return;
    }
    lastKey = key;
    tools.hidden = !ok;
    checkin.setPlan(ok ? plan : null, decided, input);
    if (!ok) {
      table = null;
      tableHost.replaceChildren();
      summary.replaceChildren(h('p', { class: 'calc-placeholder', text: placeholder(c, errors, ctx, 'your plan') }));
      return;
    }
    const unit = c.eq.unit;
    summary.replaceChildren(...planSummary(plan, state, unit, input));
    table = planTable(plan, unit, decided, (session) => checkin.select(session));
    table.classList.toggle('calc-plan--compact', compactBox.checked);
    tableHost.replaceChildren(table);
  };
  c.update();
  return c;
}

/** The plan's summary: total weeks, technique block, flags, stop and advice notes. */
function planSummary(plan, state, unit, input) {
  const out = [];
  const months = Math.round((plan.totalWeeks * 7) / 30.44);
  out.push(plan.stopped
    ? h('p', { class: 'calc-total' }, [
      h('strong', { text: `Stopped in week ${plan.totalWeeks}` }),
      `: the plan ends here, short of ${withUnit(plan.cap, unit)}.`,
    ])
    : h('p', { class: 'calc-total' }, [
      h('strong', { text: `${plan.totalWeeks} ${plan.totalWeeks === 1 ? 'week' : 'weeks'}` }),
      ` from ${withUnit(plan.start, unit)} to ${withUnit(plan.cap, unit)}`,
      months >= 2 ? ` (about ${months} months)` : '',
      '. Loads go up once a week, never faster.',
    ]));
  const t = parseTyped(input.technique);
  out.push(h('p', {
    class: 'calc-note calc-note--technique',
    text: `Technique block: week${plan.techniqueWeeks === 1 ? '' : 's'} 1${plan.techniqueWeeks > 1 ? `–${plan.techniqueWeeks}` : ''}. The first ${t} sessions stay at ${withUnit(plan.start, unit)} for movement quality only: film each set from the side.`,
  }));
  if (plan.startFlagged) {
    out.push(h('p', {
      class: 'calc-notice',
      text: `${state.start}% of your weight is less than the bar${parseTyped(input.collar) ? ' and collars' : ''}, so the plan starts with ${withUnit(plan.start, unit)}.`,
    }));
  }
  const w = parseTyped(state.weight);
  if (w !== null && !sameWeight(w, plan.cap)) {
    out.push(h('p', {
      class: 'calc-notice',
      text: `${withUnit(fromHundredths(toHundredths(w)), unit)} is not loadable with your plates; the target is ${withUnit(plan.cap, unit)}.`,
    }));
  }
  if (plan.stopped) {
    out.push(h('div', { class: 'calc-decision calc-decision--stop' }, [
      h('p', { class: 'calc-decision__title', text: `The plan stopped in week ${plan.totalWeeks}.` }),
      h('p', { text: 'A check-in had a red flag. Do not deadlift until a clinician has seen you. Clear the check-ins to start a new plan.' }),
    ]));
  }
  if (plan.advice === 'return_to_stage_4') {
    out.push(h('div', { class: 'calc-decision calc-decision--step_back' }, [
      h('p', {
        class: 'calc-decision__title',
        text: 'You are already at the starting load: go back to stage 4 of the protocol until the pain settles.',
      }),
    ]));
  }
  return out;
}

/** The week-by-week plan table, with the compact view's extra cells. */
function planTable(plan, unit, decided, onCheckin) {
  const head = h('thead', {}, [h('tr', {}, [
    h('th', { scope: 'col', text: 'Week' }),
    h('th', { scope: 'col', class: 'calc-col-session', text: 'Session' }),
    h('th', { scope: 'col', class: 'calc-compact-only', text: 'Sessions' }),
    h('th', { scope: 'col' }, ['Load', h('span', { class: 'calc-sub', text: 'plates per side' })]),
    h('th', { scope: 'col', text: 'Focus' }),
  ])]);
  const weeks = new Map();
  for (const r of plan.rows) {
    if (!weeks.has(r.week)) {
      weeks.set(r.week, []);
    }
    weeks.get(r.week).push(r);
  }
  const nextOpen = plan.rows.find((r) => !decided.bySession.has(r.session));
  const body = h('tbody', {});
  for (const [week, rows] of weeks) {
    const foci = [...new Set(rows.map((r) => r.focus))];
    rows.forEach((r, i) => {
      const d = decided.bySession.get(r.session);
      let check = null;
      if (d) {
        check = h('span', {
          class: `calc-tag calc-tag--${d.decision}`,
          text: d.decision === 'stop' && d.urgent ? 'Stop: emergency' : DECISION_LABEL[d.decision],
        });
      } else if (nextOpen && nextOpen.session === r.session && !plan.stopped) {
        check = h('button', { class: 'calc-button calc-button--small', type: 'button', text: 'Check in' });
        check.addEventListener('click', () => onCheckin(r.session));
      }
      const tr = h('tr', {
        class: [
          `calc-plan__row--${r.focus}`,
          i === 0 ? 'calc-plan__row--week-start' : 'calc-plan__row--follow',
        ].join(' '),
        'data-week': String(r.week),
        'data-session': String(r.session),
        'data-load': String(r.load),
        'data-plates': r.plates.join(','),
        'data-focus': r.focus,
        'data-belt': r.belt ? 'true' : null,
      }, [
        h('th', { scope: 'row', class: 'calc-num', text: String(week) }),
        h('td', { class: 'calc-num calc-col-session', text: String(r.session) }),
        h('td', {
          class: 'calc-num calc-compact-only',
          text: rows.length > 1 ? `${rows[0].session}–${rows[rows.length - 1].session}` : String(r.session),
        }),
        h('td', {}, [
          h('span', { class: 'calc-load', text: withUnit(r.load, unit) }),
          h('span', { class: 'calc-sub', text: platesText(r.plates) }),
        ]),
        h('td', {}, [
          h('span', { class: `calc-focus calc-focus--${r.focus}`, text: FOCUS_LABEL[r.focus] }),
          i === 0 && foci.length > 1
            ? h('span', { class: 'calc-compact-only', text: ` then ${foci.slice(1).map((x) => FOCUS_LABEL[x].toLowerCase()).join(', ')}` })
            : null,
          r.belt ? h('span', { class: 'calc-tag calc-tag--belt', text: 'Belt' }) : null,
          check ? h('span', { class: 'calc-col-checkin' }, [check]) : null,
        ]),
      ]);
      body.append(tr);
    });
  }
  return h('table', { class: 'calc-table calc-plan' }, [
    h('caption', { text: `Your return-to-lift plan, ${plan.totalWeeks} weeks, plates per side of the bar` }),
    head,
    body,
  ]);
}

/**
 * The per-session check-in: pain during and next morning (0-10), clean form, every red-flag
 * question, each yes/no. Saved only in localStorage; export as JSON, or clear.
 */
function checkinForm(c, flags) {
  const id = `${c.id}-checkin`;
  const fields = new Map();
  const touched = new Set();
  const summaryBox = errorSummary(focusField);
  const sessionId = `${id}-session`;
  const sessionSelect = h('select', { class: 'calc-select', id: sessionId, name: 'session' });
  const sessionField = h('div', { class: 'calc-field' }, [
    h('label', { class: 'calc-label', for: sessionId, text: 'Session' }),
    sessionSelect,
  ]);
  const during = textField({
    id: `${id}-during`,
    name: 'painDuring',
    label: 'Pain during the session',
    hint: 'From 0 (none) to 10 (the worst you can imagine).',
    width: 'w2',
    inputmode: 'decimal',
  });
  const morning = textField({
    id: `${id}-morning`,
    name: 'painMorning',
    label: 'Pain the next morning',
    hint: 'From 0 to 10, when you get up.',
    width: 'w2',
    inputmode: 'decimal',
  });
  const yesNo = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];
  const clean = radioField({
    id: `${id}-clean`,
    name: 'cleanForm',
    legend: 'Did every set look clean on video?',
    hint: 'A flat back from the floor to lockout, no rounding, no hitching.',
    inline: true,
    options: yesNo,
  });
  fields.set('painDuring', during);
  fields.set('painMorning', morning);
  fields.set('cleanForm', clean);
  const flagFields = flags.map((flag, i) => {
    const field = radioField({
      id: `${id}-flag-${i}`,
      name: `redFlags.${i}`,
      legend: flag.question,
      inline: true,
      options: yesNo,
    });
    field.wrap.classList.add(`calc-flag--${flag.urgency}`);
    fields.set(`redFlags.${i}`, field);
    return field;
  });
  const save = h('button', { class: 'calc-button', type: 'submit', text: 'Save check-in' });
  const decisionHost = h('div', { class: 'calc-decision-host', 'aria-live': 'polite' });
  const form = h('form', { class: 'calc-form calc-checkin__form', novalidate: true, action: '#' }, [
    summaryBox.box,
    sessionField,
    during.wrap,
    morning.wrap,
    clean.wrap,
    h('fieldset', { class: 'calc-fieldset calc-flags' }, [
      h('legend', { class: 'calc-legend', text: 'Red flags' }),
      h('p', { class: 'calc-hint', text: 'Any "yes" stops the plan.' }),
      ...flagFields.map((x) => x.wrap),
    ]),
    save,
  ]);
  const exportButton = h('button', { class: 'calc-button calc-button--secondary', type: 'button', text: 'Export (JSON)' });
  const clearButton = h('button', { class: 'calc-button calc-button--warning', type: 'button', text: 'Clear' });
  const confirmYes = h('button', { class: 'calc-button calc-button--warning', type: 'button', text: 'Yes, delete them' });
  const confirmNo = h('button', { class: 'calc-button calc-button--secondary', type: 'button', text: 'Cancel' });
  const confirmBox = h('div', { class: 'calc-confirm', hidden: true, role: 'group', 'aria-label': 'Confirm' }, [
    h('p', { text: 'Delete every check-in saved in this browser? This cannot be undone.' }),
    confirmYes,
    confirmNo,
  ]);
  const savedNote = h('p', { class: 'calc-hint' });
  const root = h('section', { class: 'calc-checkin', 'aria-labelledby': `${id}-title`, hidden: true }, [
    h('h3', { id: `${id}-title`, text: 'Check in after each session' }),
    h('p', {
      class: 'calc-hint',
      text: 'Your answers stay in this browser and never leave your device. The pain limits come from a model studied in tendon pain, not back pain: treat them as a guide.',
    }),
    form,
    decisionHost,
    h('div', { class: 'calc-tools calc-checkin__tools' }, [savedNote, exportButton, clearButton]),
    confirmBox,
  ]);

  let plan = null;
  let decided = { bySession: new Map(), weekDecisions: [] };
  let planInput = null;

  const readForm = () => ({
    painDuring: during.input.value,
    painMorning: morning.input.value,
    cleanForm: checkedValue(clean.radios) === null ? null : checkedValue(clean.radios) === 'yes',
    redFlags: flagFields.map((x, i) => ({
      urgency: flags[i].urgency,
      yes: checkedValue(x.radios) === null ? null : checkedValue(x.radios) === 'yes',
    })),
  });

  const showDecision = (d, yesFlags) => {
    if (!d) {
      decisionHost.replaceChildren();
      return;
    }
    const unit = c.eq.unit;
    const inc = parseTyped(planInput ? planInput.increase : '') || 0;
    const n = Number(sessionSelect.value);
    const row = plan ? plan.rows.find((r) => r.session === n) : null;
    const panel = h('div', {
      class: `calc-decision calc-decision--${d.decision}`,
      role: d.decision === 'stop' ? 'alert' : null,
      'data-decision': d.decision,
      'data-urgent': d.urgent ? 'true' : null,
    }, [
      h('p', { class: 'calc-decision__title', text: decisionText(d, inc, unit, row, plan ? plan.techniqueWeeks : 0) }),
      ...yesFlags.map((flag) => h('p', { text: flag.action })),
    ]);
    decisionHost.replaceChildren(panel);
  };

  const fill = (rec) => {
    during.input.value = rec ? String(rec.painDuring) : '';
    morning.input.value = rec ? String(rec.painMorning) : '';
    for (const r of clean.radios) {
      r.checked = rec ? r.value === (rec.cleanForm ? 'yes' : 'no') : false;
    }
    flagFields.forEach((x, i) => {
      const yes = rec && rec.redFlags ? rec.redFlags[flags[i].id] : undefined;
      for (const r of x.radios) {
        r.checked = yes === undefined ? false : r.value === (yes ? 'yes' : 'no');
      }
    });
  };

  const clearErrors = () => {
    touched.clear();
    for (const field of fields.values()) {
      setFieldError(field, null, null);
    }
    summaryBox.update([]);
  };

  const showSelected = () => {
    const n = Number(sessionSelect.value);
    const d = decided.bySession.get(n);
    fill(d ? d.rec : null);
    clearErrors();
    showDecision(d || null, d ? flags.filter((flag) => d.rec.redFlags && d.rec.redFlags[flag.id] === true) : []);
  };

  sessionSelect.addEventListener('change', showSelected);

  const validate = (all) => {
    const errors = validateCheckin(readForm());
    const ctx = { unit: c.eq.unit, ranges: c.ranges, kind: c.kind };
    const shown = [];
    const byField = new Map(errors.map((e) => [e.field, e.code]));
    for (const [name, field] of fields) {
      const code = byField.has(name) && (all || touched.has(name)) ? byField.get(name) : null;
      const text = code === null ? null : message(name, code, ctx);
      setFieldError(field, code, text);
      if (code !== null) {
        shown.push({ field, message: text });
      }
    }
    summaryBox.update(shown);
    return errors;
  };

  form.addEventListener('input', (event) => {
    if (event.target.name && fields.has(event.target.name)) {
      touched.add(event.target.name);
      validate(false);
    }
  });
  form.addEventListener('change', (event) => {
    if (event.target.name && fields.has(event.target.name)) {
      touched.add(event.target.name);
      validate(false);
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors = validate(true);
    if (errors.length > 0) {
      summaryBox.box.focus();
      return;
    }
    const answers = readForm();
    const session = Number(sessionSelect.value);
    const data = loadCheckins();
    data.sessions[String(session)] = {
      session,
      painDuring: parseTyped(answers.painDuring),
      painMorning: parseTyped(answers.painMorning),
      cleanForm: answers.cleanForm,
      redFlags: Object.fromEntries(flags.map((flag, i) => [flag.id, answers.redFlags[i].yes])),
      recorded: new Date().toISOString(),
    };
    store(CHECKINS_KEY, data);
    c.update();
    sessionSelect.value = String(session);
    showSelected();
  });

  exportButton.addEventListener('click', () => {
    const data = loadCheckins();
    const blob = new Blob([JSON.stringify({
      exported: new Date().toISOString(),
      unit: c.eq.unit,
      plan: planInput,
      checkins: data.sessions,
    }, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: 'hinge-checkins.json', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  clearButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirmBox.hidden = true;
    clearButton.focus();
  });
  confirmYes.addEventListener('click', () => {
    store(CHECKINS_KEY, null);
    confirmBox.hidden = true;
    c.update();
    showSelected();
    clearButton.focus();
  });

  const setPlan = (p, d, input) => {
    plan = p;
    decided = d;
    planInput = input;
    root.hidden = plan === null;
    if (plan === null) {
      return;
    }
    const previous = sessionSelect.value;
    const unit = c.eq.unit;
    sessionSelect.replaceChildren(...plan.rows.map((r) => {
      const done = decided.bySession.has(r.session);
      return h('option', {
        value: String(r.session),
        text: `Session ${r.session}, week ${r.week}, ${withUnit(r.load, unit)}${done ? ' (recorded)' : ''}`,
      });
    }));
    const open = plan.rows.find((r) => !decided.bySession.has(r.session));
    const keep = plan.rows.some((r) => String(r.session) === previous);
    sessionSelect.value = keep ? previous : String(open ? open.session : plan.rows[plan.rows.length - 1].session);
    const count = decided.bySession.size;
    savedNote.textContent = count === 0
      ? 'No check-ins saved yet.'
      : `${count} check-in${count === 1 ? '' : 's'} saved in this browser.`;
    exportButton.disabled = count === 0;
    clearButton.disabled = count === 0;
  };

  const select = (session) => {
    sessionSelect.value = String(session);
    showSelected();
    during.input.focus();
  };

  return { root, setPlan, select };
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

/** Wires every calculator on the page; a section with broken config keeps its no-JS text. */
function init() {
  for (const section of document.querySelectorAll('.calculator')) {
    const mount = section.querySelector('.calculator__mount[data-mount]');
    const script = section.querySelector('script.calculator__config');
    if (!mount || !script || section.classList.contains('calculator--ready')) {
      continue;
    }
    let cfg;
    try {
      cfg = JSON.parse(script.textContent);
    } catch (e) {
      continue;
    }
    if (!cfg || !cfg.plates || !cfg.plates.kg || !cfg.plates.lb) {
      continue;
    }
    const kind = mount.getAttribute('data-mount');
    if (kind === 'warmup') {
      warmupCalculator(section, mount, cfg);
    } else if (kind === 'return-plan') {
      planCalculator(section, mount, cfg);
    } else {
      continue;
    }
    section.classList.add('calculator--ready');
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init);
} else {
  init();
}

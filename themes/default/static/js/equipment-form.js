// @ts-check
/**
 * @file equipment-form.js: the "Bar and plates" part of both calculators' forms: unit, bar,
 * collars, the unit of the plates (kg plates on a lb bar and the reverse), the plate sizes and
 * the optional plate counts. Rebuilt when the unit or the plate unit changes.
 */

import { h, withUnit } from './dom.js';
import { checkbox, errorElement, radioField, textField } from './fields.js';
import { current, equipmentSummary, plateOptions, saveEquipment, switchUnit } from './equipment.js';

/**
 * @typedef {{cfg: any, id: string, eq: import('./equipment.js').EquipmentState,
 *   fields: Map<string, import('./fields.js').Field>, host: HTMLElement, summaryText: HTMLElement,
 *   controls?: any, onUnit: (from: 'kg'|'lb', to: 'kg'|'lb') => void}} EquipmentContext
 */

/**
 * A bar or collar choice with its "another weight" field revealed under it.
 * @param {EquipmentContext} c
 * @param {'bar'|'collar'} key
 */
function presetField(c, key) {
  const u = c.eq.unit;
  const b = c.eq.units[u];
  const e = c.cfg.plates[u];
  const presets = key === 'bar' ? e.bars : e.collars;
  const other = textField({
    id: `${c.id}-${key}`, name: key, label: key === 'bar' ? `Bar weight in ${u}` : `Weight of one collar in ${u}`,
    suffix: u, value: key === 'bar' ? b.barOther : b.collarOther, width: 'w4',
  });
  other.wrap.classList.add('calc-reveal');
  const field = radioField({
    id: `${c.id}-${key}-choice`,
    name: `${key}-choice`,
    legend: key === 'bar' ? 'Bar' : 'Collars',
    hint: key === 'collar' ? 'Count the weight of one collar; most spring clips weigh almost nothing.' : undefined,
    value: b[key],
    options: presets.map((/** @type {any} */ p, /** @type {number} */ i) => ({
      value: String(i),
      label: key === 'bar' || p.weight > 0 ? `${p.name} (${withUnit(p.weight, u)}${key === 'collar' ? ' each' : ''})` : p.name,
    })).concat([{ value: 'other', label: 'Another weight' }]),
  });
  const items = field.items || [];
  items[items.length - 1].after(other.wrap);
  other.wrap.hidden = b[key] !== 'other';
  c.fields.set(key, other);
  return { field, other };
}

/**
 * The plate sizes as checkboxes.
 * @param {EquipmentContext} c
 */
function plateBoxes(c) {
  const { ps, plateUnit } = current(c.eq);
  const opts = plateOptions(c.cfg, plateUnit);
  /** @type {HTMLInputElement[]} */
  const boxes = [];
  const item = (/** @type {number} */ size, /** @type {boolean} */ micro) => {
    const { wrap, box } = checkbox(`${c.id}-plate-${String(size).replace('.', '_')}`, 'plate',
      `${withUnit(size, plateUnit)}${micro ? ' (micro)' : ''}`, ps.sizes.includes(String(size)));
    box.value = String(size);
    boxes.push(box);
    return wrap;
  };
  const errorId = `${c.id}-plates-error`;
  const err = errorElement(errorId);
  const fieldset = h('fieldset', { class: 'calc-fieldset', 'aria-describedby': `${c.id}-plates-hint ${errorId}` }, [
    h('legend', { class: 'calc-legend', text: 'Plates you can use' }),
    h('div', { class: 'calc-hint', id: `${c.id}-plates-hint`, text: 'Micro plates let you make smaller jumps.' }),
    err.error,
    h('div', { class: 'calc-choices calc-choices--grid' },
      opts.standard.map((p) => item(p, false)).concat(opts.micro.map((p) => item(p, true)))),
  ]);
  const wrap = h('div', { class: 'calc-field', 'data-field': 'plates' }, [fieldset]);
  c.fields.set('plates', { wrap, controls: boxes, error: err.error, errorText: err.text, focus: boxes[0], label: 'Plates' });
  return { wrap, boxes, sizes: opts.standard.concat(opts.micro) };
}

/**
 * The optional plate counts, revealed by "I have a limited number of plates".
 * @param {EquipmentContext} c
 * @param {number[]} sizes
 */
function plateCounts(c, sizes) {
  const { ps, plateUnit } = current(c.eq);
  const limit = checkbox(`${c.id}-limit`, 'limit', 'I have a limited number of plates', ps.limit);
  const box = h('div', { class: 'calc-reveal calc-counts', id: `${c.id}-counts` }, [
    h('p', { class: 'calc-hint', text: 'Count every plate of each size. Plates go on in pairs, so an odd one out is not used. Leave a size empty if you have none.' }),
  ]);
  const countFields = sizes.map((size) => {
    const f = textField({
      id: `${c.id}-count-${String(size).replace('.', '_')}`, name: `count-${size}`,
      label: `${withUnit(size, plateUnit)} plates you own`, value: ps.counts[String(size)] || '', width: 'w3', inputmode: 'numeric',
    });
    f.wrap.hidden = !ps.sizes.includes(String(size));
    f.wrap.setAttribute('data-size', String(size));
    c.fields.set(`count-${size}`, f);
    box.append(f.wrap);
    return f;
  });
  box.hidden = !ps.limit;
  limit.box.setAttribute('aria-controls', box.id);
  limit.box.setAttribute('aria-expanded', String(ps.limit));
  return { wrap: h('div', { class: 'calc-field' }, [limit.wrap, box]), limit: limit.box, box, countFields };
}

/**
 * Builds the equipment fields for the state's unit into `c.host`.
 * @param {EquipmentContext} c
 */
export function buildEquipment(c) {
  for (const key of [...c.fields.keys()]) {
    if (key.startsWith('count-')) {
      c.fields.delete(key);
    }
  }
  const u = c.eq.unit;
  const other = u === 'kg' ? 'lb' : 'kg';
  const unitField = radioField({
    id: `${c.id}-unit`, name: 'unit', legend: 'Unit of the bar and your weights', inline: true, value: u,
    options: [{ value: 'kg', label: 'kg' }, { value: 'lb', label: 'lb' }],
  });
  const plateUnitField = radioField({
    id: `${c.id}-plate-unit`, name: 'plate-unit', legend: 'Your plates are in', inline: true,
    hint: `Some gyms have ${other} plates for a ${u} bar: choose ${other} and every load is shown in both units.`,
    value: current(c.eq).plateUnit,
    options: [{ value: u, label: u }, { value: other, label: `${other} (mixed)` }],
  });
  const bar = presetField(c, 'bar');
  const collar = presetField(c, 'collar');
  const plates = plateBoxes(c);
  const counts = plateCounts(c, plates.sizes);
  c.fields.set('unit', unitField);
  c.controls = { unitField, bar, collar, plates, counts };
  c.host.replaceChildren(unitField.wrap, bar.field.wrap, collar.field.wrap, plateUnitField.wrap, plates.wrap, counts.wrap);
  c.summaryText.textContent = equipmentSummary(c.cfg, c.eq);
}

/**
 * Applies one input or change event inside the equipment fields; returns true if it was one.
 * @param {EquipmentContext} c
 * @param {HTMLInputElement} target
 * @returns {boolean}
 */
export function equipmentEvent(c, target) {
  const s = c.eq;
  const b = s.units[s.unit];
  const { ps } = current(s);
  const ctl = c.controls;
  const name = target.name;
  if (name === 'unit' && target.checked && target.value !== s.unit) {
    const from = s.unit;
    switchUnit(s, /** @type {'kg'|'lb'} */ (target.value));
    c.onUnit(from, s.unit);
    buildEquipment(c);
    c.controls.unitField.radios.find((/** @type {HTMLInputElement} */ r) => r.value === s.unit)?.focus();
  } else if (name === 'plate-unit' && target.checked) {
    b.plateUnit = /** @type {'kg'|'lb'} */ (target.value);
    buildEquipment(c);
    document.getElementById(target.id)?.focus();
  } else if (name === 'bar-choice' || name === 'collar-choice') {
    const key = name === 'bar-choice' ? 'bar' : 'collar';
    b[key] = target.value;
    ctl[key].other.wrap.hidden = target.value !== 'other';
  } else if (name === 'bar' || name === 'collar') {
    b[name === 'bar' ? 'barOther' : 'collarOther'] = target.value;
  } else if (name === 'plate') {
    ps.sizes = ctl.plates.boxes.filter((/** @type {HTMLInputElement} */ x) => x.checked).map((/** @type {HTMLInputElement} */ x) => x.value);
    for (const f of ctl.counts.countFields) {
      f.wrap.hidden = !ps.sizes.includes(f.wrap.getAttribute('data-size'));
    }
  } else if (name === 'limit') {
    ps.limit = target.checked;
    ctl.counts.box.hidden = !ps.limit;
    target.setAttribute('aria-expanded', String(ps.limit));
  } else if (name.startsWith('count-')) {
    ps.counts[name.slice(6)] = target.value;
  } else {
    return false;
  }
  c.summaryText.textContent = equipmentSummary(c.cfg, s);
  saveEquipment(s);
  return true;
}

/**
 * The "Bar and plates" disclosure around the equipment fields.
 * @param {EquipmentContext} c
 * @returns {HTMLElement}
 */
export function equipmentDetails(c) {
  return h('details', { class: 'calc-equipment' }, [
    h('summary', { class: 'calc-equipment__toggle' }, [
      h('span', { class: 'calc-equipment__title', text: 'Bar and plates' }),
      c.summaryText,
    ]),
    c.host,
  ]);
}

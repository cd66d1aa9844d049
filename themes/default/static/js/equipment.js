// @ts-check
/**
 * @file equipment.js: the reader's bar, collars and plates as state: read from the URL query,
 * localStorage or the data's defaults, turned into a loads.js input, a URL query and a snapshot
 * kept with a saved plan. Each unit keeps its own equipment; switching maps the bar preset
 * (20 kg <-> 45 lb, 15 kg <-> 35 lb, 25 kg <-> 55 lb) and converts only typed weights.
 */

import { convertWeight, parseTyped } from './num.js';
import { queryValue, sameWeight, withUnit } from './dom.js';

export const UNITS = /** @type {const} */ (['kg', 'lb']);
const STORE_KEY = 'hinge.equipment.v2';

/**
 * @typedef {{bar: string, barOther: string, collar: string, collarOther: string,
 *   plateUnit: 'kg'|'lb'}} BarState
 * @typedef {{sizes: string[], limit: boolean, counts: Object<string, string>}} PlateState
 * @typedef {{unit: 'kg'|'lb', units: {kg: BarState, lb: BarState}, plates: {kg: PlateState, lb: PlateState}}} EquipmentState
 */

/**
 * The unit's plate sizes offered: standard then micro.
 * @param {any} cfg
 * @param {'kg'|'lb'} unit
 * @returns {{standard: number[], micro: number[]}}
 */
export function plateOptions(cfg, unit) {
  const e = cfg.plates[unit];
  return { standard: e.plates.slice(), micro: (e.micro_plates || []).slice() };
}

/**
 * The preset index matching a weight, or 'other'.
 * @param {{weight: number}[]} presets
 * @param {number|null} weight
 * @returns {string}
 */
function presetFor(presets, weight) {
  const i = presets.findIndex((p) => weight !== null && sameWeight(p.weight, weight));
  return i >= 0 ? String(i) : 'other';
}

/**
 * The defaults of the data for both units.
 * @param {any} cfg
 * @returns {EquipmentState}
 */
function defaults(cfg) {
  const unit = UNITS.includes(cfg.default_unit) ? cfg.default_unit : 'kg';
  const bar = (/** @type {'kg'|'lb'} */ u) => ({ bar: '0', barOther: '', collar: '0', collarOther: '', plateUnit: u });
  const plates = (/** @type {'kg'|'lb'} */ u) => ({ sizes: plateOptions(cfg, u).standard.map(String), limit: false, counts: {} });
  return { unit, units: { kg: bar('kg'), lb: bar('lb') }, plates: { kg: plates('kg'), lb: plates('lb') } };
}

/**
 * Reads stored equipment (shape checked), or null.
 * @returns {EquipmentState|null}
 */
function stored() {
  try {
    const s = JSON.parse(window.localStorage.getItem(STORE_KEY) || 'null');
    return s && UNITS.includes(s.unit) && s.units && s.units.kg && s.units.lb && s.plates && s.plates.kg && s.plates.lb ? s : null;
  } catch (e) {
    return null;
  }
}

/**
 * Saves the equipment in localStorage (silently skipped when storage is unavailable).
 * @param {EquipmentState} s
 */
export function saveEquipment(s) {
  try {
    window.localStorage.setItem(STORE_KEY, JSON.stringify(s));
  } catch (e) {
    // Private mode or a full store: the calculators work without it.
  }
}

/**
 * Parses `45:1,25:1,10:3` into plate counts (2 x pairs) for the sizes offered.
 * @param {string} text
 * @param {number[]} sizes
 * @returns {Object<string, string>}
 */
function countsFromPairs(text, sizes) {
  /** @type {Object<string, string>} */
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
 * Applies equipment from a query or a snapshot (`unit`, `bar`, `collar`, `plates`, `pairs`,
 * `plateunit`) on top of a state.
 * @param {any} cfg
 * @param {EquipmentState} s
 * @param {(key: string) => string|null} get
 */
function applyValues(cfg, s, get) {
  const unit = UNITS.includes(/** @type {any} */ (get('unit'))) ? /** @type {'kg'|'lb'} */ (get('unit')) : s.unit;
  s.unit = unit;
  const b = s.units[unit];
  const pu = get('plateunit');
  if (pu === 'kg' || pu === 'lb') {
    b.plateUnit = pu;
  }
  const e = cfg.plates[unit];
  for (const key of /** @type {const} */ (['bar', 'collar'])) {
    const v = get(key);
    if (v !== null && v.trim() !== '') {
      const choice = presetFor(key === 'bar' ? e.bars : e.collars, parseTyped(v));
      b[key] = choice;
      b[key === 'bar' ? 'barOther' : 'collarOther'] = choice === 'other' ? v : '';
    }
  }
  const ps = s.plates[b.plateUnit];
  const opts = plateOptions(cfg, b.plateUnit);
  const all = opts.standard.concat(opts.micro);
  const plates = get('plates');
  if (plates !== null) {
    ps.sizes = all.filter((x) => plates.split(',').some((p) => parseTyped(p) !== null && sameWeight(x, parseTyped(p)))).map(String);
  }
  const pairs = get('pairs');
  if (pairs !== null) {
    ps.limit = true;
    ps.counts = countsFromPairs(pairs, all);
  }
}

/**
 * The equipment on load: the URL query wins over localStorage, which wins over the data.
 * @param {any} cfg
 * @param {URLSearchParams} query
 * @returns {EquipmentState}
 */
export function initialEquipment(cfg, query) {
  const s = stored() || defaults(cfg);
  applyValues(cfg, s, (k) => query.get(k));
  return s;
}

/**
 * The equipment of a saved plan (a snapshot), on top of the reader's own for the other unit.
 * @param {any} cfg
 * @param {EquipmentState} base
 * @param {any} snap
 * @returns {EquipmentState}
 */
export function fromSnapshot(cfg, base, snap) {
  const s = JSON.parse(JSON.stringify(base));
  const pairs = snap.pairs ? Object.entries(snap.pairs).map(([k, v]) => `${k}:${v}`).join(',') : null;
  const values = { ...snap, plates: (snap.plates || []).join(','), pairs, plateunit: snap.plateUnit || snap.unit };
  applyValues(cfg, s, (k) => (values[k] === null || values[k] === undefined ? null : String(values[k])));
  if (!snap.pairs) {
    s.plates[s.units[s.unit].plateUnit].limit = false;
  }
  return s;
}

/**
 * The bar, its collars and plates of the current unit.
 * @param {EquipmentState} s
 */
export function current(s) {
  const b = s.units[s.unit];
  return { b, ps: s.plates[b.plateUnit], plateUnit: b.plateUnit };
}

/**
 * The bar weight as typed or from its preset; the collar weight likewise.
 * @param {any} cfg
 * @param {EquipmentState} s
 * @returns {{bar: string, collar: string}}
 */
export function barAndCollar(cfg, s) {
  const b = s.units[s.unit];
  const e = cfg.plates[s.unit];
  const bar = b.bar === 'other' ? b.barOther : String(e.bars[Number(b.bar)]?.weight ?? '');
  const c = e.collars[Number(b.collar)];
  const collar = b.collar === 'other' ? b.collarOther : c ? String(c.weight) : '0';
  return { bar, collar };
}

/**
 * Pairs from the counts (floor(count / 2)) when limited, else null; with the count errors.
 * @param {PlateState} ps
 * @returns {{pairs: null|Object<string, number>, errors: {field: string, code: string}[]}}
 */
export function pairsFromCounts(ps) {
  if (!ps.limit) {
    return { pairs: null, errors: [] };
  }
  /** @type {Object<string, number>} */
  const pairs = {};
  const errors = [];
  for (const size of ps.sizes.map(Number).sort((a, b) => b - a)) {
    const text = ps.counts[String(size)] || '';
    const n = parseTyped(text);
    const field = `count-${size}`;
    if (text.trim() === '') {
      continue;
    } else if (n === null) {
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

/**
 * The equipment part of a loads.js input, and the count errors.
 * @param {any} cfg
 * @param {EquipmentState} s
 */
export function equipmentInput(cfg, s) {
  const { ps, plateUnit } = current(s);
  const { pairs, errors } = pairsFromCounts(ps);
  const { bar, collar } = barAndCollar(cfg, s);
  const input = {
    unit: s.unit,
    bar,
    collar,
    plates: ps.sizes.map(Number).sort((a, b) => b - a),
    pairs,
    maxLoad: cfg.plates[s.unit].max_load,
    ...(plateUnit === s.unit ? {} : { plateUnit }),
  };
  return { input, errors };
}

/**
 * The equipment as saved with a plan and as URL query values.
 * @param {any} cfg
 * @param {EquipmentState} s
 */
export function snapshot(cfg, s) {
  const { input } = equipmentInput(cfg, s);
  return {
    unit: input.unit,
    bar: queryValue(input.bar),
    collar: queryValue(input.collar),
    plates: input.plates,
    pairs: input.pairs,
    plateUnit: current(s).plateUnit,
  };
}

/**
 * The equipment part of the URL query.
 * @param {any} cfg
 * @param {EquipmentState} s
 * @returns {Object<string, string|null>}
 */
export function equipmentQuery(cfg, s) {
  const snap = snapshot(cfg, s);
  const pairs = snap.pairs;
  return {
    unit: snap.unit,
    bar: snap.bar,
    collar: snap.collar,
    plates: snap.plates.join(','),
    pairs: pairs === null ? null : Object.keys(pairs).map(Number).sort((a, b) => b - a).map((k) => `${k}:${pairs[String(k)]}`).join(','),
    plateunit: snap.plateUnit === snap.unit ? null : snap.plateUnit,
  };
}

/**
 * Switches the unit: the bar preset maps by position, a typed bar weight is converted, and
 * everything else is the other unit's own equipment as the reader last set it.
 * @param {EquipmentState} s
 * @param {'kg'|'lb'} to
 */
export function switchUnit(s, to) {
  const from = s.unit;
  if (from === to) {
    return;
  }
  const a = s.units[from];
  const b = s.units[to];
  b.bar = a.bar;
  if (a.bar === 'other') {
    const n = parseTyped(a.barOther);
    b.barOther = n === null ? a.barOther : String(convertWeight(n, from, to));
  }
  s.unit = to;
}

/**
 * A short description of the equipment, for the `<summary>`.
 * @param {any} cfg
 * @param {EquipmentState} s
 * @returns {string}
 */
export function equipmentSummary(cfg, s) {
  const { bar, collar } = barAndCollar(cfg, s);
  const { ps, plateUnit } = current(s);
  const b = parseTyped(bar);
  const c = parseTyped(collar);
  const parts = [b === null ? 'bar weight missing' : `${withUnit(b, s.unit)} bar`];
  if (c) {
    parts.push(`${withUnit(c, s.unit)} collars`);
  }
  const sizes = ps.sizes.map(Number).sort((x, y) => y - x);
  parts.push(sizes.length === 0 ? 'no plates' : `${plateUnit} plates ${sizes.join(', ')}`);
  if (ps.limit) {
    parts.push('limited');
  }
  return parts.join(', ');
}

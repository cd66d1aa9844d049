// @ts-check
/**
 * @file shell.js: what both calculators share: the context (ids, fields, equipment state and its
 * form), the error-message context, and how a result area shows a result or a placeholder.
 */

import { fromHundredths, parseTyped, toHundredths } from './num.js';
import { floorLoad } from './plates.js';
import { h } from './dom.js';
import { errorSummary } from './fields.js';
import { message } from './messages.js';
import { buildEquipment, equipmentDetails } from './equipment-form.js';
import { initialEquipment } from './equipment.js';

let counter = 0;

/**
 * @typedef {import('./equipment-form.js').EquipmentContext & {kind: string, section: HTMLElement,
 *   query: URLSearchParams, ranges: any, summary: ReturnType<typeof errorSummary>,
 *   details: HTMLElement, results: HTMLElement}} Context
 */

/**
 * The context shared by both calculators, with the equipment fields built.
 * @param {HTMLElement} section
 * @param {any} cfg
 * @param {string} kind
 * @returns {Context}
 */
export function makeContext(section, cfg, kind) {
  counter += 1;
  const query = new URLSearchParams(window.location.search);
  /** @type {any} */
  const c = {
    section, cfg, kind, id: `calc${counter}`, query, fields: new Map(), eq: initialEquipment(cfg, query), ranges: {},
    onUnit: () => {}, host: h('div', { class: 'calc-equipment__body' }), summaryText: h('span', { class: 'calc-equipment__summary' }),
  };
  c.summary = errorSummary();
  c.details = equipmentDetails(c);
  c.results = h('div', { class: 'calc-results', 'aria-live': 'polite' });
  buildEquipment(c);
  return c;
}

/**
 * The context for error messages: base, heaviest loadable weight, ranges.
 * @param {Context} c
 * @param {any} input the equipment part of a loads.js input
 * @returns {import('./messages.js').MessageContext}
 */
export function messageContext(c, input) {
  const bar = parseTyped(input.bar);
  const collar = parseTyped(input.collar) || 0;
  const maxLoad = input.maxLoad || (input.unit === 'lb' ? 1320 : 600);
  const ctx = {
    kind: c.kind, unit: input.unit, maxLoad, collarUsed: collar > 0, noPlates: input.plates.length === 0, ranges: c.ranges,
    base: bar === null ? 0 : fromHundredths(toHundredths(bar) + 2 * toHundredths(collar)), maxLoadable: 0,
  };
  if (bar !== null && bar > 0) {
    const pairsH = input.pairs === null ? null : Object.fromEntries(
      Object.entries(input.pairs).map(([k, v]) => [String(toHundredths(Number(k))), v]),
    );
    ctx.maxLoadable = fromHundredths(floorLoad(toHundredths(maxLoad), {
      barH: toHundredths(bar), collarH: toHundredths(collar), platesH: input.plates.map(toHundredths), pairs: pairsH,
      maxH: toHundredths(maxLoad), unit: input.unit, plateUnit: input.plateUnit || input.unit,
    }).load);
  }
  return ctx;
}

/**
 * A message function for a context and the current equipment input.
 * @param {Context} c
 * @param {() => any} equipment returns the equipment part of the input
 * @returns {(field: string, code: string) => string}
 */
export function messages(c, equipment) {
  return (field, code) => message(field, code, messageContext(c, equipment()));
}

/**
 * The placeholder shown instead of results.
 * @param {string} text
 * @returns {HTMLElement}
 */
export function placeholder(text) {
  return h('p', { class: 'calc-placeholder', text });
}

/**
 * Whether any field of the context shows an error now.
 * @param {Context} c
 * @returns {boolean}
 */
export function showsErrors(c) {
  return [...c.fields.values()].some((f) => !f.error.hidden);
}

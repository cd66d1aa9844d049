// @ts-check
/**
 * @file dom.js: small DOM helpers shared by the calculators: element builders (no innerHTML, no
 * inline styles: the page's CSP forbids them), words for loads and plates, the URL query, and
 * file downloads.
 */

import { convertWeight, parseTyped, toHundredths } from './num.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. `props`: `class`, `text`, `hidden`, any other key as an attribute
 * (skipped when null, undefined or false).
 * @param {string} tag
 * @param {Object<string, any>} [props]
 * @param {(Node|string|null|undefined|false)[]} [children]
 * @returns {HTMLElement}
 */
export function h(tag, props, children) {
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

/**
 * Creates an SVG element with attributes.
 * @param {string} tag
 * @param {Object<string, string|number>} [attrs]
 * @returns {SVGElement}
 */
export function svg(tag, attrs) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [key, value] of Object.entries(attrs || {})) {
    node.setAttribute(key, String(value));
  }
  return node;
}

/**
 * "112.5 kg".
 * @param {number|string} n
 * @param {string} unit
 * @returns {string}
 */
export function withUnit(n, unit) {
  return `${n} ${unit}`;
}

/**
 * A load in its unit and, in brackets, the other unit: "140 kg (308.65 lb)". With `alt` (mixed
 * equipment) the exact other-unit load is used instead of a conversion.
 * @param {number} n
 * @param {'kg'|'lb'} unit
 * @param {number} [alt]
 * @returns {{main: string, other: string}}
 */
export function bothUnits(n, unit, alt) {
  const other = unit === 'kg' ? 'lb' : 'kg';
  const value = alt === undefined ? convertWeight(n, unit, other) : alt;
  return { main: withUnit(n, unit), other: withUnit(value, other) };
}

/**
 * Plates per side grouped: [25, 25, 10] is "25 x 2 + 10"; none is "Bar only".
 * @param {number[]} plates
 * @returns {string}
 */
export function platesText(plates) {
  if (plates.length === 0) {
    return 'Bar only';
  }
  const groups = [];
  for (const p of plates) {
    const last = groups[groups.length - 1];
    if (last && last.p === p) {
      last.n += 1;
    } else {
      groups.push({ p, n: 1 });
    }
  }
  return groups.map((g) => (g.n > 1 ? `${g.p} x ${g.n}` : String(g.p))).join(' + ');
}

/**
 * The config's bounded value `{min, max, default}`, with fallbacks.
 * @param {any} b
 * @param {number} min
 * @param {number} max
 * @param {number} fallback
 * @returns {{min: number, max: number, default: number}}
 */
export function bounded(b, min, max, fallback) {
  const r = b || {};
  return {
    min: Number.isFinite(r.min) ? r.min : min,
    max: Number.isFinite(r.max) ? r.max : max,
    default: Number.isFinite(r.default) ? r.default : fallback,
  };
}

/**
 * A typed value for the URL: a number as a plain decimal, anything else as typed.
 * @param {string} text
 * @returns {string}
 */
export function queryValue(text) {
  const n = parseTyped(text);
  return n === null ? String(text).trim() : String(n);
}

/**
 * Same weight, compared in hundredths.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
export function sameWeight(a, b) {
  return toHundredths(Number(a)) === toHundredths(Number(b));
}

/**
 * Rewrites the URL query with `params` (null or '' removes one), keeping the others.
 * @param {Object<string, string|null|undefined>} params
 */
export function syncQuery(params) {
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

/**
 * Offers `text` as a file download (nothing leaves the device: a blob URL).
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Today as an ISO date in the reader's time zone.
 * @returns {string}
 */
export function today() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * "Tue 1 Dec" for an ISO date.
 * @param {string} iso
 * @returns {string}
 */
export function shortDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC',
  });
}

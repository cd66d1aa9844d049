// @ts-check
/**
 * @file bar.js: one side of the bar with its plates, drawn to scale (diameter and thickness of
 * calibrated competition plates, in millimetres; thicknesses drawn twice as wide so thin plates
 * stay visible) in the standard competition colours, as inline SVG with role="img" and a text
 * alternative. Colours come from CSS classes (the CSP forbids style attributes); the cell beside
 * it writes the plates out ("25 x 2 + 10 kg") for colour-blind readers.
 */

import { svg, platesText, withUnit } from './dom.js';

/** Calibrated plates: diameter and thickness in mm, colour class. */
const KG = {
  25: [450, 27, 'red'], 20: [450, 23, 'blue'], 15: [400, 20, 'yellow'], 10: [325, 16, 'green'],
  5: [230, 19, 'white'], 2.5: [190, 16, 'black'], 1.25: [160, 12, 'chrome'], 0.5: [134, 8, 'chrome'], 0.25: [110, 6, 'chrome'],
};
/** Pound plates follow the colour of the nearest kg plate (45 lb is blue like 20 kg). */
const LB = {
  55: [450, 30, 'red'], 45: [450, 25, 'blue'], 35: [400, 21, 'yellow'], 25: [325, 18, 'green'], 10: [230, 20, 'white'],
  5: [190, 16, 'black'], 2.5: [160, 12, 'chrome'], 1.25: [134, 8, 'chrome'],
};
const THICK = 2;
const HEIGHT = 470;

/**
 * Size and colour of a plate.
 * @param {number} p
 * @param {'kg'|'lb'} unit
 * @returns {[number, number, string]}
 */
function plateSpec(p, unit) {
  const table = /** @type {Object<string, [number, number, string]>} */ (/** @type {unknown} */ (unit === 'lb' ? LB : KG));
  return table[String(p)] || [Math.max(110, Math.min(450, 110 + p * 14)), 10, 'chrome'];
}

/**
 * The bar diagram for one side.
 * @param {number[]} plates plates per side, heaviest first (innermost first)
 * @param {'kg'|'lb'} unit the unit of the plates
 * @returns {SVGElement}
 */
export function barDiagram(plates, unit) {
  const label = plates.length === 0
    ? 'Bar only, no plates'
    : `Plates on each side, from the inside: ${platesText(plates)} ${unit}`;
  const specs = plates.map((p) => plateSpec(p, unit));
  const used = specs.reduce((sum, s) => sum + s[1] * THICK + 4, 0);
  const width = 60 + Math.max(200, used + 60);
  const root = svg('svg', {
    class: 'calc-bar', viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': `${label}.`, focusable: 'false',
  });
  const mid = HEIGHT / 2;
  root.append(svg('rect', { class: 'calc-bar__shaft', x: 0, y: mid - 14, width: 40, height: 28 }));
  root.append(svg('rect', { class: 'calc-bar__stop', x: 40, y: mid - 40, width: 20, height: 80, rx: 4 }));
  root.append(svg('rect', { class: 'calc-bar__sleeve', x: 60, y: mid - 25, width: width - 60, height: 50, rx: 6 }));
  let x = 62;
  plates.forEach((p, i) => {
    const [d, t, colour] = specs[i];
    const plate = svg('rect', { class: `calc-plate calc-plate--${colour}`, x, y: mid - d / 2, width: t * THICK, height: d, rx: 4 });
    const title = svg('title');
    title.textContent = `${p} ${unit}`;
    plate.append(title);
    root.append(plate);
    x += t * THICK + 4;
  });
  return root;
}

/**
 * The plates in words with the unit for a cell: "25 x 2 + 10 kg per side".
 * @param {number[]} plates
 * @param {'kg'|'lb'} unit
 * @returns {string}
 */
export function platesLabel(plates, unit) {
  return plates.length === 0 ? 'Bar only' : withUnit(platesText(plates), unit);
}

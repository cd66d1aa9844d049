// @ts-check
/**
 * @file chart.js: the plan as a chart, inline SVG with no library: the planned load per week
 * (a line), the loads recorded at check-ins (dots) and the pain scores (bars on a 0-10 scale),
 * with a text table as its accessible alternative.
 */

import { h, svg } from './dom.js';

const W = 420;
const H = 240;
const PAD = { l: 40, r: 26, t: 18, b: 30 };

/**
 * The numbers per week: planned load, recorded loads and the worst pains.
 * @param {any} plan adjusted plan
 * @param {any} rev revision with check-ins
 */
function weeks(plan, rev) {
  /** @type {Map<number, {week: number, planned: number, recorded: number[], during: number|null, morning: number|null}>} */
  const byWeek = new Map();
  for (const r of plan.rows) {
    const w = byWeek.get(r.week) || { week: r.week, planned: r.load, recorded: [], during: null, morning: null };
    const c = rev && rev.checkins[String(r.session)];
    if (c) {
      w.recorded.push(r.load);
      w.during = Math.max(w.during ?? 0, c.painDuring ?? 0);
      w.morning = c.painMorning === null || c.painMorning === undefined ? w.morning : Math.max(w.morning ?? 0, c.painMorning);
    }
    byWeek.set(r.week, w);
  }
  return [...byWeek.values()];
}

/**
 * Axis lines and labels.
 * @param {SVGElement} root
 * @param {number} maxLoad
 * @param {number} n weeks
 * @param {string} unit
 */
function axes(root, maxLoad, n, unit) {
  const y = (/** @type {number} */ v) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / maxLoad);
  for (let i = 0; i <= 4; i += 1) {
    const v = Math.round((maxLoad * i) / 4);
    root.append(svg('line', { class: 'calc-chart__grid', x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }));
    const t = svg('text', { class: 'calc-chart__label', x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' });
    t.textContent = String(v);
    root.append(t);
    if (i % 2 === 0) {
      const p = svg('text', { class: 'calc-chart__label calc-chart__label--pain', x: W - PAD.r + 4, y: y(v) + 4 });
      p.textContent = String((10 * i) / 4);
      root.append(p);
    }
  }
  const step = Math.max(1, Math.ceil(n / 8));
  for (let w = 1; w <= n; w += step) {
    const t = svg('text', { class: 'calc-chart__label', x: PAD.l + ((W - PAD.l - PAD.r) * (w - 0.5)) / n, y: H - PAD.b + 16, 'text-anchor': 'middle' });
    t.textContent = String(w);
    root.append(t);
  }
  const u = svg('text', { class: 'calc-chart__label', x: 4, y: PAD.t - 4 });
  u.textContent = unit;
  root.append(u);
}

/**
 * The chart and its table.
 * @param {any} plan
 * @param {any} rev
 * @param {'kg'|'lb'} unit
 * @returns {HTMLElement}
 */
export function planChart(plan, rev, unit) {
  const data = weeks(plan, rev);
  const n = data.length;
  const maxLoad = Math.max(...data.map((d) => d.planned)) * 1.1 || 1;
  const x = (/** @type {number} */ w) => PAD.l + ((W - PAD.l - PAD.r) * (w - 0.5)) / n;
  const y = (/** @type {number} */ v) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / maxLoad);
  const yPain = (/** @type {number} */ p) => y((p / 10) * maxLoad);
  const root = svg('svg', { class: 'calc-chart__svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'calc-chart-title', focusable: 'false' });
  const title = svg('title', { id: 'calc-chart-title' });
  title.textContent = `Planned load per week over ${n} weeks, recorded loads and pain scores. The table below gives the same numbers.`;
  root.append(title);
  axes(root, maxLoad, n, unit);
  const barW = Math.max(2, ((W - PAD.l - PAD.r) / n) * 0.35);
  for (const d of data) {
    if (d.during !== null) {
      root.append(svg('rect', { class: 'calc-chart__pain', x: x(d.week) - barW, y: yPain(d.during), width: barW, height: Math.max(1, y(0) - yPain(d.during)) }));
    }
    if (d.morning !== null) {
      root.append(svg('rect', { class: 'calc-chart__pain calc-chart__pain--morning', x: x(d.week), y: yPain(d.morning), width: barW, height: Math.max(1, y(0) - yPain(d.morning)) }));
    }
  }
  root.append(svg('polyline', { class: 'calc-chart__planned', points: data.map((d) => `${x(d.week)},${y(d.planned)}`).join(' ') }));
  for (const d of data.filter((e) => e.recorded.length > 0)) {
    root.append(svg('circle', { class: 'calc-chart__recorded', cx: x(d.week), cy: y(Math.max(...d.recorded)), r: 5 }));
  }
  return h('figure', { class: 'calc-chart' }, [
    root,
    h('figcaption', { class: 'calc-chart__key' }, [
      h('span', { class: 'calc-key calc-key--planned', text: `Planned load (${unit}, left scale)` }),
      h('span', { class: 'calc-key calc-key--recorded', text: 'Load recorded at a check-in' }),
      h('span', { class: 'calc-key calc-key--pain', text: 'Pain during (0–10, right scale)' }),
      h('span', { class: 'calc-key calc-key--morning', text: 'Pain next morning' }),
    ]),
    chartTable(data, unit),
  ]);
}

/**
 * The chart's numbers as a table.
 * @param {ReturnType<typeof weeks>} data
 * @param {string} unit
 */
function chartTable(data, unit) {
  const dash = (/** @type {number|null} */ v) => (v === null ? '–' : String(v));
  return h('details', { class: 'calc-chart__table' }, [
    h('summary', { text: 'The chart as a table' }),
    h('div', { class: 'calc-table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Chart data' }, [
      h('table', { class: 'calc-table' }, [
        h('thead', {}, [h('tr', {}, ['Week', `Planned (${unit})`, `Recorded (${unit})`, 'Pain during', 'Pain next morning'].map((t) => h('th', { scope: 'col', text: t })))]),
        h('tbody', {}, data.map((d) => h('tr', { 'data-chart-week': String(d.week) }, [
          h('th', { scope: 'row', text: String(d.week) }), h('td', { text: String(d.planned) }),
          h('td', { text: d.recorded.length ? d.recorded.join(', ') : '–' }), h('td', { text: dash(d.during) }), h('td', { text: dash(d.morning) }),
        ]))),
      ]),
    ]),
  ]);
}

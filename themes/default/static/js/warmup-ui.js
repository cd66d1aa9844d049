// @ts-check
/**
 * @file warmup-ui.js: the warm-up calculator: working weight, reps, ramp sets, first percent,
 * an optional empty-bar set and the equipment; the sets with plates drawn to scale, loads in
 * both units, the belt hint and a percentages table. Results follow the typing; errors wait
 * for the field to lose focus or for the submit button.
 */

import { convertWeight, parseTyped } from './num.js';
import { percentagesTable, warmupSets } from './warmup.js';
import { bothUnits, bounded, h, queryValue, syncQuery } from './dom.js';
import { checkbox, radioField, textField, validator } from './fields.js';
import { equipmentEvent } from './equipment-form.js';
import { current, equipmentInput, equipmentQuery } from './equipment.js';
import { barDiagram, platesLabel } from './bar.js';
import { makeContext, messages, placeholder, showsErrors } from './shell.js';
import { reps as repsText } from './messages.js';

/**
 * The warm-up's fields.
 * @param {import('./shell.js').Context} c
 * @param {any} state
 * @param {{min: number, max: number}} sets
 * @param {{min: number, max: number}} first
 */
function warmupFields(c, state, sets, first) {
  const choices = [];
  for (let n = sets.min; n <= sets.max; n += 1) {
    choices.push({ value: String(n), label: String(n) });
  }
  return {
    weight: textField({ id: `${c.id}-weight`, name: 'weight', label: 'Working weight', hint: 'The weight of your heaviest set today.', suffix: c.eq.unit, value: state.weight }),
    reps: textField({ id: `${c.id}-reps`, name: 'reps', label: 'Reps in your working set (optional)', hint: 'From 1 to 12. Gives an estimated one-rep max and a belt hint.', value: state.reps, width: 'w2', inputmode: 'numeric' }),
    sets: radioField({ id: `${c.id}-sets`, name: 'sets', legend: 'Warm-up sets', inline: true, value: state.sets, options: choices }),
    first: textField({ id: `${c.id}-first`, name: 'first', label: 'First warm-up set', hint: `Percent of your working weight, from ${first.min} to ${first.max}.`, suffix: '%', value: state.first, width: 'w2' }),
  };
}

/**
 * One row of the warm-up table.
 * @param {any} r
 * @param {string} label
 * @param {'kg'|'lb'} unit
 * @param {'kg'|'lb'} plateUnit
 */
function warmupRow(r, label, unit, plateUnit) {
  const loads = bothUnits(r.load, unit, r.alt);
  return h('tr', {
    class: r.working ? 'calc-row--working' : r.empty ? 'calc-row--empty' : null,
    'data-pct': String(r.pct), 'data-load': String(r.load), 'data-reps': r.reps === null ? '' : String(r.reps),
    'data-plates': r.plates.join(','), 'data-working': r.working ? 'true' : null, 'data-belt': r.belt ? 'true' : null,
  }, [
    h('th', { scope: 'row' }, [label, h('span', { class: 'calc-sub', text: `${Math.round(r.pct)}%` })]),
    h('td', { class: 'calc-num' }, [
      h('span', { class: 'calc-load', text: loads.main }),
      r.reps === null ? null : ` × ${r.reps}`,
      h('span', { class: 'calc-sub', text: loads.other }),
      r.belt ? h('strong', { class: 'calc-tag calc-tag--belt', text: 'Belt recommended' }) : null,
    ]),
    h('td', { class: 'calc-plates' }, [
      h('span', { class: 'calc-plates__text', text: platesLabel(r.plates, plateUnit) }),
      barDiagram(r.plates, plateUnit),
    ]),
  ]);
}

/**
 * The percentages table, in a disclosure.
 * @param {any} table
 * @param {'kg'|'lb'} unit
 * @param {'kg'|'lb'} plateUnit
 */
function percentages(table, unit, plateUnit) {
  const rows = table.rows.map((/** @type {any} */ r) => h('tr', { 'data-percent': String(r.pct), 'data-percent-load': String(r.load), 'data-percent-plates': r.plates.join(',') }, [
    h('th', { scope: 'row', class: 'calc-num', text: `${r.pct}%` }),
    h('td', { class: 'calc-num' }, [h('span', { class: 'calc-load', text: bothUnits(r.load, unit, r.alt).main }), h('span', { class: 'calc-sub', text: bothUnits(r.load, unit, r.alt).other })]),
    h('td', { text: platesLabel(r.plates, plateUnit) }),
  ]));
  return h('details', { class: 'calc-percentages' }, [
    h('summary', { text: 'Percentages of your working weight, 50–100%' }),
    h('div', { class: 'calc-table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Percentages of the working weight' }, [
      h('table', { class: 'calc-table calc-table--percent' }, [
        h('caption', { text: 'Each percentage rounded to the nearest weight you can load, plates per side' }),
        h('thead', {}, [h('tr', {}, ['Percent', 'Load', 'Plates per side'].map((t) => h('th', { scope: 'col', text: t })))]),
        h('tbody', {}, rows),
      ]),
    ]),
  ]);
}

/**
 * The notes under the table: extra sets, belt and one-rep max.
 * @param {any} result
 * @param {'kg'|'lb'} unit
 * @param {number} belt
 * @param {number} jump
 */
function warmupNotes(result, unit, belt, jump) {
  const out = [];
  if (result.extraSets) {
    out.push(h('p', { class: 'calc-note', 'data-extra-sets': String(result.extraSets), text: `${result.extraSets === 1 ? 'One set was' : `${result.extraSets} sets were`} added so that no jump is more than ${jump}% of your working weight.` }));
  }
  if (result.rows.filter((/** @type {any} */ r) => !r.empty).length === 0) {
    out.push(h('p', { class: 'calc-note', text: 'Your working weight is the bar, so there are no warm-up sets to add.' }));
  }
  if (result.e1rm === null) {
    out.push(h('p', { class: 'calc-note', text: 'Add the reps of your working set for a belt hint.' }));
    return out;
  }
  const w = result.working;
  out.push(h('p', { class: 'calc-note', text: `Estimated one-rep max (Epley): ${bothUnits(result.e1rm, unit).main}.` }));
  out.push(h('p', {
    class: w.belt ? 'calc-note calc-note--belt' : 'calc-note',
    text: w.belt
      ? `Belt recommended: ${repsText(w.reps)} at ${bothUnits(w.load, unit).main} is at least ${belt}% of your estimated max (with Epley, that is 7 reps or fewer). Warm-up sets never need it.`
      : `No belt needed: ${repsText(w.reps)} is below ${belt}% of your estimated max (with Epley, a belt helps at 7 reps or fewer).`,
  }));
  return out;
}

/**
 * The whole result: notice, table, notes, percentages.
 * @param {any} result
 * @param {any} table
 * @param {import('./equipment.js').EquipmentState} eq
 * @param {any} w warm-up config
 */
function warmupResult(result, table, eq, w) {
  const unit = eq.unit;
  const plateUnit = current(eq).plateUnit;
  const rows = result.rows.map((/** @type {any} */ r, /** @type {number} */ i) => warmupRow(r, r.empty ? 'Empty bar' : `Warm-up ${i + (result.rows[0]?.empty ? 0 : 1)}`, unit, plateUnit));
  rows.push(warmupRow(result.working, 'Working set', unit, plateUnit));
  return [
    result.notice ? h('p', { class: 'calc-notice', text: `${result.notice}.` }) : null,
    h('div', { class: 'calc-table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Warm-up sets' }, [
      h('table', { class: 'calc-table calc-table--warmup' }, [
        h('caption', { text: `Warm-up for ${bothUnits(result.working.load, unit, result.working.alt).main}, plates per side of the bar` }),
        h('thead', {}, [h('tr', {}, ['Set', 'Load × reps', 'Plates per side'].map((t) => h('th', { scope: 'col', text: t })))]),
        h('tbody', {}, rows),
      ]),
    ]),
    ...warmupNotes(result, unit, Number(w.belt_percent) || 80, Number(w.ramp?.max_jump_percent) || 20),
    percentages(table, unit, plateUnit),
  ].filter((x) => x !== null);
}

/**
 * The loads.js input of the warm-up and the equipment's count errors.
 * @param {import('./shell.js').Context} c
 * @param {any} state
 * @param {any} w warm-up config
 */
function warmupInput(c, state, w) {
  const ramp = w.ramp || {};
  const { input: eqInput, errors } = equipmentInput(c.cfg, c.eq);
  return {
    eqInput,
    countErrors: errors,
    input: {
      ...eqInput, weight: state.weight, reps: state.reps.trim() === '' ? null : state.reps, sets: state.sets, first: state.first,
      beltPercent: Number(w.belt_percent) || 80, rampReps: Array.isArray(ramp.reps) && ramp.reps.length > 0 ? ramp.reps : [5, 3, 2],
      ranges: c.ranges, maxJumpPercent: Number.isFinite(ramp.max_jump_percent) ? ramp.max_jump_percent : 20,
      emptyBar: state.empty, emptyBarReps: Number(ramp.empty_bar_reps) || 10,
    },
  };
}

/**
 * Recomputes the results from the state (only when no error is shown) and mirrors the URL.
 * @param {import('./shell.js').Context} c
 * @param {any} state
 * @param {any} w
 * @param {{key: string}} last the last result shown, to skip identical updates
 */
function updateWarmup(c, state, w, last) {
  const { input: i, countErrors } = warmupInput(c, state, w);
  const result = warmupSets(i);
  const ok = result.ok && countErrors.length === 0 && !showsErrors(c);
  syncQuery({ ...equipmentQuery(c.cfg, c.eq), weight: queryValue(state.weight), reps: queryValue(state.reps), sets: state.sets, first: queryValue(state.first), empty: state.empty ? '1' : null });
  const key = ok ? JSON.stringify([result, c.eq.unit, current(c.eq).plateUnit]) : `none:${state.weight.trim() === ''}`;
  if (key === last.key) {
    return;
  }
  last.key = key;
  c.results.replaceChildren(...(ok ? warmupResult(result, percentagesTable(i), c.eq, w)
    : [placeholder(state.weight.trim() === '' ? 'Enter your working weight to see your warm-up sets.' : 'Correct the answers marked above to see your warm-up sets.')]));
}

/**
 * The warm-up's form, with its fields registered in the context.
 * @param {import('./shell.js').Context} c
 * @param {any} state
 * @param {any} w
 */
function warmupForm(c, state, w) {
  const ramp = w.ramp || {};
  const f = warmupFields(c, state, c.ranges.sets, c.ranges.first);
  for (const [k, field] of Object.entries(f)) {
    c.fields.set(k, field);
  }
  const empty = checkbox(`${c.id}-empty`, 'empty', `Start with the empty bar (${Number(ramp.empty_bar_reps) || 10} reps)`, state.empty);
  const form = h('form', { class: 'calc-form', novalidate: true, action: '#' }, [
    c.summary.box, f.weight.wrap, f.reps.wrap, c.details, f.sets.wrap, f.first.wrap, h('div', { class: 'calc-field' }, [empty.wrap]),
    h('button', { class: 'calc-button', type: 'submit', text: 'Show my warm-up' }),
  ]);
  c.onUnit = (from, to) => {
    const n = parseTyped(state.weight);
    if (n !== null && f.weight.input) {
      state.weight = String(convertWeight(n, from, to));
      f.weight.input.value = state.weight;
    }
    const affix = f.weight.wrap.querySelector('.calc-affix');
    if (affix) {
      affix.textContent = to;
    }
  };
  return form;
}

/**
 * Builds and wires the warm-up calculator.
 * @param {HTMLElement} section
 * @param {HTMLElement} mount
 * @param {any} cfg
 */
export function warmupCalculator(section, mount, cfg) {
  const c = makeContext(section, cfg, 'warmup');
  const w = cfg.warmup || {};
  const ramp = w.ramp || {};
  c.ranges = { sets: bounded(ramp.sets, 2, 3, 3), first: bounded(ramp.first_percent, 40, 50, 40) };
  const q = c.query;
  const state = {
    weight: q.get('weight') || '', reps: q.get('reps') || '', sets: q.get('sets') || String(c.ranges.sets.default),
    first: q.get('first') || String(c.ranges.first.default), empty: q.get('empty') === '1',
  };
  const form = warmupForm(c, state, w);
  const check = () => {
    const { input: i, countErrors } = warmupInput(c, state, w);
    const r = warmupSets(i);
    return countErrors.concat(r.ok ? [] : r.errors);
  };
  const v = validator({ form, fields: c.fields, check, message: messages(c, () => warmupInput(c, state, w).eqInput), summary: c.summary });
  const last = { key: '' };
  const update = () => updateWarmup(c, state, w, last);
  const onEvent = (/** @type {Event} */ event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.name && !equipmentEvent(c, target)) {
      if (target.name === 'empty') {
        state.empty = target.checked;
      } else if (target.name in state) {
        /** @type {any} */ (state)[target.name] = target.value;
      }
    }
    update();
  };
  form.addEventListener('input', onEvent);
  form.addEventListener('change', onEvent);
  form.addEventListener('focusout', () => window.setTimeout(update, 0));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    v.submit();
    update();
  });
  mount.replaceChildren(form, c.results);
  ['weight', 'reps', 'first'].filter((name) => q.has(name)).forEach((name) => v.touch(name));
  v.refresh();
  update();
}

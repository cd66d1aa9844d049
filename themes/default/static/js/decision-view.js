// @ts-check
/**
 * @file decision-view.js: what a check-in decided, in words: the tier's action and each sign's
 * advice for a warning sign (with the emergency numbers for an emergency tier), the pain rule
 * otherwise, and the "a clinician cleared me" button while the plan is paused.
 */

import { bothUnits, h } from './dom.js';
import { emergencyNumbers } from './checkin.js';

const REASONS = {
  form: 'a set did not look clean',
  pain_repeat: 'a pain score was above 2',
  morning_higher: 'your morning pain was higher than last week',
  no_pain_score: 'no pain score was given',
};

/**
 * The decision's headline.
 * @param {any} d
 * @param {{increase: number, unit: 'kg'|'lb', atStart: boolean, inTechnique: boolean}} o
 * @returns {string}
 */
function headline(d, o) {
  switch (d.decision) {
    case 'stop':
      return d.emergency ? 'Stop: this is an emergency' : 'Stop the plan';
    case 'pause':
      return 'The plan is paused until a clinician has seen you';
    case 'step_back':
      return o.atStart
        ? 'Step back: you are at the starting load, so go back to stage 4 of the protocol until the pain settles'
        : 'Step back: next week goes back one week\'s load';
    case 'repeat':
      return 'Repeat: keep the same load next week';
    default:
      return o.inTechnique
        ? 'Progress: keep practising at this load; it goes up once the technique sessions are done'
        : `Progress: next week, add ${bothUnits(o.increase, o.unit).main}`;
  }
}

/**
 * The panel for one session's decision.
 * @param {any} d the session decision (`sessionDecision` plus `week`)
 * @param {any} safety
 * @param {{increase: number, unit: 'kg'|'lb', atStart: boolean, inTechnique: boolean,
 *   cleared: string|null, onCleared: (() => void)|null}} o
 * @returns {HTMLElement}
 */
export function decisionPanel(d, safety, o) {
  const parts = [h('p', { class: 'calc-decision__title', text: headline(d, o) })];
  if (d.action) {
    parts.push(h('p', { class: 'calc-decision__action', text: d.action }));
  }
  if (d.emergency) {
    parts.push(emergencyNumbers(safety));
  }
  for (const advice of d.advice) {
    parts.push(h('p', { class: 'calc-decision__advice', text: advice }));
  }
  const reasons = d.reasons.map((/** @type {string} */ r) => /** @type {any} */ (REASONS)[r]).filter(Boolean);
  if (d.decision === 'repeat' && reasons.length > 0) {
    parts.push(h('p', { text: `Why: ${reasons.join('; ')}.` }));
  }
  if (d.awaitingMorning && d.decision !== 'stop') {
    parts.push(h('p', { class: 'calc-decision__morning', text: 'Add tomorrow\'s score: this decision uses only the pain during the session, and may change.' }));
  }
  if (d.decision === 'pause' && o.cleared) {
    parts.push(h('p', { text: `You recorded that a clinician cleared you on ${o.cleared}. The plan goes on at the same load.` }));
  } else if (d.decision === 'pause' && o.onCleared) {
    const cleared = h('button', { class: 'calc-button calc-button--secondary', type: 'button', 'data-action': 'cleared', text: 'A clinician cleared me to train' });
    cleared.addEventListener('click', o.onCleared);
    parts.push(cleared);
  }
  return h('div', {
    class: `calc-decision calc-decision--${d.decision}`, role: d.decision === 'stop' ? 'alert' : null,
    'data-decision': d.decision, 'data-tier': d.tier, 'data-emergency': d.emergency ? 'true' : null,
  }, parts);
}

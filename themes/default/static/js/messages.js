// @ts-check
/**
 * @file messages.js: the error message for each field and error code, in plain words.
 */

import { withUnit } from './dom.js';

/** The names of the fields, as the messages use them. */
const NAMES = {
  weight: 'Working weight',
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
  name: 'Plan name',
  startDate: 'Start date',
};

/**
 * @typedef {{kind: string, unit: string, maxLoad: number, base: number, collarUsed: boolean,
 *   noPlates: boolean, maxLoadable: number, ranges: any}} MessageContext
 */

/**
 * Messages for a missing answer.
 * @param {string} field
 * @param {string} name
 * @returns {string}
 */
function emptyMessage(field, name) {
  if (field === 'cleanForm') {
    return 'Select yes if every set looked clean';
  }
  if (field === 'anySigns') {
    return 'Select yes or no for the warning signs';
  }
  if (field === 'signs') {
    return 'Select which warning sign you have had';
  }
  if (field === 'painDuring' || field === 'painMorning') {
    return `Enter your ${name.toLowerCase()}, from 0 to 10`;
  }
  return `Enter your ${name.toLowerCase()}`;
}

/**
 * Messages for the range codes.
 * @param {string} code
 * @param {MessageContext} ctx
 * @returns {string|null}
 */
function rangeMessage(code, ctx) {
  const r = ctx.ranges;
  const u = ctx.unit;
  switch (code) {
    case 'reps_out_of_range':
      return 'Reps must be a whole number from 1 to 12';
    case 'start_pct_out_of_range':
      return `Starting percent must be from ${r.start.min} to ${r.start.max}`;
    case 'first_pct_out_of_range':
      return `First set percent must be from ${r.first.min} to ${r.first.max}`;
    case 'sets_out_of_range':
      return `Choose ${r.sets.min} or ${r.sets.max} warm-up sets`;
    case 'technique_out_of_range':
      return `Technique-only sessions must be a whole number from ${r.technique.min} to ${r.technique.max}`;
    case 'spw_out_of_range':
      return `Sessions per week must be ${r.spw.min} or ${r.spw.max}`;
    case 'increase_out_of_range':
      return `Weekly increase must be from ${withUnit(r.increase.min, u)} to ${withUnit(r.increase.max, u)}`;
    case 'pain_out_of_range':
      return 'Pain must be a whole number from 0 to 10, like 2';
    default:
      return null;
  }
}

/**
 * The message for an error code on a field.
 * @param {string} field
 * @param {string} code
 * @param {MessageContext} ctx
 * @returns {string}
 */
export function message(field, code, ctx) {
  const u = ctx.unit;
  const counts = field.startsWith('count-');
  const name = field === 'weight' && ctx.kind !== 'warmup'
    ? 'Pre-injury working weight'
    : /** @type {Object<string, string>} */ (NAMES)[field] || (counts ? 'Number of plates' : 'This answer');
  switch (code) {
    case 'empty':
      return emptyMessage(field, name);
    case 'not_a_number':
      if (field === 'reps' || counts || field === 'painDuring' || field === 'painMorning') {
        return `${name} must be a whole number, like ${counts ? 4 : field === 'reps' ? 5 : 2}`;
      }
      return `${name} must be a number, like ${field === 'weight' ? '140 or 142.5' : '20'}`;
    case 'not_positive':
      return field === 'collar' || counts ? `${name} cannot be less than 0` : `${name} must be more than 0`;
    case 'too_large':
      return counts ? 'Number of plates must be 100 or fewer' : `${name} must be ${withUnit(ctx.maxLoad, u)} or less`;
    case 'below_bar':
      return `${name} must be at least ${withUnit(ctx.base, u)}, the bar${ctx.collarUsed ? ' and collars' : ''}`;
    case 'not_enough_plates':
      return ctx.noPlates
        ? 'Choose at least one plate size under "Bar and plates"'
        : `With your plates, the most you can load is ${withUnit(ctx.maxLoadable, u)}`;
    case 'not_a_date':
      return 'Enter the start date as a date, like 2026-12-01';
    default:
      return rangeMessage(code, ctx) || 'Check this answer';
  }
}

/**
 * "1 rep", "5 reps".
 * @param {number} n
 * @returns {string}
 */
export function reps(n) {
  return `${n} rep${n === 1 ? '' : 's'}`;
}

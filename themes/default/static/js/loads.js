// @ts-check
/**
 * @file loads.js: the calculators' pure functions in one namespace, for the pages and for the
 * Rust test suite (which runs every table in tests/fixtures/calculators against it in QuickJS).
 *
 * Everything behind it follows calculators.md to the last plate, in integer hundredths (or exact
 * BigInt fractions for mixed kg/lb equipment), with no DOM, no globals, no clock and no
 * randomness: the same input always gives the same output.
 */

export { convertWeight, fromHundredths, parseTyped, toHundredths } from './num.js';
export { epley, floorLoad, nearestLoad, platesPerSide } from './plates.js';
export { validateWeight } from './inputs.js';
export { percentagesTable, validateWarmupInput, warmupSets } from './warmup.js';
export { adjustPlan, returnPlan, validatePlanInput } from './plan.js';
export { everySessionSigns, revisionDecisions, sessionDecision, validateCheckin, weekDecision } from './decision.js';
export {
  addDays, csvLine, daysBetween, mergeStores, parseStore, samePlan, sessionDate, weekOf,
} from './planlog.js';

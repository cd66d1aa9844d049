// @ts-check
/**
 * @file planner-main.js: the return planner page's entry module.
 */

import { boot } from './boot.js';
import { planCalculator } from './planner.js';

boot('return-plan', planCalculator);

// @ts-check
/**
 * @file warmup-main.js: the warm-up calculator page's entry module.
 */

import { boot } from './boot.js';
import { warmupCalculator } from './warmup-ui.js';

boot('warmup', warmupCalculator);

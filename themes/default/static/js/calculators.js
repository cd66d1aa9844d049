// @ts-check
/**
 * @file calculators.js: the entry module. Finds each `.calculator` section, reads its JSON
 * config from `script.calculator__config` and builds the warm-up calculator or the return
 * planner into its `.calculator__mount`. A section whose config is broken keeps its no-JS text.
 */

import { warmupCalculator } from './warmup-ui.js';
import { planCalculator } from './planner.js';

/** Wires every calculator on the page. */
function init() {
  for (const section of document.querySelectorAll('.calculator')) {
    const mount = section.querySelector('.calculator__mount[data-mount]');
    const script = section.querySelector('script.calculator__config');
    if (!(section instanceof HTMLElement) || !(mount instanceof HTMLElement) || !script || section.classList.contains('calculator--ready')) {
      continue;
    }
    let cfg;
    try {
      cfg = JSON.parse(script.textContent || '');
    } catch (e) {
      continue;
    }
    if (!cfg || !cfg.plates || !cfg.plates.kg || !cfg.plates.lb) {
      continue;
    }
    const kind = mount.getAttribute('data-mount');
    if (kind === 'warmup') {
      warmupCalculator(section, mount, cfg);
    } else if (kind === 'return-plan') {
      planCalculator(section, mount, cfg);
    } else {
      continue;
    }
    section.classList.add('calculator--ready');
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init);
} else {
  init();
}

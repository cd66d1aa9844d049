// @ts-check
/**
 * @file boot.js: finds each `.calculator` section of one kind, reads its JSON config from
 * `script.calculator__config` and builds the calculator into its `.calculator__mount`. A section
 * whose config is broken keeps its no-JS text. Each calculator page loads only its own entry
 * module (warmup-main.js or planner-main.js), so neither pays for the other's code.
 */

/**
 * Builds every calculator of `kind` on the page once the document is parsed.
 * @param {string} kind the mount's `data-mount` value
 * @param {(section: HTMLElement, mount: HTMLElement, cfg: any) => void} build
 */
export function boot(kind, build) {
  const init = () => {
    for (const section of document.querySelectorAll('.calculator')) {
      const mount = section.querySelector(`.calculator__mount[data-mount="${kind}"]`);
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
      if (cfg && cfg.plates && cfg.plates.kg && cfg.plates.lb) {
        build(section, mount, cfg);
        section.classList.add('calculator--ready');
      }
    }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}

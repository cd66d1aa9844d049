// hinge serve: reloads the page after each good build and shows build errors as an overlay.
// Injected only by `hinge serve`; never part of a built site.
const OVERLAY_ID = "hinge-error-overlay";

function ensureStylesheet() {
  if (document.querySelector('link[data-hinge-overlay]')) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/__hinge/overlay.css";
  link.dataset.hingeOverlay = "";
  document.head.append(link);
}

function showErrors(report) {
  ensureStylesheet();
  let overlay = document.getElementById(OVERLAY_ID);
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", `${OVERLAY_ID}-title`);
    const title = document.createElement("h2");
    title.id = `${OVERLAY_ID}-title`;
    title.textContent = "The site could not be rebuilt";
    const hint = document.createElement("p");
    hint.textContent = "Still showing the last good build. Fix the problems below and save: this clears by itself.";
    const pre = document.createElement("pre");
    overlay.append(title, hint, pre);
    document.body.append(overlay);
  }
  overlay.querySelector("pre").textContent = report;
}

const events = new EventSource("/__hinge/events");
events.addEventListener("reload", () => window.location.reload());
events.addEventListener("errors", (event) => showErrors(event.data));

// @ts-check
// Client-side search over the build-time index (search-index.HASH.json, same origin).
// The index is fetched on first use only; no third-party code, works offline once cached.

/**
 * Splits text into lowercase words of letters and digits.
 * @param {string} text
 * @returns {string[]}
 */
export function tokenize(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z0-9]+/g) ?? [];
}

/**
 * Scores one index entry against the query words: every word must match somewhere (as a
 * word prefix); title matches weigh most, then headings, description and body text.
 * @param {{t: string, d: string, h: string[], x: string}} entry
 * @param {string[]} words
 * @returns {number} 0 when some word does not match
 */
export function score(entry, words) {
  /** @type {[string[], number][]} */
  const fields = [
    [tokenize(entry.t), 10],
    [tokenize(entry.h.join(" ")), 5],
    [tokenize(entry.d), 3],
    [tokenize(entry.x), 1],
  ];
  let total = 0;
  for (const word of words) {
    let best = 0;
    for (const [tokens, weight] of fields) {
      const hits = tokens.filter((t) => t.startsWith(word)).length;
      if (hits > 0) best = Math.max(best, weight * (1 + Math.log(hits)));
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/**
 * The best matches for a query, at most `limit`.
 * @param {Array<{t: string, u: string, d: string, h: string[], x: string}>} index
 * @param {string} query
 * @param {number} [limit=8]
 */
export function search(index, query, limit = 8) {
  const words = tokenize(query);
  if (words.length === 0 || query.trim().length < 2) return [];
  return index
    .map((entry) => ({ entry, score: score(entry, words) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.entry.t.localeCompare(b.entry.t))
    .slice(0, limit)
    .map((r) => r.entry);
}

function wire(box) {
  const input = box.querySelector("input");
  const list = box.querySelector(".site-search__results");
  const status = box.querySelector(".site-search__status");
  let index = null;

  const load = async () => {
    if (index) return index;
    const response = await fetch(box.dataset.index);
    index = await response.json();
    return index;
  };

  const render = (results, query) => {
    list.replaceChildren(
      ...results.map((entry) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = entry.u;
        link.textContent = entry.t;
        const description = document.createElement("span");
        description.className = "site-search__description";
        description.textContent = entry.d;
        item.append(link, description);
        return item;
      }),
    );
    status.textContent = query.trim().length < 2 ? "" : `${results.length} result${results.length === 1 ? "" : "s"}`;
  };

  input.addEventListener("focus", () => { load().catch(() => {}); }, { once: true });
  input.addEventListener("input", async () => {
    const query = input.value;
    try {
      render(search(await load(), query), query);
    } catch {
      status.textContent = "Search is unavailable offline until the page has been loaded once online.";
    }
  });
  box.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length > 0) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Escape") {
      input.value = "";
      render([], "");
      input.focus();
    }
  });
  box.hidden = false;
}

for (const box of document.querySelectorAll(".site-search[data-index]")) wire(box);

//! The transfer budget of a calculator page (issue 13): its HTML, its stylesheets and every
//! module it loads at start (the page's `<script type="module">`s and what they import
//! statically) weigh at most 35 KB (35,000 bytes) gzipped at level 9, and every file the page
//! asks for is the site's own. Modules a page imports with `import()` (the planner's plan view,
//! check-in, chart, print, export and import) load only when the reader needs them; they must be
//! fingerprinted and precached by the service worker, so a lazy part also works offline.

use crate::support::Fixture;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most a calculator page may transfer at start, gzipped.
const BUDGET: usize = 35_000;
/// The site's base path.
const BASE: &str = "/rehab-guide/";

/// What one page loads: gzipped bytes by kind, and its modules.
#[derive(Debug, Default)]
struct Weight {
    html: usize,
    css: usize,
    js: usize,
    start_modules: BTreeSet<PathBuf>,
    lazy_modules: BTreeSet<PathBuf>,
    lazy_js: usize,
}

impl Weight {
    fn total(&self) -> usize {
        self.html + self.css + self.js
    }
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The opening tags `<NAME ...>` of the document.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    html.match_indices(&open).map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()]).collect()
}

/// The value of `attr="..."` in a tag.
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let key = format!(" {attr}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The file a site URL points at; fails unless it is a local, root-relative URL of a file.
fn local_file(public: &Path, page: &str, url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap();
    let rel = path.strip_prefix(BASE).unwrap_or_else(|| panic!("{page}: `{url}` is not a local file"));
    let file = public.join(rel);
    assert!(file.is_file(), "{page}: `{url}` is not in the build");
    file
}

/// Every URL the page's HTML makes the browser fetch at start.
fn requests(html: &str) -> Vec<(String, String)> {
    let fetched_links = ["stylesheet", "icon", "manifest", "preload", "modulepreload"];
    let mut found = Vec::new();
    for tag in tags(html, "link") {
        if attr(tag, "rel").is_some_and(|rel| fetched_links.contains(&rel)) {
            found.push((attr(tag, "rel").unwrap().to_string(), attr(tag, "href").unwrap().to_string()));
        }
    }
    for name in ["script", "img", "source", "iframe", "video", "audio", "embed"] {
        for tag in tags(html, name) {
            if let Some(src) = attr(tag, "src") {
                let kind = if attr(tag, "type") == Some("module") { "module" } else { name };
                found.push((kind.to_string(), src.to_string()));
            }
        }
    }
    found
}

/// A minified module's relative specifiers: (static, dynamic). Every specifier must be relative.
fn module_imports(file: &Path) -> (Vec<String>, Vec<String>) {
    let code = std::fs::read_to_string(file).unwrap();
    let (mut statics, mut dynamics) = (Vec::new(), Vec::new());
    for quote in ['"', '\'', '`'] {
        for (at, _) in code.match_indices(quote) {
            let before = code[..at].trim_end();
            let dynamic = before.ends_with("import(");
            if !(dynamic || before.ends_with("from") || before.ends_with("import")) {
                continue;
            }
            let rest = &code[at + 1..];
            let spec = &rest[..rest.find(quote).unwrap_or(0)];
            if !(spec.starts_with("./") || spec.starts_with("../")) {
                // A string that merely ends in the word, unless it names a module elsewhere.
                assert!(
                    !spec.contains("://") && !spec.starts_with('/'),
                    "{}: imports `{spec}`",
                    file.display()
                );
                continue;
            }
            if dynamic { dynamics.push(spec.to_string()) } else { statics.push(spec.to_string()) }
        }
    }
    (statics, dynamics)
}

/// Walks the static imports from `entries`; returns the modules reached and the dynamic imports
/// seen on the way.
fn module_graph(entries: Vec<PathBuf>) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
    let (mut seen, mut dynamic) = (BTreeSet::new(), BTreeSet::new());
    let mut todo = entries;
    while let Some(file) = todo.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let dir = file.parent().unwrap().to_path_buf();
        let (statics, dynamics) = module_imports(&file);
        let resolve = |spec: &String| {
            let path = dir.join(spec);
            assert!(path.is_file(), "{}: `{spec}` is not in the build", file.display());
            path.canonicalize().unwrap()
        };
        todo.extend(statics.iter().map(resolve));
        dynamic.extend(dynamics.iter().map(resolve));
    }
    (seen, dynamic)
}

/// The gzipped weight of a page and of what it loads.
fn page_weight(public: &Path, page: &str) -> Weight {
    let html = std::fs::read_to_string(public.join(page).join("index.html")).unwrap();
    let mut weight = Weight { html: gzipped(html.as_bytes()), ..Weight::default() };
    let mut entries = Vec::new();
    for (kind, url) in requests(&html) {
        let file = local_file(public, page, &url);
        match kind.as_str() {
            "stylesheet" => {
                let css = std::fs::read_to_string(&file).unwrap();
                for (at, _) in css.match_indices("url(") {
                    let value = css[at + 4..].trim_start_matches(['"', '\'']);
                    assert!(
                        value.starts_with("data:") || value.starts_with('/') || value.starts_with('.'),
                        "{page}: {url} loads `{}`",
                        &value[..value.len().min(40)]
                    );
                }
                weight.css += gzipped(css.as_bytes());
            }
            "module" => entries.push(file.canonicalize().unwrap()),
            _ => {}
        }
    }
    let (start, dynamic) = module_graph(entries);
    let (lazy, _) = module_graph(dynamic.into_iter().collect());
    weight.js = start.iter().map(|f| gzipped(&std::fs::read(f).unwrap())).sum();
    weight.lazy_modules = lazy.difference(&start).cloned().collect();
    weight.lazy_js = weight.lazy_modules.iter().map(|f| gzipped(&std::fs::read(f).unwrap())).sum();
    weight.start_modules = start;
    weight
}

#[test]
fn each_calculator_page_loads_at_most_35_kb_gzipped_at_start_all_from_the_site() {
    let site = Fixture::repository_site();
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let public = site.root().join("public");
    let public = public.canonicalize().unwrap();
    let worker = std::fs::read_to_string(public.join("sw.js")).unwrap();
    for page in ["tools/warm-up-calculator/", "tools/return-planner/"] {
        let w = page_weight(&public, page);
        let kb = |n: usize| n as f64 / 1000.0;
        eprintln!(
            "{page}: {:.1} KB at start (HTML {:.1}, CSS {:.1}, JS {:.1} in {} modules); {:.1} KB in {} modules later",
            kb(w.total()),
            kb(w.html),
            kb(w.css),
            kb(w.js),
            w.start_modules.len(),
            kb(w.lazy_js),
            w.lazy_modules.len()
        );
        assert!(
            w.total() <= BUDGET,
            "{page}: {} bytes gzipped at start, over the {BUDGET} budget: {w:?}",
            w.total()
        );
        for module in w.start_modules.iter().chain(&w.lazy_modules) {
            let rel = module.strip_prefix(&public).unwrap().to_str().unwrap();
            assert!(
                worker.contains(&format!("\"{BASE}{rel}\"")),
                "{page}: the service worker precaches {rel}"
            );
        }
    }
    let planner = page_weight(&public, "tools/return-planner/");
    let lazy: Vec<String> =
        planner.lazy_modules.iter().map(|m| m.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for part in ["checkin.", "chart.", "print.", "transfer."] {
        assert!(
            lazy.iter().any(|m| m.starts_with(part)),
            "the planner loads {part}js only when needed: {lazy:?}"
        );
    }
}

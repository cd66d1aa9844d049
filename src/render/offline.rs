//! Offline support: the service worker and the web app manifest, generated from the build.
//!
//! When the theme (or the site) has a `sw.js` template, the build renders it at the base path
//! (so its scope is the whole site) with this build's version and the list of files to precache:
//! every fingerprinted asset of the build, the web app manifest, the home page, the red-flag page
//! and every page that embeds a calculator. The version is a hash of those files' bytes, so any
//! change to them makes a new cache, and the worker deletes older ones: an offline page always
//! comes with the assets it was built with. `manifest.webmanifest` is rendered the same way from
//! its template. A site without these templates gets neither.

use super::assets::content_hash;
use super::page::RenderedPage;
use super::templates::{Templates, template_diagnostic};
use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::model::url::site_url;
use crate::model::{Page, PageData, RefType, Site};
use std::collections::HashSet;
use std::path::Path;

/// The service worker's template and output path, at the base path.
pub(crate) const SERVICE_WORKER: &str = "sw.js";
/// The web app manifest's template and output path.
pub(crate) const WEB_MANIFEST: &str = "manifest.webmanifest";

/// The web app manifest, if the templates have one (it goes into the precache list too).
pub(crate) fn web_manifest(site: &Site, templates: &Templates) -> Option<Result<RenderedPage, Diagnostic>> {
    templates.sources.contains_key(WEB_MANIFEST).then(|| {
        let mut context = tera::Context::new();
        context.insert("start_url_json", &json(&site_url(&site.config.base_path, "")));
        context.insert("scope_json", &json(&site.config.base_path));
        context.insert("name_json", &json(&site.config.title));
        context.insert("description_json", &json(&site.config.description));
        context.insert("language_json", &json(&site.config.language));
        render(templates, WEB_MANIFEST, &context)
    })
}

/// The service worker for the finished output `files`, if the templates have one.
pub(crate) fn service_worker(
    site: &Site,
    templates: &Templates,
    files: &[OutputFile],
) -> Option<Result<RenderedPage, Diagnostic>> {
    if !templates.sources.contains_key(SERVICE_WORKER) {
        return None;
    }
    let precached = precached_files(site, files);
    let mut versioned = Vec::new();
    for file in &precached {
        versioned.extend_from_slice(file.path.as_bytes());
        versioned.push(0);
        versioned.extend_from_slice(&file.bytes);
    }
    let urls: Vec<String> =
        precached.iter().map(|f| site_url(&site.config.base_path, &page_url_path(&f.path))).collect();
    let mut context = tera::Context::new();
    context.insert("version_json", &json(&content_hash(&versioned)));
    context.insert("base_path_json", &json(&site.config.base_path));
    context.insert("precache_json", &json(&urls));
    Some(render(templates, SERVICE_WORKER, &context))
}

/// The files the worker caches when it installs, in path order.
fn precached_files<'a>(site: &Site, files: &'a [OutputFile]) -> Vec<&'a OutputFile> {
    let pages = precached_pages(site);
    files
        .iter()
        .filter(|f| pages.contains(&f.path) || f.path == WEB_MANIFEST || is_fingerprinted(&f.path))
        .collect()
}

/// The output paths of the pages the worker precaches (the home page, the red flags and every
/// page with a calculator): their bytes are hashed into its version, so a streaming build
/// keeps them in memory.
pub(crate) fn precached_pages(site: &Site) -> HashSet<String> {
    site.pages
        .iter()
        .filter(|page| is_precached(page))
        .map(|page| format!("{}index.html", page.path))
        .collect()
}

/// Whether the service worker precaches `page`: the home page, the red-flags page and every
/// page with a calculator.
pub(crate) fn is_precached(page: &Page) -> bool {
    page.path.is_empty()
        || matches!(page.data, Some(PageData::RedFlags))
        || page.components.iter().any(|c| c.uses(RefType::Calculator))
}

/// Whether an output path carries a content hash (`name.0123456789.ext`).
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some()
        && hash.is_some_and(|h| {
            h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        })
}

/// The URL path of an output file: a page's `index.html` is its folder.
fn page_url_path(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

/// JSON text, safe to place in a script: `<` never appears raw.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c")
}

fn render(templates: &Templates, name: &str, context: &tera::Context) -> Result<RenderedPage, Diagnostic> {
    let (result, assets) = templates.render(name, context);
    let text = result.map_err(|e| template_diagnostic(&e, templates, Some(Path::new(name))))?;
    let file = OutputFile {
        path: name.to_string(),
        bytes: std::sync::Arc::new(text.into_bytes()),
        origin: Origin::Template(name.into()),
    };
    Ok(RenderedPage { file, assets, links: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_names_are_recognised() {
        assert!(is_fingerprinted("js/plan.0123456789.js"));
        assert!(is_fingerprinted("search-index.00722438ab.json"));
        assert!(!is_fingerprinted("sw.js"));
        assert!(!is_fingerprinted("js/plan.js"));
        assert!(!is_fingerprinted("img/photo.ABCDEF0123.png"));
        assert!(!is_fingerprinted("guide/index.html"));
    }

    #[test]
    fn pages_are_cached_by_their_folder_url() {
        assert_eq!(page_url_path("tools/return-planner/index.html"), "tools/return-planner/");
        assert_eq!(page_url_path("index.html"), "");
        assert_eq!(page_url_path("css/main.0123456789.css"), "css/main.0123456789.css");
    }
}

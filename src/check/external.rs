//! `hinge check --external`: do the site's links to other sites still answer?
//!
//! [`external_links`] gathers every `http(s)://` link of the built site, each located where it is
//! written: the pages' markdown at the link, and every other `href` or `src` of the rendered
//! HTML (written by templates, or taken from the data) in the page's own source where that holds
//! the URL (a data record, a front matter's `extra`), else at the template line that writes it,
//! else at the top of the page's template. [`check_external`] asks each distinct URL once (HEAD, then GET when a
//! server refuses HEAD), a few at a time, each with a timeout, and reports a link that fails as
//! a warning at every place it is written. Answers are remembered for a day in a cache file
//! outside the output (`.hinge-cache/external-links.json` at the site root), so checking again
//! soon costs nothing. Off by default: a build never touches the network.

use super::links::in_templates;
use crate::diagnostic::Diagnostic;
use crate::html::scan_html;
use crate::model::Site;
use crate::render::templates::Templates;
use crate::render::{Origin, Rendered};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long a remembered answer is trusted.
const CACHE_SECONDS: u64 = 24 * 60 * 60;

/// How the outside links are checked.
#[derive(Debug, Clone)]
pub(crate) struct ExternalOptions {
    /// How long one request may take.
    pub(crate) timeout: Duration,
    /// How many requests run at once.
    pub(crate) concurrency: usize,
    /// Where answers are remembered; `None` remembers nothing.
    pub(crate) cache_file: Option<PathBuf>,
    /// URLs starting with one of these are not checked.
    pub(crate) skip: Vec<String>,
    /// The current time in seconds since the Unix epoch (the cache's clock).
    pub(crate) now: u64,
}

/// One remembered answer: `None` for a URL that answered, else why it failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Answer {
    problem: Option<String>,
    checked_at: u64,
}

/// Whether `url` leads to another site (not to this one's own `base_url`).
fn is_outside(url: &str, base_url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.starts_with(base_url)
}

/// Every outside link of the built site, each once per place it is written: the pages'
/// markdown first, in page order, then what templates and data put in the rendered HTML.
pub(crate) fn external_links(
    site: &Site,
    rendered: &Rendered,
    templates: &Templates,
) -> Vec<(String, Diagnostic)> {
    let mut links = Vec::new();
    for page in &site.pages {
        for link in page.links.iter().filter(|l| is_outside(&l.url, &site.config.base_url)) {
            let at = Diagnostic::at_offset(&page.display, &page.source_text, link.offset, String::new());
            links.push((link.url.clone(), at));
        }
    }
    let mut seen: HashSet<(String, std::path::PathBuf, usize, usize)> =
        links.iter().map(|(url, at)| (url.clone(), at.path.clone(), at.line, at.column)).collect();
    for file in rendered.files.iter().filter(|f| f.path.ends_with(".html")) {
        let (_, urls) = scan_html(&String::from_utf8_lossy(&file.bytes));
        for url in urls.into_iter().filter(|u| is_outside(&u.value, &site.config.base_url)) {
            let Some(at) = written_at(site, templates, &file.origin, &url.value) else { continue };
            if seen.insert((url.value.clone(), at.path.clone(), at.line, at.column)) {
                links.push((url.value, at));
            }
        }
    }
    links
}

/// Where `url`, found in an output file made as `origin`, is written; `None` for a page's own
/// markdown link (already gathered) or an output no source or template writes.
fn written_at(site: &Site, templates: &Templates, origin: &Origin, url: &str) -> Option<Diagnostic> {
    match origin {
        Origin::Page { page, template } => {
            let page = &site.pages[*page];
            if page.links.iter().any(|l| l.url == url) {
                return None;
            }
            // A data record, or a front matter's `extra`, that holds the URL.
            if let Some(offset) = page.source_text.find(url) {
                return Some(Diagnostic::at_offset(&page.display, &page.source_text, offset, String::new()));
            }
            Some(in_templates(templates, template, url, String::new()))
        }
        Origin::Template(template) => Some(in_templates(templates, template, url, String::new())),
        _ => None,
    }
}

/// Checks every distinct URL of `links` (from the cache where it is fresh) and returns a
/// warning at each place a failing URL is written.
pub(crate) fn check_external(links: &[(String, Diagnostic)], options: &ExternalOptions) -> Vec<Diagnostic> {
    let mut cache = read_cache(options);
    let mut urls: Vec<&str> = links
        .iter()
        .map(|(url, _)| url.as_str())
        .filter(|u| !options.skip.iter().any(|prefix| u.starts_with(prefix.as_str())))
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let stale: Vec<&str> = urls
        .iter()
        .copied()
        .filter(|u| cache.get(*u).is_none_or(|a| options.now.saturating_sub(a.checked_at) >= CACHE_SECONDS))
        .collect();
    for (url, problem) in probe_all(&stale, options) {
        cache.insert(url, Answer { problem, checked_at: options.now });
    }
    write_cache(options, &cache);
    let mut warnings = Vec::new();
    for (url, at) in links {
        let Some(problem) = cache.get(url).and_then(|a| a.problem.as_ref()) else { continue };
        if !urls.contains(&url.as_str()) {
            continue;
        }
        let mut warning = at.clone().into_warning();
        warning.message = format!("outside link `{url}`: {problem}");
        warnings.push(warning.with_help("fix or remove the link, or pass --skip-external with its prefix"));
    }
    warnings
}

/// Asks each URL, at most `options.concurrency` at a time; returns each URL's problem, if any.
fn probe_all(urls: &[&str], options: &ExternalOptions) -> Vec<(String, Option<String>)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .user_agent(concat!("hinge/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.clamp(1, 32).min(urls.len().max(1)) {
            scope.spawn(|| {
                while let Some(url) = urls.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let problem = probe(&agent, url, options.timeout).err();
                    results.lock().unwrap_or_else(|e| e.into_inner()).push((url.to_string(), problem));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort();
    results
}

/// HEAD, then GET if the server will not answer HEAD properly; Ok for any status below 400.
fn probe(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), String> {
    let head = agent.head(url).call();
    let retry_with_get = match &head {
        Ok(response) => {
            let status = response.status().as_u16();
            if status < 400 {
                return Ok(());
            }
            // Servers that refuse or mishandle HEAD often answer GET.
            matches!(status, 400 | 403 | 404 | 405 | 429 | 500 | 501 | 503)
        }
        Err(ureq::Error::Timeout(_)) => return Err(format!("no answer within {} s", timeout.as_secs_f32())),
        Err(_) => true,
    };
    if !retry_with_get {
        return Err(describe_status(head.map(|r| r.status().as_u16()).unwrap_or(0)));
    }
    match agent.get(url).call() {
        Ok(response) if response.status().as_u16() < 400 => Ok(()),
        Ok(response) => Err(describe_status(response.status().as_u16())),
        Err(ureq::Error::Timeout(_)) => Err(format!("no answer within {} s", timeout.as_secs_f32())),
        Err(e) => Err(format!("cannot be reached ({e})")),
    }
}

fn describe_status(status: u16) -> String {
    match status {
        404 => "not found (404)".to_string(),
        410 => "gone (410)".to_string(),
        other => format!("answered {other}"),
    }
}

fn read_cache(options: &ExternalOptions) -> BTreeMap<String, Answer> {
    let Some(path) = &options.cache_file else { return BTreeMap::new() };
    std::fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

/// Saves the answers; a cache that cannot be written only costs the next check time.
fn write_cache(options: &ExternalOptions, cache: &BTreeMap<String, Answer>) {
    let Some(path) = &options.cache_file else { return };
    let Ok(json) = serde_json::to_vec_pretty(cache) else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = crate::fsutil::write(path, &json) {
        tracing::warn!("cannot save the link cache: {e:#}");
    }
}

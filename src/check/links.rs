//! Stage 4, check: every internal link in the built site must land.
//!
//! After rendering, every `href`, `src`, `srcset` and `poster` in every HTML file, and every
//! `url()` in every CSS file, is resolved against the set of output files; a `#fragment` must
//! be an `id` on the target page. This catches links written in templates and raw HTML, not only
//! in markdown. Each failure is traced back to the markdown source or template it came from.

use crate::diagnostic::Diagnostic;
use crate::html::{FoundUrl, LinkScan, scan_links};
use crate::model::Site;
use crate::model::url::{Link, join_relative, output_path, parse_link, percent_decode};
use crate::render::templates::{Templates, find_in_templates};
use crate::render::{Origin, OutputFile, Rendered};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// A link that does not resolve, before it is traced to its origin.
#[derive(Debug)]
pub(crate) struct Broken<'a> {
    file: &'a OutputFile,
    value: String,
    /// Where the URL starts in the output file, in bytes.
    offset: usize,
    reason: String,
}

/// Checks every internal link in `rendered`; returns one diagnostic per broken link location.
pub(crate) fn check_links(rendered: &Rendered, site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let scanned = scanned_files(rendered);
    let targets = LinkTargets::new(rendered, &scanned, site);
    let broken: Vec<Broken<'_>> = scanned
        .par_iter()
        .flat_map_iter(|(file, scan)| targets.check_file(file, scan, &mut Vec::new()))
        .collect();
    targets.diagnose(broken, site, templates)
}

/// Every HTML and CSS file with its ids and URLs: pages come scanned from their render, every
/// other file is scanned here, once, for both.
pub(crate) fn scanned_files(rendered: &Rendered) -> Vec<(&OutputFile, Arc<LinkScan>)> {
    rendered
        .files
        .par_iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".css"))
        .map(|f| match rendered.scans.get(&f.path) {
            Some(scan) => (f, Arc::clone(scan)),
            None => (f, Arc::new(scan_file(f))),
        })
        .collect()
}

/// Whether `broken` is a page's own link (written in its source) in a page whose source has
/// errors: those were checked, and reported, when the markdown was read. The page is found by
/// its output path, which a cached render's origin cannot make stale.
fn reported_at_parse(broken: &Broken<'_>, site: &Site, with_errors: &HashSet<String>) -> bool {
    if !with_errors.contains(&broken.file.path) {
        return false;
    }
    site.pages.iter().filter(|p| output_path(&p.path) == broken.file.path).any(|page| {
        page.links.iter().any(|link| link.url == broken.value) || page.source_text.contains(&broken.value)
    })
}

/// The ids and URLs of a file the page render did not scan: a stylesheet's `url()`s, or a
/// generated or copied HTML file's attributes.
fn scan_file(file: &OutputFile) -> LinkScan {
    let text = String::from_utf8_lossy(&file.bytes);
    if file.path.ends_with(".css") {
        LinkScan { ids: HashSet::new(), urls: css_urls(&text) }
    } else {
        scan_links(&text)
    }
}

/// What links land on: every output path, and the ids of every HTML file.
pub(crate) struct LinkTargets<'a> {
    paths: HashSet<&'a str>,
    ids: HashMap<&'a str, &'a HashSet<String>>,
    base_path: &'a str,
    base_url: &'a str,
    /// Output files of pages whose sources have errors: a link to one (or to an id it lacks) is
    /// not reported, since its own error already was.
    pub(crate) with_errors: HashSet<String>,
}

impl<'a> LinkTargets<'a> {
    /// The targets of `rendered`, whose HTML and CSS files are `scanned`.
    pub(crate) fn new(
        rendered: &'a Rendered,
        scanned: &'a [(&'a OutputFile, Arc<LinkScan>)],
        site: &'a Site,
    ) -> Self {
        LinkTargets {
            paths: rendered.files.iter().map(|f| f.path.as_str()).collect(),
            ids: scanned.iter().map(|(f, scan)| (f.path.as_str(), &scan.ids)).collect(),
            base_path: &site.config.base_path,
            base_url: &site.config.base_url,
            with_errors: site.with_errors.iter().map(|p| output_path(p)).collect(),
        }
    }

    /// The targets of a build remembered as its output `paths` and the link scans of its HTML
    /// and CSS files, by path.
    pub(crate) fn remembered(
        paths: &'a HashSet<String>,
        scans: &'a HashMap<String, Arc<LinkScan>>,
        site: &'a Site,
    ) -> Self {
        LinkTargets {
            paths: paths.iter().map(String::as_str).collect(),
            ids: scans.iter().map(|(path, scan)| (path.as_str(), &scan.ids)).collect(),
            base_path: &site.config.base_path,
            base_url: &site.config.base_url,
            with_errors: site.with_errors.iter().map(|p| output_path(p)).collect(),
        }
    }

    /// Every output path of the site.
    pub(crate) fn paths(&self) -> &HashSet<&'a str> {
        &self.paths
    }

    /// Broken links traced to where they are written, repeats grouped; a page's own link in a
    /// page whose source has errors was reported when its markdown was read, and is left out.
    pub(crate) fn diagnose(
        &self,
        broken: Vec<Broken<'_>>,
        site: &Site,
        templates: &Templates,
    ) -> Vec<Diagnostic> {
        let diagnostics = broken
            .into_iter()
            .filter(|b| !reported_at_parse(b, site, &self.with_errors))
            .map(|b| trace(&b, site, templates))
            .collect();
        crate::diagnostic::group_repeated(diagnostics)
    }

    /// The broken links of one file; every output path its links landed on or looked for is
    /// added to `looked_up` (what a later build must see unchanged to trust this answer).
    pub(crate) fn check_file<'f>(
        &self,
        file: &'f OutputFile,
        scan: &LinkScan,
        looked_up: &mut Vec<String>,
    ) -> Vec<Broken<'f>> {
        scan.urls
            .iter()
            .filter_map(|url| {
                self.check(&file.path, &url.value, looked_up).err().map(|reason| Broken {
                    file,
                    value: url.value.clone(),
                    offset: url.offset,
                    reason,
                })
            })
            .collect()
    }

    /// `Ok` if `value`, found in output file `from`, lands on a file (and id) of the site.
    fn check(&self, from: &str, value: &str, looked_up: &mut Vec<String>) -> Result<(), String> {
        let value = value.trim();
        let local = match value.strip_prefix(self.base_url) {
            Some(rest) if self.base_url.contains("://") => format!("{}{rest}", self.base_path),
            _ => value.to_string(),
        };
        let (target, fragment) = match parse_link(&local) {
            Link::External => return Ok(()),
            Link::SamePage { fragment } => (from.to_string(), Some(fragment)),
            Link::Rooted { path, fragment } => {
                match path.strip_prefix(self.base_path.trim_start_matches('/')) {
                    Some(rest) => (self.file_for(&percent_decode(rest), looked_up)?, fragment),
                    None => return Err(format!("it is outside the site's base path `{}`", self.base_path)),
                }
            }
            Link::Relative { path, fragment } => {
                let joined =
                    join_relative(from, path).ok_or_else(|| "it climbs above the site root".to_string())?;
                (self.file_for(&joined, looked_up)?, fragment)
            }
        };
        match fragment.map(percent_decode) {
            _ if self.with_errors.contains(&target) => Ok(()),
            Some(id) if !id.is_empty() && id != "top" => match self.ids.get(target.as_str()) {
                Some(ids) if ids.contains(&id) => Ok(()),
                _ => Err(format!("`{target}` has no element with id `{id}`")),
            },
            _ => Ok(()),
        }
    }

    fn file_for(&self, rel: &str, looked_up: &mut Vec<String>) -> Result<String, String> {
        let candidate = output_path(rel);
        looked_up.push(candidate.clone());
        if self.paths.contains(candidate.as_str()) {
            return Ok(candidate);
        }
        let as_dir = format!("{rel}/index.html");
        looked_up.push(as_dir.clone());
        if self.paths.contains(as_dir.as_str()) {
            return Ok(as_dir);
        }
        if self.with_errors.contains(&candidate) {
            return Ok(candidate);
        }
        Err(format!("no file `{candidate}` in the built site"))
    }
}

/// Finds where a broken link was written: the markdown source, a template, or a static file.
fn trace(broken: &Broken<'_>, site: &Site, templates: &Templates) -> Diagnostic {
    let message = format!("broken link `{}` in `{}`: {}", broken.value, broken.file.path, broken.reason);
    let needle = broken.value.strip_prefix(site.config.base_path.as_str()).unwrap_or(&broken.value);
    match &broken.file.origin {
        Origin::Page { page, template } => {
            let page = &site.pages[*page];
            // The body's own links know where they are written; any other came from a template.
            match page.links.iter().find(|link| link.url == broken.value) {
                Some(link) => Diagnostic::at_offset(&page.display, &page.source_text, link.offset, message),
                None => in_templates(templates, template, needle, message)
                    .with_help(format!("in the template used for `{}`", page.display.display())),
            }
        }
        Origin::Template(template) => in_templates(templates, template, needle, message),
        Origin::Copied(source) => {
            let text = String::from_utf8_lossy(&broken.file.bytes);
            Diagnostic::at_offset(source, &text, broken.offset, message)
        }
        Origin::Bundled(entry) => Diagnostic::new(entry, 1, 1, message)
            .with_help(format!("the link is in `{}` or a file it imports", entry.display())),
        Origin::Generated => Diagnostic::new(PathBuf::from(&broken.file.path), 1, 1, message),
    }
}

/// `message` at the first template line (from `fallback` and what it includes or extends) that
/// writes `needle`, else at the top of `fallback`.
pub(crate) fn in_templates(
    templates: &Templates,
    fallback: &str,
    needle: &str,
    message: String,
) -> Diagnostic {
    match find_in_templates(templates, fallback, needle) {
        Some((name, line, column)) => {
            let display = templates.displays[name].clone();
            Diagnostic::new(display, line, column, message).with_snippet_from(&templates.sources[name])
        }
        None => {
            let display =
                templates.displays.get(fallback).cloned().unwrap_or_else(|| PathBuf::from(fallback));
            Diagnostic::new(display, 1, 1, message)
        }
    }
}

/// Every `url()` in a stylesheet, except `data:` URLs and in-document `#` references.
pub(crate) fn css_urls(css: &str) -> Vec<FoundUrl> {
    let mut urls = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let offset = css.len() - rest.len();
        let end = rest.find(')').unwrap_or(rest.len());
        let value = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'').to_string();
        if !value.starts_with("data:") && !value.starts_with('#') {
            urls.push(FoundUrl { value, offset });
        }
        rest = &rest[end..];
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_urls_skip_data_and_fragments() {
        let urls: Vec<String> = css_urls(
            "a{background:url(\"img/x.svg\")} b{mask:url(data:image/png;base64,AA)} c{fill:url(#g)}",
        )
        .into_iter()
        .map(|u| u.value)
        .collect();
        assert_eq!(urls, ["img/x.svg"]);
    }

    /// Checks one link at a time, forgetting what it looked up.
    struct Probe<'a>(&'a LinkTargets<'a>);

    impl Probe<'_> {
        fn check(&self, from: &str, value: &str) -> Result<(), String> {
            self.0.check(from, value, &mut Vec::new())
        }
    }

    #[test]
    fn resolver_checks_files_ids_and_base_path() {
        let paths: HashSet<&str> = ["index.html", "guide/a/index.html", "css/x.css"].into_iter().collect();
        let brace = HashSet::from(["brace".to_string()]);
        let none = HashSet::new();
        let mut ids = HashMap::new();
        ids.insert("guide/a/index.html", &brace);
        ids.insert("index.html", &none);
        let with_errors = HashSet::from(["guide/b/index.html".to_string()]);
        let t = LinkTargets {
            paths,
            ids,
            base_path: "/repo/",
            base_url: "https://u.github.io/repo/",
            with_errors,
        };
        let r = Probe(&t);
        assert!(r.check("index.html", "/repo/guide/a/#brace").is_ok());
        assert!(r.check("index.html", "/repo/guide/a").is_ok());
        assert!(r.check("index.html", "https://u.github.io/repo/guide/a/").is_ok());
        assert!(r.check("index.html", "https://elsewhere.org/").is_ok());
        assert!(r.check("guide/a/index.html", "../../css/x.css").is_ok());
        assert!(
            r.check("index.html", "/repo/guide/a/#nope").unwrap_err().contains("no element with id `nope`")
        );
        assert!(r.check("index.html", "/guide/a/").unwrap_err().contains("base path"));
        assert!(r.check("index.html", "/repo/missing/").unwrap_err().contains("missing/index.html"));
        assert!(r.check("guide/a/index.html", "#brace").is_ok());
        assert!(r.check("guide/a/index.html", "#x").is_err());
        assert!(r.check("index.html", "/repo/guide/b/#any").is_ok(), "a page with errors was blamed already");
    }
}

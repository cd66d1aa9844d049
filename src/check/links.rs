//! Stage 4, check: every internal link in the built site must land.
//!
//! After rendering, every `href`, `src`, `srcset` and `poster` in every HTML file, and every
//! `url()` in every CSS file, is resolved against the set of output files; a `#fragment` must
//! be an `id` on the target page. This catches links written in templates and raw HTML, not only
//! in markdown. Each failure is traced back to the markdown source or template it came from.

use crate::diagnostic::Diagnostic;
use crate::html::{FoundUrl, scan_html};
use crate::model::Site;
use crate::model::url::{Link, join_relative, output_path, parse_link, percent_decode};
use crate::render::templates::{Templates, find_in_templates};
use crate::render::{Origin, OutputFile, Rendered};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// A link that does not resolve, before it is traced to its origin.
#[derive(Debug)]
struct Broken<'a> {
    file: &'a OutputFile,
    value: String,
    /// Where the URL starts in the output file, in bytes.
    offset: usize,
    reason: String,
}

/// Checks every internal link in `rendered`; returns one diagnostic per broken link location.
pub(crate) fn check_links(rendered: &Rendered, site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let paths: HashSet<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    // One scan per file collects both its ids and its URLs.
    let scanned: Vec<(&OutputFile, HashSet<String>, Vec<FoundUrl>)> = rendered
        .files
        .par_iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".css"))
        .map(|f| {
            let text = String::from_utf8_lossy(&f.bytes);
            if f.path.ends_with(".css") {
                (f, HashSet::new(), css_urls(&text))
            } else {
                let (ids, urls) = scan_html(&text);
                (f, ids, urls)
            }
        })
        .collect();
    let ids: HashMap<&str, &HashSet<String>> =
        scanned.iter().map(|(f, ids, _)| (f.path.as_str(), ids)).collect();
    let with_errors: HashSet<String> = site.with_errors.iter().map(|p| output_path(p)).collect();
    let resolver = Resolver {
        paths: &paths,
        ids: &ids,
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        with_errors: &with_errors,
    };
    let broken: Vec<Broken<'_>> = scanned
        .par_iter()
        .flat_map_iter(|(file, _, urls)| {
            urls.iter()
                .filter_map(|url| {
                    resolver.check(&file.path, &url.value).err().map(|reason| Broken {
                        file,
                        value: url.value.clone(),
                        offset: url.offset,
                        reason,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let diagnostics = broken
        .into_iter()
        .filter(|b| !reported_at_parse(b, site, &with_errors))
        .map(|b| trace(&b, site, templates))
        .collect();
    crate::diagnostic::group_repeated(diagnostics)
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

/// What a link may land on: the built files and their ids.
struct Resolver<'a> {
    paths: &'a HashSet<&'a str>,
    ids: &'a HashMap<&'a str, &'a HashSet<String>>,
    base_path: &'a str,
    base_url: &'a str,
    /// Output files of pages whose sources have errors: a link to one (or to an id it lacks) is
    /// not reported, since its own error already was.
    with_errors: &'a HashSet<String>,
}

impl Resolver<'_> {
    /// `Ok` if `value`, found in output file `from`, lands on a file (and id) of the site.
    fn check(&self, from: &str, value: &str) -> Result<(), String> {
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
                    Some(rest) => (self.file_for(&percent_decode(rest))?, fragment),
                    None => return Err(format!("it is outside the site's base path `{}`", self.base_path)),
                }
            }
            Link::Relative { path, fragment } => {
                let joined =
                    join_relative(from, path).ok_or_else(|| "it climbs above the site root".to_string())?;
                (self.file_for(&joined)?, fragment)
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

    fn file_for(&self, rel: &str) -> Result<String, String> {
        let candidate = output_path(rel);
        if self.paths.contains(candidate.as_str()) {
            return Ok(candidate);
        }
        let as_dir = format!("{rel}/index.html");
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

    #[test]
    fn resolver_checks_files_ids_and_base_path() {
        let paths: HashSet<&str> = ["index.html", "guide/a/index.html", "css/x.css"].into_iter().collect();
        let brace = HashSet::from(["brace".to_string()]);
        let none = HashSet::new();
        let mut ids = HashMap::new();
        ids.insert("guide/a/index.html", &brace);
        ids.insert("index.html", &none);
        let failed = HashSet::from(["guide/b/index.html".to_string()]);
        let r = Resolver {
            paths: &paths,
            ids: &ids,
            base_path: "/repo/",
            base_url: "https://u.github.io/repo/",
            with_errors: &failed,
        };
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

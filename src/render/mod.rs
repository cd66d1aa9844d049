//! Stage 3, render: the site, its templates and assets become output files in memory.
//!
//! Pages render in parallel through one shared, compiled [`Templates`]; site-wide values (`site`,
//! `data`) sit in tera's global context, set once when the templates are compiled. [`page`]
//! plans and renders each output page (each render returns the assets it used); [`render_site`]
//! adds `404.html`, alias redirects, `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME` and the
//! assets that were used. Each output file remembers where it came from, so the link check can
//! name the template or source behind a broken link.

pub(crate) mod assets;
mod functions;
pub(crate) mod page;
pub(crate) mod search;
pub(crate) mod templates;
pub(crate) mod views;

use crate::diagnostic::Diagnostic;
use crate::html::escape_html;
use crate::model::url::{has_scheme, site_url};
use crate::model::{Page, PageKind, Site};
use assets::AssetManifest;
use page::{PageView, RenderedPage, site_view};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use templates::{Templates, template_diagnostic};

/// Where an output file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A markdown page (index into `Site::pages`) rendered through a template.
    Page {
        /// Index into `Site::pages`.
        page: usize,
        /// The template name.
        template: String,
    },
    /// A template rendered on its own, such as `404.html`.
    Template(String),
    /// A file hinge generates itself (the search index, `.nojekyll`, `CNAME`).
    Generated,
    /// A static or content file copied byte for byte from this file (so an offset in the
    /// output is the same offset in the source).
    Copied(PathBuf),
    /// A stylesheet or script bundled from this entry file.
    Bundled(PathBuf),
}

/// One file of the built site: its path in the output, its bytes and where it came from.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The bytes to write.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub(crate) origin: Origin,
}

/// The whole built site, in memory, sorted by path.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Number of HTML pages rendered from content.
    pub pages: usize,
    /// Number of asset files written.
    pub assets: usize,
    /// Number of exercises in the data (each has a page).
    pub exercises: usize,
    /// Warnings that do not stop the build (overdue reviews, when asked for).
    pub warnings: Vec<Diagnostic>,
}

/// What every template sees besides its own context: `site` and `data`.
pub(crate) fn globals(site: &Site) -> tera::Context {
    let mut globals = tera::Context::new();
    globals.insert("site", &site_view(site));
    globals.insert("data", &site.data);
    globals
}

/// The whole site from its rendered pages: adds the 404 page, redirects, feeds, the sitemap and
/// the assets the pages used; fails with every page's and every generated file's problems.
pub(crate) fn render_site(
    site: &Site,
    templates: &Templates,
    manifest: &AssetManifest,
    pages: Vec<Result<RenderedPage, Diagnostic>>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut files = Vec::with_capacity(pages.len() + 16);
    let mut used = BTreeSet::new();
    for result in pages {
        match result {
            Ok(page) => {
                files.push(page.file);
                used.extend(page.assets);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let page_count = files.len();
    match render_not_found(site, templates) {
        Ok(page) => {
            files.push(page.file);
            used.extend(page.assets);
        }
        Err(d) => diagnostics.push(d),
    }
    match alias_redirects(site) {
        Ok(mut redirects) => files.append(&mut redirects),
        Err(mut problems) => diagnostics.append(&mut problems),
    }
    if !diagnostics.is_empty() {
        return Err(crate::diagnostic::group_repeated(diagnostics));
    }
    files.push(generated("sitemap.xml", sitemap(site)));
    files.push(generated(FEED_PATH, atom_feed(site)));
    files.push(generated(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", site.config.base_url),
    ));
    files.push(generated(".nojekyll", String::new()));
    if let Some(cname) = &site.config.cname {
        files.push(generated("CNAME", format!("{cname}\n")));
    }
    files.extend(site.files.iter().map(|f| OutputFile {
        path: f.rel.clone(),
        bytes: f.bytes.clone(),
        origin: Origin::Copied(f.display.clone()),
    }));
    let assets = manifest.output_files(&used);
    let asset_count = assets.len();
    files.extend(assets);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered {
        files,
        pages: page_count,
        assets: asset_count,
        exercises: site.data.exercises.len(),
        warnings: Vec::new(),
    })
}

fn generated(path: &str, text: String) -> OutputFile {
    OutputFile { path: path.to_string(), bytes: text.into_bytes(), origin: Origin::Generated }
}

fn render_not_found(site: &Site, templates: &Templates) -> Result<RenderedPage, Diagnostic> {
    let mut context = tera::Context::new();
    let view = PageView {
        title: "Page not found",
        description: &site.config.description,
        url: site_url(&site.config.base_path, "404.html"),
        permalink: format!("{}404.html", site.config.base_url),
        path: "404.html",
        kind: "404",
        reading_minutes: 1,
        ..PageView::default()
    };
    context.insert("page", &view);
    let (result, assets) = templates.render("404.html", &context);
    let html =
        result.map_err(|e| template_diagnostic(&e, templates, Some(std::path::Path::new("404.html"))))?;
    let file = OutputFile {
        path: "404.html".into(),
        bytes: html.into_bytes(),
        origin: Origin::Template("404.html".into()),
    };
    Ok(RenderedPage { file, assets })
}

/// One redirect page per alias, refusing aliases that would overwrite a page.
fn alias_redirects(site: &Site) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let page_paths: HashMap<&str, &Page> = site.pages.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut claimed: BTreeMap<String, &Page> = BTreeMap::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for page in &site.pages {
        for alias in &page.meta.aliases {
            let locate = |message: String| {
                let line =
                    page.source_text.lines().position(|l| l.contains(alias.as_str())).map_or(1, |i| i + 1);
                Diagnostic::new(&page.display, line, 1, message).with_snippet_from(&page.source_text)
            };
            let Some(path) = alias_path(alias) else {
                problems.push(
                    locate(format!("alias `{alias}` is not a path inside the site"))
                        .with_help("write a site path such as `old/name/`"),
                );
                continue;
            };
            let dir_path = path.strip_suffix("index.html").unwrap_or(&path);
            if let Some(other) = page_paths.get(dir_path) {
                problems.push(locate(format!(
                    "alias `{alias}` would replace the page `{}`",
                    other.display.display()
                )));
                continue;
            }
            if let Some(other) = claimed.insert(path.clone(), page) {
                problems.push(locate(format!(
                    "alias `{alias}` is also claimed by `{}`",
                    other.display.display()
                )));
                continue;
            }
            let target = site_url(&site.config.base_path, &page.path);
            files.push(OutputFile {
                path,
                bytes: redirect_html(&site.config.language, &target).into_bytes(),
                origin: Origin::Generated,
            });
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

/// The output file for an alias: `old/` and `old` give `old/index.html`, `old.html` stays.
fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() || has_scheme(trimmed) || trimmed.split('/').any(|p| p == ".." || p == ".") {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(trimmed.to_string())
    } else {
        Some(format!("{}/index.html", trimmed.trim_end_matches('/')))
    }
}

/// A minimal page that sends the reader on to `target`.
fn redirect_html(language: &str, target: &str) -> String {
    let target = escape_html(target);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n",
        lang = escape_html(language)
    )
}

/// Where the Atom feed is written.
pub const FEED_PATH: &str = "atom.xml";

/// Dates in front matter are `YYYY-MM-DD`; Atom wants a full RFC 3339 time.
fn rfc3339(date: &str) -> String {
    if date.len() == 10 { format!("{date}T00:00:00Z") } else { date.to_string() }
}

/// An Atom feed of the dated articles, newest first.
fn atom_feed(site: &Site) -> String {
    let config = &site.config;
    let mut articles: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Page && p.data.is_none() && p.meta.date.is_some())
        .collect();
    let updated =
        |p: &Page| rfc3339(p.meta.updated.as_deref().or(p.meta.date.as_deref()).unwrap_or_default());
    articles.sort_by(|a, b| updated(b).cmp(&updated(a)).then_with(|| a.path.cmp(&b.path)));
    let feed_updated = articles.first().map(|p| updated(p)).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = config.author.as_deref().unwrap_or(&config.title);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <subtitle>{subtitle}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{FEED_PATH}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{feed_updated}</updated>\n  <author><name>{author}</name></author>\n",
        lang = escape_html(&config.language),
        title = escape_html(&config.title),
        subtitle = escape_html(&config.description),
        base = escape_html(&config.base_url),
        author = escape_html(author),
    );
    for page in articles {
        let link = escape_html(&format!("{}{}", config.base_url, page.path));
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&page.meta.title),
            rfc3339(page.meta.date.as_deref().unwrap_or_default()),
            updated(page),
            escape_html(page.meta.description.as_deref().unwrap_or_default()),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for page in pages {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_html(&format!("{}{}", site.config.base_url, page.path)));
        xml.push_str("</loc>\n");
        if let Some(date) = page.meta.updated.as_deref().or(page.meta.date.as_deref()) {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", escape_html(date)));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_path("/old/name/").as_deref(), Some("old/name/index.html"));
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_path("../up"), None);
        assert_eq!(alias_path("https://x.org/"), None);
    }

    #[test]
    fn redirect_has_refresh_canonical_and_link() {
        let html = redirect_html("en", "/repo/new/");
        assert!(html.contains("http-equiv=\"refresh\" content=\"0; url=/repo/new/\""));
        assert!(html.contains("rel=\"canonical\" href=\"/repo/new/\""));
        assert!(html.contains("<a href=\"/repo/new/\">"));
        assert!(html.contains("<link rel=\"icon\" href=\"data:,\">"), "no stray /favicon.ico request");
    }
}

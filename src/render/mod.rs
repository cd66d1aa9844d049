//! Stage 3, render: the site, its templates and assets become output files in memory.
//!
//! Pages render in parallel through one shared, compiled [`Templates`]; site-wide values (`site`,
//! `nav`) sit in tera's global context once instead of being copied into every page's context.
//! Besides pages, the stage produces `404.html`, alias redirects, `sitemap.xml`, `robots.txt`,
//! `.nojekyll`, `CNAME` and the assets. Each output file remembers where it came from, so the
//! link check can name the template or source behind a broken link.

pub(crate) mod assets;
pub(crate) mod search;
pub(crate) mod templates;
pub(crate) mod views;

use crate::cmd::cache::{BuildCache, fingerprint};
use crate::diagnostic::Diagnostic;
use crate::html::escape_html;
use crate::model::url::{has_scheme, site_url};
use crate::model::{Page, PageData, PageKind, Review, Site, TocEntry, Unit, component_placeholder};
use assets::AssetManifest;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use templates::{Templates, template_diagnostic};

/// Where an output file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A markdown page (index into `Site::pages`) rendered through a template.
    Page {
        /// Index into `Site::pages`.
        page: usize,
        /// The template name.
        template: String,
    },
    /// A template rendered on its own, such as `404.html`.
    Template(String),
    /// A file hinge generates itself (sitemap, redirects, robots.txt).
    Generated,
    /// A static or content file copied as it is.
    Copied,
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The bytes to write.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: Origin,
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

/// A title and a URL, for breadcrumbs and neighbours.
#[derive(Debug, Serialize)]
struct LinkView<'a> {
    title: &'a str,
    url: String,
}

/// A child page as a section lists it.
#[derive(Debug, Serialize)]
struct CardView<'a> {
    title: &'a str,
    url: String,
    description: &'a str,
    kind: &'static str,
    date: Option<&'a str>,
}

/// What a template sees as `page`.
#[derive(Debug, Serialize, Default)]
struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    kind: &'static str,
    content: Cow<'a, str>,
    toc: &'a [TocEntry],
    show_toc: bool,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    reviewed: Option<&'a Review>,
    words: usize,
    reading_minutes: usize,
    source: &'a str,
    breadcrumbs: Vec<LinkView<'a>>,
    prev: Option<LinkView<'a>>,
    next: Option<LinkView<'a>>,
    pages: Vec<CardView<'a>>,
    sections: Vec<CardView<'a>>,
    paginator: Option<PaginatorView>,
}

/// Where a paginated section's listing page sits among its siblings.
#[derive(Debug, Serialize, Clone)]
struct PaginatorView {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// One entry of the main navigation.
#[derive(Debug, Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
}

/// What a template sees as `site`.
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    author: Option<&'a str>,
    default_unit: Unit,
    nav: Vec<NavItem<'a>>,
    /// Whether the site has triage data, so the theme links its warning signs.
    has_red_flags: bool,
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Page => "page",
    }
}

/// The template a page renders with: its `template` key, else its data's, else its kind's.
pub fn template_for(page: &Page) -> &str {
    if let Some(template) = page.meta.template.as_deref() {
        return template;
    }
    match (&page.data, page.kind) {
        (Some(PageData::Exercise(_)), _) => "exercise.html",
        (Some(PageData::ExerciseLibrary), _) => "exercises.html",
        (Some(PageData::Progression(_)), _) => "progression.html",
        (Some(PageData::RedFlags), _) => "red-flags.html",
        (None, PageKind::Home) => "index.html",
        (None, PageKind::Section) => "section.html",
        (None, PageKind::Page) => "page.html",
    }
}

/// The output path of a page's HTML file.
pub fn page_output_path(page: &Page) -> String {
    format!("{}index.html", page.path)
}

/// Renders every page and generated file.
pub fn render_site(
    site: &Site,
    templates: &mut Templates,
    manifest: &AssetManifest,
    cache: Option<&BuildCache>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let site_view = site_view(site);
    let site_json = serde_json::to_string(&site_view).unwrap_or_default();
    let data_json = serde_json::to_string(&site.data).unwrap_or_default();
    let global = templates.tera.global_context();
    global.insert("site", &site_view);
    global.insert("data", &site.data);
    let templates = &*templates;
    // Everything every page's rendering reads besides its own context.
    let global_key = cache.map(|_| {
        let assets: Vec<(&String, &String)> =
            manifest.assets.iter().map(|(k, a)| (k, &a.hashed_path)).collect();
        fingerprint(&[&templates.sources, &site_json, &data_json, &assets])
    });
    let cache = cache.zip(global_key);

    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| render_listing_pages(site, templates, i, page, cache))
        .collect();
    let mut diagnostics = Vec::new();
    let mut files = Vec::with_capacity(site.pages.len() + 16);
    for result in results {
        match result {
            Ok(mut outputs) => files.append(&mut outputs),
            Err(d) => diagnostics.push(d),
        }
    }
    let page_count = files.len();
    match render_not_found(site, templates) {
        Ok(file) => files.push(file),
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
        origin: Origin::Copied,
    }));
    let assets = manifest.output_files();
    let asset_count = assets.len();
    files.extend(assets.into_iter().map(|(path, bytes)| OutputFile { path, bytes, origin: Origin::Copied }));
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

fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let nav = site.tree.children[site.tree.home]
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            NavItem {
                title: page.meta.short_title(),
                url: site_url(&config.base_path, &page.path),
                path: &page.path,
            }
        })
        .collect();
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: &config.base_path,
        language: &config.language,
        author: config.author.as_deref(),
        default_unit: config.default_unit,
        nav,
        has_red_flags: site.data.safety.is_some(),
    }
}

fn link_view<'a>(site: &'a Site, index: usize) -> LinkView<'a> {
    let page = &site.pages[index];
    LinkView { title: page.meta.short_title(), url: site_url(&site.config.base_path, &page.path) }
}

fn card_view<'a>(site: &'a Site, index: usize) -> CardView<'a> {
    let page = &site.pages[index];
    CardView {
        title: &page.meta.title,
        url: site_url(&site.config.base_path, &page.path),
        description: page.meta.description.as_deref().unwrap_or(""),
        kind: kind_name(page.kind),
        date: page.meta.date.as_deref(),
    }
}

/// The template context of a page; a paginated listing builds only its `listed` slice of cards.
fn page_view<'a>(
    site: &'a Site,
    index: usize,
    page: &'a Page,
    listed: Option<std::ops::Range<usize>>,
) -> PageView<'a> {
    let tree = &site.tree;
    let config = &site.config;
    PageView {
        title: &page.meta.title,
        description: page.meta.description.as_deref().unwrap_or(&config.description),
        url: site_url(&config.base_path, &page.path),
        permalink: format!("{}{}", config.base_url, page.path),
        path: &page.path,
        kind: kind_name(page.kind),
        content: Cow::Borrowed(&page.html),
        toc: &page.toc,
        show_toc: page.meta.toc.unwrap_or(page.toc.len() >= 3),
        date: page.meta.date.as_deref(),
        updated: page.meta.updated.as_deref(),
        reviewed: page.meta.reviewed.as_ref(),
        words: page.words,
        reading_minutes: page.words.div_ceil(200).max(1),
        source: &page.rel,
        breadcrumbs: tree.ancestors(index).into_iter().map(|i| link_view(site, i)).collect(),
        prev: tree.neighbours[index].0.map(|i| link_view(site, i)),
        next: tree.neighbours[index].1.map(|i| link_view(site, i)),
        pages: {
            let children = &tree.pages[index];
            let range = listed.unwrap_or(0..children.len());
            children[range.start.min(children.len())..range.end.min(children.len())]
                .iter()
                .map(|&i| card_view(site, i))
                .collect()
        },
        sections: tree.sections[index].iter().map(|&i| card_view(site, i)).collect(),
        paginator: None,
    }
}

/// A page's output: one file, or one per listing page for a section with `paginate_by`.
fn render_listing_pages(
    site: &Site,
    templates: &Templates,
    index: usize,
    page: &Page,
    cache: Option<(&BuildCache, u64)>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let children = site.tree.pages[index].len();
    let per_page = page.meta.paginate_by.filter(|n| *n > 0 && page.kind != PageKind::Page);
    let Some(per_page) = per_page.filter(|n| children > *n) else {
        return Ok(vec![render_page(site, templates, index, page, cache, None)?]);
    };
    let total = children.div_ceil(per_page);
    let listing_url = |n: usize| {
        let path = if n == 1 { page.path.clone() } else { format!("{}page/{n}/", page.path) };
        site_url(&site.config.base_path, &path)
    };
    (1..=total)
        .map(|n| {
            let paginator = PaginatorView {
                current: n,
                total,
                prev: (n > 1).then(|| listing_url(n - 1)),
                next: (n < total).then(|| listing_url(n + 1)),
            };
            render_page(site, templates, index, page, cache, Some((paginator, per_page)))
        })
        .collect()
}

fn render_page(
    site: &Site,
    templates: &Templates,
    index: usize,
    page: &Page,
    cache: Option<(&BuildCache, u64)>,
    pagination: Option<(PaginatorView, usize)>,
) -> Result<OutputFile, Diagnostic> {
    let template = template_for(page);
    let mut path = page_output_path(page);
    let origin = Origin::Page { page: index, template: template.to_string() };
    let listed = pagination.as_ref().map(|(p, per_page)| (p.current - 1) * per_page..p.current * per_page);
    let mut view = page_view(site, index, page, listed);
    if let Some((paginator, _)) = pagination {
        if paginator.current > 1 {
            path = format!("{}page/{}/index.html", page.path, paginator.current);
            view.url = site_url(&site.config.base_path, &format!("{}page/{}/", page.path, paginator.current));
            view.permalink = format!("{}{}page/{}/", site.config.base_url, page.path, paginator.current);
        }
        view.paginator = Some(paginator);
    }
    if !page.components.is_empty() {
        view.content = Cow::Owned(render_components(site, templates, page)?);
    }
    let page_data = page.data.as_ref().map(|d| views::page_data_value(site, d));
    let key = cache.map(|(_, global)| {
        let view_json = serde_json::to_string(&view).unwrap_or_default();
        let data_json = page_data.as_ref().map(|(_, v)| v.to_string()).unwrap_or_default();
        fingerprint(&[&global, &template, &view_json, &data_json])
    });
    if let Some(bytes) = cache.zip(key).and_then(|((c, _), k)| c.page(&path, k)) {
        return Ok(OutputFile { path, bytes, origin });
    }
    let mut context = tera::Context::new();
    context.insert("page", &view);
    if let Some((name, value)) = &page_data {
        context.insert(*name, value);
    }
    let html = templates
        .tera
        .render(template, &context)
        .map_err(|e| template_diagnostic(&e, templates, Some(&page.display)))?;
    if let Some(((c, _), k)) = cache.zip(key) {
        c.store_page(&path, k, html.as_bytes());
    }
    Ok(OutputFile { path, bytes: html.into_bytes(), origin })
}

/// The page body with every component placeholder replaced by its rendered template.
fn render_components(site: &Site, templates: &Templates, page: &Page) -> Result<String, Diagnostic> {
    let mut html = page.html.clone();
    for (i, component) in page.components.iter().enumerate() {
        let context = views::component_context(site, component, i);
        let rendered = templates
            .tera
            .render(&component.template(), &context)
            .map_err(|e| template_diagnostic(&e, templates, Some(&page.display)))?;
        html = html.replacen(&component_placeholder(i), &rendered, 1);
    }
    Ok(html)
}

fn render_not_found(site: &Site, templates: &Templates) -> Result<OutputFile, Diagnostic> {
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
    let html = templates
        .tera
        .render("404.html", &context)
        .map_err(|e| template_diagnostic(&e, templates, Some(std::path::Path::new("404.html"))))?;
    Ok(OutputFile {
        path: "404.html".into(),
        bytes: html.into_bytes(),
        origin: Origin::Template("404.html".into()),
    })
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

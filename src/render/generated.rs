//! The files every site has besides its pages: `404.html`, one redirect per alias,
//! `sitemap.xml`, the Atom feed and `robots.txt`. Each is a theme template (`404.html`,
//! `redirect.html`, `sitemap.xml`, `atom.xml`, `robots.txt`, `_headers`) that a site overrides by putting a
//! file of the same name in its own `templates/`; this module only gathers their contexts.

use super::page::{PageView, RenderedPage};
use super::templates::{Templates, template_diagnostic};
use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::model::url::{alias_path, site_url};
use crate::model::{Page, PageKind, Site};
use crate::parse::frontmatter::locate_in_front_matter;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Where the Atom feed is written.
const FEED_PATH: &str = "atom.xml";

/// Renders template `name` with `context` into the output file `path`.
pub(super) fn render_file(
    templates: &Templates,
    name: &str,
    context: &tera::Context,
    path: &str,
) -> Result<RenderedPage, Diagnostic> {
    let (result, assets) = templates.render(name, context);
    let text = result.map_err(|e| template_diagnostic(&e, templates, Some(Path::new(path))))?;
    let file = OutputFile {
        path: path.to_string(),
        bytes: std::sync::Arc::new(text.into_bytes()),
        origin: Origin::Template(name.into()),
    };
    Ok(RenderedPage { file, assets, links: None })
}

/// Every generated file, or every problem with them.
pub(crate) fn generated_files(site: &Site, templates: &Templates) -> Vec<Result<RenderedPage, Diagnostic>> {
    let mut files = vec![not_found(site, templates)];
    match alias_redirects(site, templates) {
        Ok(redirects) => files.extend(redirects),
        Err(problems) => files.extend(problems.into_iter().map(Err)),
    }
    // The sitemap (every page) and the feed are the two large ones: side by side.
    let (sitemap_file, feed_file) = rayon::join(
        || {
            let mut context = tera::Context::new();
            context.insert("sitemap", &sitemap(site));
            render_file(templates, "sitemap.xml", &context, "sitemap.xml")
        },
        || {
            let mut context = tera::Context::new();
            context.insert("feed", &feed(site));
            render_file(templates, "atom.xml", &context, FEED_PATH)
        },
    );
    files.extend([sitemap_file, feed_file]);
    files.push(render_file(templates, "robots.txt", &tera::Context::new(), "robots.txt"));
    files.push(render_file(templates, "_headers", &tera::Context::new(), "_headers"));
    files
}

fn not_found(site: &Site, templates: &Templates) -> Result<RenderedPage, Diagnostic> {
    // The page's words, its title included, are the `404.html` template's.
    let view = PageView {
        title: "",
        description: &site.config.description,
        url: site_url(&site.config.base_path, "404.html"),
        permalink: format!("{}404.html", site.config.base_url),
        path: "404.html",
        kind: "404",
        reading_minutes: 1,
        ..PageView::default()
    };
    let mut context = tera::Context::new();
    context.insert("page", &view);
    render_file(templates, "404.html", &context, "404.html")
}

/// One redirect page per alias, refusing aliases that would overwrite a page.
fn alias_redirects(
    site: &Site,
    templates: &Templates,
) -> Result<Vec<Result<RenderedPage, Diagnostic>>, Vec<Diagnostic>> {
    let page_paths: HashMap<&str, &Page> = site.pages.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut claimed: BTreeMap<String, &Page> = BTreeMap::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for page in &site.pages {
        for (i, alias) in page.meta.aliases.iter().enumerate() {
            let locate = |message: String| {
                let (line, column) =
                    locate_in_front_matter(&page.display, &page.source_text, &format!("aliases.{i}"));
                Diagnostic::new(&page.display, line, column, message).with_snippet_from(&page.source_text)
            };
            let Some(path) = alias_path(alias) else {
                problems.push(
                    locate(format!("alias `{alias}` is not a path inside the site"))
                        .with_help("write a site path such as `old/name/`"),
                );
                continue;
            };
            let dir_path = path.strip_suffix("index.html").unwrap_or(&path);
            let clash = match page_paths.get(dir_path) {
                Some(other) => {
                    Some(format!("alias `{alias}` would replace the page `{}`", other.display.display()))
                }
                None => claimed
                    .insert(path.clone(), page)
                    .map(|other| format!("alias `{alias}` is also claimed by `{}`", other.display.display())),
            };
            if let Some(message) = clash {
                problems.push(locate(message));
                continue;
            }
            let mut context = tera::Context::new();
            context.insert("target", &site_url(&site.config.base_path, &page.path));
            files.push(render_file(templates, "redirect.html", &context, &path));
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

/// One `<url>` of the sitemap.
#[derive(Debug, Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Every page and every taxonomy index and term page, by URL path.
fn sitemap(site: &Site) -> Vec<SitemapEntry> {
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .map(|page| (page.path.clone(), page.meta.updated.or(page.meta.date).map(|d| d.to_string())))
        .collect();
    for taxonomy in &site.taxonomies {
        entries.push((taxonomy.path(), None));
        entries.extend(taxonomy.terms.iter().map(|term| (taxonomy.term_path(term), None)));
    }
    entries.sort();
    entries
        .into_iter()
        .map(|(path, lastmod)| SitemapEntry { loc: format!("{}{path}", site.config.base_url), lastmod })
        .collect()
}

/// What the feed template sees as `feed`: the dated articles, newest first.
#[derive(Debug, Serialize)]
pub(super) struct FeedView<'a> {
    /// The feed's title: the site's, or "Site: term" for a term's feed.
    title: String,
    /// Its Atom id: the URL of the page it follows.
    id: String,
    self_url: String,
    /// The newest entry's update, as RFC 3339.
    updated: String,
    author: &'a str,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    link: String,
    published: String,
    updated: String,
    summary: &'a str,
}

/// Atom wants a full RFC 3339 time; front-matter dates are days.
fn rfc3339(date: time::Date) -> String {
    format!("{date}T00:00:00Z")
}

fn feed(site: &Site) -> FeedView<'_> {
    let config = &site.config;
    let alternate = config.base_url.clone();
    feed_of(site, site.pages.iter(), (config.title.clone(), alternate), FEED_PATH)
}

/// The feed of the dated articles among `pages`, titled `title`, following the page at
/// `alternate` (its Atom id), written at `path`.
pub(super) fn feed_of<'a>(
    site: &'a Site,
    pages: impl Iterator<Item = &'a Page>,
    (title, alternate): (String, String),
    path: &str,
) -> FeedView<'a> {
    let config = &site.config;
    let mut articles: Vec<(&Page, time::Date, time::Date)> = pages
        .filter(|p| p.kind == PageKind::Page && p.data.is_none())
        .filter_map(|p| p.meta.date.map(|date| (p, date, p.meta.updated.unwrap_or(date))))
        .collect();
    articles.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.path.cmp(&b.0.path)));
    let entries: Vec<FeedEntry<'_>> = articles
        .iter()
        .map(|(page, published, updated)| FeedEntry {
            title: &page.meta.title,
            link: format!("{}{}", config.base_url, page.path),
            published: rfc3339(*published),
            updated: rfc3339(*updated),
            summary: page.meta.description.as_deref().unwrap_or_default(),
        })
        .collect();
    FeedView {
        title,
        id: alternate,
        self_url: format!("{}{path}", config.base_url),
        updated: articles.first().map_or_else(|| "1970-01-01T00:00:00Z".into(), |a| rfc3339(a.2)),
        author: config.author.as_deref().unwrap_or(&config.title),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_times_are_rfc_3339() {
        let day = time::Date::from_calendar_date(2026, time::Month::November, 1).unwrap();
        assert_eq!(rfc3339(day), "2026-11-01T00:00:00Z");
    }
}

//! One page's render, in two steps the orchestrator can cache between: [`plan_pages`] builds
//! every output page's template context (its components rendered), and [`render_page`] renders
//! one context through its template, the body spliced into the output ([`super::body`]),
//! returning the file, its link scan and the assets it used.

use super::body::{BODY_SENTINEL, SplicedBody, fill_components, splice_body};
use super::templates::{Templates, template_diagnostic};
use super::views::{self, LinkView};
use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::html::{LinkScan, scan_links};
use crate::model::url::{has_scheme, output_path, site_url};
use crate::model::{MenuItem, MenuTarget, Page, PageData, PageKind, RefType, Review, Site, TocEntry, Unit};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// One output page, ready to render: where it goes, with which template and context.
pub(crate) struct PageJob<'a> {
    /// Output path, e.g. `guide/a/index.html`.
    pub(crate) path: String,
    /// The template to render.
    pub(crate) template: &'a str,
    /// What the template sees as `page`.
    pub(crate) view: PageView<'a>,
    /// The data record a data page shows, under its variable name.
    pub(crate) data: Option<(&'static str, serde_json::Value)>,
    /// Assets the page's components already used.
    pub(crate) assets: BTreeSet<String>,
    /// The body, when it is spliced into the template's output (`view.content` is then the
    /// sentinel); `None` when the view holds the body itself.
    pub(crate) body: Option<SplicedBody<'a>>,
    index: usize,
    display: &'a Path,
}

impl PageJob<'_> {
    /// Where the page's output comes from: its page (by index in this build) and template.
    pub(crate) fn origin(&self) -> Origin {
        Origin::Page { page: self.index, template: self.template.to_string() }
    }
}

/// One page rendered: its file and every asset its templates asked for.
#[derive(Debug, Clone)]
pub(crate) struct RenderedPage {
    /// The output file.
    pub(crate) file: OutputFile,
    /// Logical paths of the assets it uses, whose fingerprinted copies must be written.
    pub(crate) assets: BTreeSet<String>,
    /// Its ids and URLs, for the link check (`None`: the check scans the file itself): the
    /// template's and the components' read from their output, the body's from its record.
    pub(crate) links: Option<Arc<LinkScan>>,
}

/// Every output page of the site (one per page, more for paginated sections), in page order.
pub(crate) fn plan_pages<'a>(site: &'a Site, templates: &Templates) -> (Vec<PageJob<'a>>, Vec<Diagnostic>) {
    let planned: Vec<Result<Vec<PageJob<'a>>, Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| plan_listing_pages(site, templates, i, page))
        .collect();
    let mut jobs = Vec::with_capacity(site.pages.len());
    let mut problems = Vec::new();
    for result in planned {
        match result {
            Ok(mut more) => jobs.append(&mut more),
            Err(d) => problems.push(d),
        }
    }
    (jobs, problems)
}

/// Renders one planned page through its template, its body spliced into the output.
pub(crate) fn render_page(templates: &Templates, job: &PageJob<'_>) -> Result<RenderedPage, Diagnostic> {
    let (html, mut assets) = render_view(templates, job, &job.view)?;
    let (html, scan) = match &job.body {
        None => {
            let scan = scan_links(&html);
            (html, scan)
        }
        Some(body) => match splice_body(&html, body) {
            Some(spliced) => spliced,
            // The template printed the sentinel other than once: it gets the body itself.
            None => {
                let mut view = job.view.clone();
                view.content = Cow::Owned(fill_components(body.html, &body.components));
                let (html, used) = render_view(templates, job, &view)?;
                assets = used;
                let scan = scan_links(&html);
                (html, scan)
            }
        },
    };
    assets.extend(job.assets.iter().cloned());
    let origin = job.origin();
    let file = OutputFile { path: job.path.clone(), bytes: Arc::new(html.into_bytes()), origin };
    Ok(RenderedPage { file, assets, links: Some(Arc::new(scan)) })
}

/// The output of a job's template with `view` as `page`, and the assets it asked for.
fn render_view(
    templates: &Templates,
    job: &PageJob<'_>,
    view: &PageView<'_>,
) -> Result<(String, BTreeSet<String>), Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("page", view);
    if let Some((name, value)) = &job.data {
        context.insert(*name, value);
    }
    let (result, assets) = templates.render(job.template, &context);
    let html = result.map_err(|e| template_diagnostic(&e, templates, Some(job.display)))?;
    Ok((html, assets))
}

/// A page's output: one job, or one per listing page for a section with `paginate_by`.
pub(crate) fn plan_listing_pages<'a>(
    site: &'a Site,
    templates: &Templates,
    index: usize,
    page: &'a Page,
) -> Result<Vec<PageJob<'a>>, Diagnostic> {
    let children = site.tree.pages[index].len();
    let per_page = page.meta.paginate_by.filter(|n| *n > 0 && page.kind != PageKind::Page);
    let Some(per_page) = per_page.filter(|n| children > *n) else {
        return Ok(vec![plan_page(site, templates, index, page, None)?]);
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
            plan_page(site, templates, index, page, Some((paginator, per_page)))
        })
        .collect()
}

fn plan_page<'a>(
    site: &'a Site,
    templates: &Templates,
    index: usize,
    page: &'a Page,
    pagination: Option<(PaginatorView, usize)>,
) -> Result<PageJob<'a>, Diagnostic> {
    let mut path = page_output_path(page);
    let listed = pagination.as_ref().map(|(p, per_page)| (p.current - 1) * per_page..p.current * per_page);
    let mut view = page_view(site, index, page, listed);
    if let Some((paginator, _)) = pagination {
        if paginator.current > 1 {
            path = output_path(&format!("{}page/{}/", page.path, paginator.current));
            view.url = site_url(&site.config.base_path, &format!("{}page/{}/", page.path, paginator.current));
            view.permalink = format!("{}{}page/{}/", site.config.base_url, page.path, paginator.current);
        }
        view.paginator = Some(paginator);
    }
    let (components, assets) = render_components(site, templates, page)?;
    let body = if templates.splices_body && !page.html.is_empty() {
        view.content = Cow::Borrowed(BODY_SENTINEL);
        Some(SplicedBody { html: &page.html, links: &page.body_links, components })
    } else {
        if !components.is_empty() {
            view.content = Cow::Owned(fill_components(&page.html, &components));
        }
        None
    };
    let data = page.data.as_ref().map(|d| views::page_data_value(site, d));
    let template = template_for(page);
    Ok(PageJob { path, template, view, data, assets, body, index, display: &page.display })
}

/// The output of each of the page's components' templates, by index, and the assets they used.
fn render_components(
    site: &Site,
    templates: &Templates,
    page: &Page,
) -> Result<(Vec<String>, BTreeSet<String>), Diagnostic> {
    let mut assets = BTreeSet::new();
    let mut rendered = Vec::with_capacity(page.components.len());
    for (i, component) in page.components.iter().enumerate() {
        let context = views::component_context(site, component, i);
        let (result, used) = templates.render(&component.template(), &context);
        rendered.push(result.map_err(|e| template_diagnostic(&e, templates, Some(&page.display)))?);
        assets.extend(used);
    }
    Ok((rendered, assets))
}

/// The template a page renders with: its `template` key, else its data's, else its kind's.
pub(crate) fn template_for(page: &Page) -> &str {
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
pub(crate) fn page_output_path(page: &Page) -> String {
    output_path(&page.path)
}

/// A child page as a section lists it.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct CardView<'a> {
    title: &'a str,
    url: String,
    description: &'a str,
    kind: &'static str,
    date: Option<String>,
    /// Whether the card is an exercise's page (term pages list exercises apart from articles).
    pub(crate) exercise: bool,
}

/// What a template sees as `page`.
#[derive(Debug, Serialize, Default, Clone)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    /// The absolute URL of the page's social card.
    pub(crate) og_image: Option<String>,
    /// The page's JSON-LD (`MedicalWebPage` or `ExercisePlan`), escaped for a `<script>`.
    pub(crate) json_ld: String,
    pub(crate) path: &'a str,
    pub(crate) kind: &'static str,
    pub(crate) content: Cow<'a, str>,
    pub(crate) toc: &'a [TocEntry],
    pub(crate) show_toc: bool,
    pub(crate) date: Option<String>,
    pub(crate) updated: Option<String>,
    pub(crate) reviewed: Option<&'a Review>,
    pub(crate) words: usize,
    pub(crate) reading_minutes: usize,
    pub(crate) source: &'a str,
    pub(crate) breadcrumbs: Vec<LinkView<'a>>,
    pub(crate) prev: Option<LinkView<'a>>,
    pub(crate) next: Option<LinkView<'a>>,
    pub(crate) pages: Vec<CardView<'a>>,
    pub(crate) sections: Vec<CardView<'a>>,
    pub(crate) paginator: Option<PaginatorView>,
    /// The page's `extra:` fields.
    pub(crate) extra: Option<&'a serde_json::Map<String, serde_json::Value>>,
    /// Whether the page embeds a calculator, so the theme adds the calculators' stylesheet.
    pub(crate) calculators: bool,
    /// The page's terms by taxonomy, each with its term page's URL.
    pub(crate) taxonomies: BTreeMap<&'a str, Vec<LinkView<'a>>>,
}

/// Where a paginated section's listing page sits among its siblings.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct PaginatorView {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

impl PaginatorView {
    /// Listing page `current` of `total`, with the URLs of its neighbours from `url(n)`.
    pub(crate) fn new(current: usize, total: usize, url: impl Fn(usize) -> String) -> Self {
        PaginatorView {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
        }
    }
}

/// One entry of the main navigation: its text, its URL, and the page path it marks as
/// current (empty for a link outside the site).
#[derive(Debug, Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    path: Cow<'a, str>,
}

/// A `menu` entry of `site.yaml` as the header shows it; its page was checked to exist.
fn nav_item<'a>(site: &'a Site, item: &'a MenuItem) -> NavItem<'a> {
    let base_path = &site.config.base_path;
    match &item.target {
        MenuTarget::Page(rel) => {
            let page = site.pages.iter().find(|p| &p.rel == rel);
            let path = page.map_or("", |p| p.path.as_str());
            let title = item.name.as_deref().or(page.map(|p| p.meta.short_title())).unwrap_or("");
            NavItem { title, url: site_url(base_path, path), path: Cow::Borrowed(path) }
        }
        MenuTarget::Url(url) if has_scheme(url) || url.starts_with("//") => {
            NavItem { title: item.name.as_deref().unwrap_or(""), url: url.clone(), path: Cow::Borrowed("") }
        }
        MenuTarget::Url(url) => {
            let path = url.trim_start_matches('/');
            NavItem {
                title: item.name.as_deref().unwrap_or(""),
                url: site_url(base_path, path),
                path: Cow::Owned(path.split(['#', '?']).next().unwrap_or("").to_string()),
            }
        }
    }
}

/// What a template sees as `site`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
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
    /// The site's `extra:` fields.
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Page => "page",
    }
}

pub(crate) fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let nav = config.menu.iter().map(|item| nav_item(site, item)).collect();
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
        extra: &config.extra,
    }
}

fn link_view<'a>(site: &'a Site, index: usize) -> LinkView<'a> {
    let page = &site.pages[index];
    LinkView { title: page.meta.short_title(), url: site_url(&site.config.base_path, &page.path) }
}

/// A page as a listing shows it.
pub(crate) fn card_view<'a>(site: &'a Site, index: usize) -> CardView<'a> {
    let page = &site.pages[index];
    CardView {
        title: &page.meta.title,
        url: site_url(&site.config.base_path, &page.path),
        description: page.meta.description.as_deref().unwrap_or(""),
        kind: kind_name(page.kind),
        date: page.meta.date.map(|d| d.to_string()),
        exercise: matches!(page.data, Some(PageData::Exercise(_))),
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
        og_image: super::cards::card_url(config, &page.path),
        json_ld: super::structured::json_ld(site, page),
        path: &page.path,
        kind: kind_name(page.kind),
        content: Cow::Borrowed(&*page.html),
        toc: &page.toc,
        show_toc: page.meta.toc.unwrap_or(page.toc.len() >= 3),
        date: page.meta.date.map(|d| d.to_string()),
        updated: page.meta.updated.map(|d| d.to_string()),
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
        extra: Some(&page.meta.extra),
        calculators: page.components.iter().any(|c| c.uses(RefType::Calculator)),
        taxonomies: page_terms(site, page),
    }
}

/// A page's terms, by taxonomy, linked to their term pages.
fn page_terms<'a>(site: &'a Site, page: &'a Page) -> BTreeMap<&'a str, Vec<LinkView<'a>>> {
    let mut terms = BTreeMap::new();
    for (name, written) in &page.meta.taxonomies {
        let links = written
            .iter()
            .map(|term| {
                let path = format!("{name}/{}/", crate::parse::markdown::slugify(term.trim()));
                LinkView { title: term.trim(), url: site_url(&site.config.base_path, &path) }
            })
            .collect();
        terms.insert(name.as_str(), links);
    }
    terms
}

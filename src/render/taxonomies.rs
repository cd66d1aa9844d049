//! Taxonomy pages: for each taxonomy `site.yaml` declares, an index of its terms with their
//! counts (`/tags/`, template `taxonomy_list.html`) and one page per term listing its pages
//! (`/tags/TERM/`, paginated as `/tags/TERM/page/2/`, template `taxonomy_single.html`). Both are
//! theme templates a site overrides in its own `templates/`; this module gathers their contexts.
//! Each term also gets an Atom feed of its dated articles (`/tags/TERM/atom.xml`).

use super::generated::{feed_of, render_file};
use super::page::{CardView, PageView, PaginatorView, RenderedPage, card_view};
use super::templates::Templates;
use super::views::LinkView;
use crate::diagnostic::Diagnostic;
use crate::model::url::{output_path, site_url};
use crate::model::{Site, Taxonomy, Term};
use serde::Serialize;

/// The list template's name.
const LIST_TEMPLATE: &str = "taxonomy_list.html";
/// The term template's name.
const SINGLE_TEMPLATE: &str = "taxonomy_single.html";

/// A taxonomy as its templates see it (`taxonomy`).
#[derive(Debug, Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: String,
    url: String,
    terms: Vec<TermView<'a>>,
}

/// A term as its templates see it (`term`, and each of `taxonomy.terms`).
#[derive(Debug, Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

/// Every taxonomy's index and term pages, rendered.
pub(crate) fn taxonomy_pages(site: &Site, templates: &Templates) -> Vec<Result<RenderedPage, Diagnostic>> {
    let mut files = Vec::new();
    for taxonomy in &site.taxonomies {
        let view = taxonomy_view(site, taxonomy);
        let path = taxonomy.path();
        let description = index_description(&view);
        let page = listing_view(site, (&view.title, &description), &path, Vec::new(), None);
        let mut context = tera::Context::new();
        context.insert("page", &page);
        context.insert("taxonomy", &view);
        files.push(render_file(templates, LIST_TEMPLATE, &context, &output_path(&path)));
        for (term, term_view) in taxonomy.terms.iter().zip(&view.terms) {
            files.extend(term_pages(site, templates, taxonomy, term, &view, term_view));
            files.push(term_feed(site, templates, taxonomy, term));
        }
    }
    files
}

/// One term's listing pages: all its pages on one, or `paginate_by` per page.
fn term_pages(
    site: &Site,
    templates: &Templates,
    taxonomy: &Taxonomy,
    term: &Term,
    view: &TaxonomyView<'_>,
    term_view: &TermView<'_>,
) -> Vec<Result<RenderedPage, Diagnostic>> {
    let base = taxonomy.term_path(term);
    let per_page = taxonomy.paginate_by.unwrap_or(term.pages.len().max(1));
    let chunks: Vec<&[usize]> = term.pages.chunks(per_page).collect();
    let total = chunks.len();
    let path_of = |n: usize| if n == 1 { base.clone() } else { format!("{base}page/{n}/") };
    let parent = LinkView { title: &view.title, url: view.url.clone() };
    let description = term_description(site, &view.title, term);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let path = path_of(n);
            let cards: Vec<CardView<'_>> = chunk.iter().map(|&p| card_view(site, p)).collect();
            let (exercises, articles): (Vec<&CardView<'_>>, Vec<&CardView<'_>>) =
                cards.iter().partition(|card| card.exercise);
            let mut context = tera::Context::new();
            context.insert("articles", &articles);
            context.insert("exercises", &exercises);
            let paginator = (total > 1)
                .then(|| PaginatorView::new(n, total, |k| site_url(&site.config.base_path, &path_of(k))));
            let mut page = listing_view(site, (term_view.name, &description), &path, cards, paginator);
            page.breadcrumbs.push(LinkView { title: parent.title, url: parent.url.clone() });
            context.insert("page", &page);
            context.insert("taxonomy", view);
            context.insert("term", term_view);
            render_file(templates, SINGLE_TEMPLATE, &context, &output_path(&path))
        })
        .collect()
}

/// A term's Atom feed (`/tags/TERM/atom.xml`): its dated articles, newest first, through the
/// site's `atom.xml` template.
fn term_feed(
    site: &Site,
    templates: &Templates,
    taxonomy: &Taxonomy,
    term: &Term,
) -> Result<RenderedPage, Diagnostic> {
    let path = taxonomy.term_path(term);
    let title = format!("{}: {}", site.config.title, term.name);
    let alternate = format!("{}{path}", site.config.base_url);
    let feed_path = format!("{path}atom.xml");
    let pages = term.pages.iter().map(|&i| &site.pages[i]);
    let mut context = tera::Context::new();
    context.insert("feed", &feed_of(site, pages, (title, alternate), &feed_path));
    render_file(templates, "atom.xml", &context, &feed_path)
}

fn taxonomy_view<'a>(site: &Site, taxonomy: &'a Taxonomy) -> TaxonomyView<'a> {
    let base_path = &site.config.base_path;
    let terms = taxonomy
        .terms
        .iter()
        .map(|term| TermView {
            name: &term.name,
            slug: &term.slug,
            url: site_url(base_path, &taxonomy.term_path(term)),
            count: term.pages.len(),
        })
        .collect();
    TaxonomyView {
        name: &taxonomy.name,
        title: capitalised(&taxonomy.name),
        url: site_url(base_path, &taxonomy.path()),
        terms,
    }
}

/// The `page` of a taxonomy listing: its title, URL, the cards it lists and its place.
fn listing_view<'a>(
    site: &'a Site,
    (title, description): (&'a str, &'a str),
    path: &'a str,
    pages: Vec<CardView<'a>>,
    paginator: Option<PaginatorView>,
) -> PageView<'a> {
    let config = &site.config;
    let home = site.pages.iter().find(|p| p.path.is_empty()).map_or("Home", |p| p.meta.short_title());
    PageView {
        title,
        description,
        url: site_url(&config.base_path, path),
        permalink: format!("{}{path}", config.base_url),
        path,
        kind: "taxonomy",
        reading_minutes: 1,
        breadcrumbs: vec![LinkView { title: home, url: site_url(&config.base_path, "") }],
        pages,
        paginator,
        ..PageView::default()
    }
}

/// A taxonomy index's description, from its terms: "Equipment: Barbell, Dowel, Kettlebell."
fn index_description(view: &TaxonomyView<'_>) -> String {
    let terms: Vec<&str> = view.terms.iter().map(|t| t.name).collect();
    if terms.is_empty() {
        return format!("{}: no terms yet.", view.title);
    }
    format!("{}: {}.", view.title, terms.join(", "))
}

/// A term page's description, from its pages: "Barbell, in Equipment: Deadlift, Rack pull and
/// 4 more."
fn term_description(site: &Site, taxonomy_title: &str, term: &Term) -> String {
    const NAMED: usize = 3;
    let titles: Vec<&str> =
        term.pages.iter().take(NAMED).map(|&i| site.pages[i].meta.title.as_str()).collect();
    let more = term.pages.len().saturating_sub(NAMED);
    let rest = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("{}, in {taxonomy_title}: {}{rest}.", term.name, titles.join(", "))
}

/// `tags` → `Tags`, the title of a taxonomy's index.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

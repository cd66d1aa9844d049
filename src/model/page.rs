//! Pages: what the parse stage makes of each markdown file or data record.
//!
//! A [`Page`] holds its front matter, its body rendered to HTML and what rendering learnt (the
//! table of contents, heading ids, the components it embeds, the files it links to). Pages
//! generated from data carry a [`PageData`] instead of a body.

use super::component::Component;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

/// What a page is: the home page, a section's own page, or a plain page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `content/_index.md`.
    Home,
    /// `content/DIR/_index.md`.
    Section,
    /// Any other markdown file.
    Page,
}

/// What structured data a page presents, for pages generated from (or bound to) data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageData {
    /// An exercise page, `/exercises/ID/`.
    Exercise(String),
    /// The exercise library, `/exercises/`.
    ExerciseLibrary,
    /// A progression page, `/progressions/ID/`.
    Progression(String),
    /// The red-flags page, `/red-flags/`.
    RedFlags,
}

/// One parsed and rendered markdown page, or a page generated from data.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to `content/`, e.g. `guide/a.md`.
    pub rel: String,
    /// Source path relative to the site root, for messages.
    pub display: PathBuf,
    /// The page's kind.
    pub kind: PageKind,
    /// URL path relative to the base path, e.g. `guide/a/` (empty for the home page).
    pub path: String,
    /// The front matter.
    pub meta: FrontMatter,
    /// The body as HTML.
    pub html: String,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// Ids of all headings.
    pub heading_ids: HashSet<String>,
    /// Words of prose in the body.
    pub words: usize,
    /// The whole source text, kept to locate problems found after rendering.
    pub source_text: String,
    /// The data the page presents, if any.
    pub data: Option<PageData>,
    /// Components embedded in the body.
    pub components: Vec<Component>,
    /// Content files the page links to or embeds.
    pub references: Vec<String>,
    /// Every URL the body writes, with where in the source file it is written.
    pub links: Vec<LinkSpan>,
}

/// A URL as it appears in a page's HTML, and the byte offset in the page's source file of the
/// link that wrote it: where the link check points when the URL leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkSpan {
    /// The URL, as written into the HTML (entities decoded).
    pub url: String,
    /// Byte offset in the source file.
    pub offset: usize,
}

/// The kind of page a source path makes, and its URL path.
pub fn page_kind_and_path(rel: &str) -> (PageKind, String) {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    match stem.rsplit_once('/') {
        None if stem == "_index" => (PageKind::Home, String::new()),
        Some((dir, "_index")) => (PageKind::Section, format!("{dir}/")),
        Some((dir, "index")) => (PageKind::Page, format!("{dir}/")),
        _ => (PageKind::Page, format!("{stem}/")),
    }
}

/// A page's front matter, checked: dates are calendar dates, the title is not empty and a
/// named template exists.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The page title.
    pub title: String,
    /// A short title for navigation and breadcrumbs (defaults to `title`).
    pub link_title: Option<String>,
    /// One sentence for search results and link previews.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<time::Date>,
    /// Date of the last substantial update.
    pub updated: Option<time::Date>,
    /// Position among siblings; lower comes first, pages without a weight come last.
    pub weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// A template to use instead of the default for the page's kind.
    pub template: Option<String>,
    /// Old URL paths that should redirect to this page.
    pub aliases: Vec<String>,
    /// For a section: list this many pages per listing page (`section/page/2/` and on).
    pub paginate_by: Option<usize>,
    /// Whether to show the table of contents (default: shown when the page has 3+ headings).
    pub toc: Option<bool>,
    /// Who last reviewed the page and when; shown on the page and aged by `hinge check`.
    pub reviewed: Option<Review>,
}

/// A page's last review, shown to readers as `{by, on}` with `on` written `YYYY-MM-DD`.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Who reviewed it, as shown to readers.
    pub by: String,
    /// When.
    #[serde(serialize_with = "iso_date")]
    pub on: time::Date,
}

/// Writes a date as `YYYY-MM-DD`, as templates and feeds expect.
fn iso_date<S: serde::Serializer>(date: &time::Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl FrontMatter {
    /// The title to use in navigation and breadcrumbs.
    pub fn short_title(&self) -> &str {
        self.link_title.as_deref().unwrap_or(&self.title)
    }
}

/// One entry of a page's table of contents, with nested lower-level headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level, 2 to 6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

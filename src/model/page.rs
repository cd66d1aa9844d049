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
pub(crate) enum PageKind {
    /// `content/_index.md`.
    Home,
    /// `content/DIR/_index.md`.
    Section,
    /// Any other markdown file.
    Page,
}

/// What structured data a page presents, for pages generated from (or bound to) data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageData {
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
pub(crate) struct Page {
    /// Source path relative to `content/`, e.g. `guide/a.md`.
    pub(crate) rel: String,
    /// Source path relative to the site root, for messages.
    pub(crate) display: PathBuf,
    /// The page's kind.
    pub(crate) kind: PageKind,
    /// URL path relative to the base path, e.g. `guide/a/` (empty for the home page).
    pub(crate) path: String,
    /// The front matter.
    pub(crate) meta: FrontMatter,
    /// The body as HTML.
    pub(crate) html: std::sync::Arc<str>,
    /// The table of contents.
    pub(crate) toc: Vec<TocEntry>,
    /// Ids of all headings.
    pub(crate) heading_ids: HashSet<String>,
    /// Words of prose in the body.
    pub(crate) words: usize,
    /// The whole source text, kept to locate problems found after rendering.
    pub(crate) source_text: String,
    /// The data the page presents, if any.
    pub(crate) data: Option<PageData>,
    /// Components embedded in the body.
    pub(crate) components: Vec<Component>,
    /// Content files the page links to or embeds.
    pub(crate) references: Vec<String>,
    /// Every URL the body writes, with where in the source file it is written.
    pub(crate) links: Vec<LinkSpan>,
    /// The ids and URLs of the body's own HTML, recorded while it was written, for the link check.
    pub(crate) body_links: BodyLinks,
    /// Every distinct word of the body and its components' bodies, for the search index.
    pub(crate) search_words: String,
}

/// A URL as it appears in a page's HTML, and the byte offset in the page's source file of the
/// link that wrote it: where the link check points when the URL leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub(crate) struct LinkSpan {
    /// The URL, as written into the HTML (entities decoded).
    pub(crate) url: String,
    /// Byte offset in the source file.
    pub(crate) offset: usize,
}

/// What a page body's HTML defines and links to, recorded from the events it was written from,
/// so the link check need not read the body again. A component's output is not in it (it is
/// read when it is rendered), only where its placeholder falls among the body's URLs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub(crate) struct BodyLinks {
    /// Every `id` (and `<a name>`) the body's HTML defines.
    pub(crate) ids: Vec<String>,
    /// Every `href`, `src`, `poster` and `srcset` URL it writes, entities decoded, in order.
    pub(crate) urls: Vec<String>,
    /// For each component placeholder of the body, in order: how many of `urls` come before it.
    pub(crate) placeholders: Vec<usize>,
}

/// The kind of page a source path makes, and its URL path. Characters that end or escape a
/// URL path (`#`, `?`, `%`) and whitespace become `-`, as Zola and Hugo do, so the page's URL
/// is the same string in the HTML, in the address bar and on disk: `a#b.md` is at `a-b/`.
pub(crate) fn page_kind_and_path(rel: &str) -> (PageKind, String) {
    let safe: String = rel
        .chars()
        .map(|c| if matches!(c, '#' | '?' | '%') || c.is_whitespace() { '-' } else { c })
        .collect();
    let stem = safe.strip_suffix(".md").unwrap_or(&safe);
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
pub(crate) struct FrontMatter {
    /// The page title.
    pub(crate) title: String,
    /// A short title for navigation and breadcrumbs (defaults to `title`).
    pub(crate) link_title: Option<String>,
    /// One sentence for search results and link previews.
    pub(crate) description: Option<String>,
    /// Publication date.
    pub(crate) date: Option<time::Date>,
    /// Date of the last substantial update.
    pub(crate) updated: Option<time::Date>,
    /// Position among siblings; lower comes first, pages without a weight come last.
    pub(crate) weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    pub(crate) draft: bool,
    /// A template to use instead of the default for the page's kind.
    pub(crate) template: Option<String>,
    /// Old URL paths that should redirect to this page.
    pub(crate) aliases: Vec<String>,
    /// For a section: list this many pages per listing page (`section/page/2/` and on).
    pub(crate) paginate_by: Option<usize>,
    /// Whether to show the table of contents (default: shown when the page has 3+ headings).
    pub(crate) toc: Option<bool>,
    /// Who last reviewed the page and when; shown on the page and aged by `hinge check`.
    pub(crate) reviewed: Option<Review>,
    /// The editor's own fields (`extra:`), passed to templates as `page.extra`.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// Terms by taxonomy, as written (`tags: [hinge, bracing]`).
    pub(crate) taxonomies: std::collections::BTreeMap<String, Vec<String>>,
}

/// A page's last review, shown to readers as `{by, on}` with `on` written `YYYY-MM-DD`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Review {
    /// Who reviewed it, as shown to readers.
    pub(crate) by: String,
    /// When.
    #[serde(serialize_with = "iso_date")]
    pub(crate) on: time::Date,
}

/// Writes a date as `YYYY-MM-DD`, as templates and feeds expect.
fn iso_date<S: serde::Serializer>(date: &time::Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl FrontMatter {
    /// The title to use in navigation and breadcrumbs.
    pub(crate) fn short_title(&self) -> &str {
        self.link_title.as_deref().unwrap_or(&self.title)
    }
}

/// One entry of a page's table of contents, with nested lower-level headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct TocEntry {
    /// Heading level, 2 to 6.
    pub(crate) level: u8,
    /// The heading's id.
    pub(crate) id: String,
    /// The heading's plain text.
    pub(crate) title: String,
    /// Headings nested under this one.
    pub(crate) children: Vec<TocEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_never_hold_characters_that_end_a_path() {
        assert_eq!(page_kind_and_path("guide/x#y.md").1, "guide/x-y/");
        assert_eq!(page_kind_and_path("guide/what?.md").1, "guide/what-/");
        assert_eq!(page_kind_and_path("a b/100%/_index.md"), (PageKind::Section, "a-b/100-/".to_string()));
        assert_eq!(page_kind_and_path("guide/ün.md").1, "guide/ün/");
    }
}

//! The pages generated from data: one per exercise and progression, the exercise library and
//! the red-flag page. Their titles and descriptions come from the data: an exercise's name and
//! summary, a progression's title and summary, the `page:` block of a data file, and the
//! library's from `content/exercises/_index.md`. No words are written here: without that page the
//! library is titled by its folder's name and described by the site's description.

use super::data::DataSources;
use crate::model::{Data, DataPage, FrontMatter, Page, PageData, PageKind};
use std::collections::{BTreeMap, HashSet};

/// A folder's name as a title: `exercises` is `Exercises`.
fn folder_title(folder: &str) -> String {
    let mut chars = folder.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// How one generated page is titled and listed.
struct Listing<'a> {
    title: &'a str,
    link_title: Option<&'a str>,
    description: &'a str,
    weight: Option<i64>,
}

impl Listing<'_> {
    /// `page:` wins over the defaults, field by field.
    fn with(&self, page: Option<&DataPage>) -> FrontMatter {
        let pick =
            |given: Option<&String>, default: &str| given.cloned().unwrap_or_else(|| default.to_string());
        FrontMatter {
            title: pick(page.and_then(|p| p.title.as_ref()), self.title),
            link_title: page.and_then(|p| p.link_title.clone()).or(self.link_title.map(String::from)),
            description: Some(pick(page.and_then(|p| p.description.as_ref()), self.description)),
            weight: page.and_then(|p| p.weight).or(self.weight),
            ..FrontMatter::default()
        }
    }
}

/// A record's terms as a page carries them: empty terms (reported at load) left out.
fn terms_of(terms: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, Vec<String>> {
    let kept = |list: &Vec<String>| list.iter().filter(|t| !t.trim().is_empty()).cloned().collect();
    terms.iter().map(|(name, list)| (name.clone(), kept(list))).collect()
}

/// The markdown page `content/exercises/_index.md`, if written, introduces the exercise library.
pub(super) fn bind_library_section(pages: &mut [Page]) {
    if let Some(page) = pages.iter_mut().find(|p| p.rel == "exercises/_index.md") {
        page.data = Some(PageData::ExerciseLibrary);
    }
}

/// Pages generated from the data; the library only when no markdown page introduces it.
pub(super) fn data_pages(data: &Data, sources: &DataSources, has_library_page: bool) -> Vec<Page> {
    let page = |rel: String, path: String, kind: PageKind, meta: FrontMatter, data: PageData| Page {
        display: format!("content/{rel}").into(),
        source_text: sources.text(&rel).to_string(),
        rel,
        kind,
        path,
        meta,
        html: Default::default(),
        toc: Vec::new(),
        heading_ids: HashSet::new(),
        words: 0,
        data: Some(data),
        components: Vec::new(),
        references: Vec::new(),
        links: Vec::new(),
        body_links: Default::default(),
        search_words: String::new(),
    };
    let mut pages = Vec::new();
    for (id, exercise) in &data.exercises {
        let meta =
            Listing { title: &exercise.name, link_title: None, description: &exercise.summary, weight: None };
        let (rel, path) = (format!("exercises/{id}.yaml"), format!("exercises/{id}/"));
        let mut meta = meta.with(None);
        meta.taxonomies = terms_of(&exercise.taxonomies);
        pages.push(page(rel, path, PageKind::Page, meta, PageData::Exercise(id.clone())));
    }
    if !data.exercises.is_empty() && !has_library_page {
        let title = folder_title("exercises");
        let listing = Listing { title: &title, link_title: None, description: "", weight: None };
        let mut meta = listing.with(None);
        meta.description = None;
        let mut library = page(
            "exercises/_index.md".into(),
            "exercises/".into(),
            PageKind::Section,
            meta,
            PageData::ExerciseLibrary,
        );
        library.display = "content/exercises".into();
        pages.push(library);
    }
    for (id, progression) in &data.progressions {
        let listing = Listing {
            title: &progression.title,
            link_title: None,
            description: &progression.summary,
            weight: None,
        };
        let meta = listing.with(progression.page.as_ref());
        let (rel, path) = (format!("progressions/{id}.yaml"), format!("progressions/{id}/"));
        pages.push(page(rel, path, PageKind::Page, meta, PageData::Progression(id.clone())));
    }
    if let Some(safety) = &data.safety {
        let listing = Listing { title: "", link_title: None, description: "", weight: None };
        let meta = listing.with(Some(&safety.page));
        pages.push(page(
            "data/red-flags.yaml".into(),
            "red-flags/".into(),
            PageKind::Page,
            meta,
            PageData::RedFlags,
        ));
    }
    pages
}

//! The build-time search index: one JSON document the client-side search box loads on first use.
//!
//! Each entry has a page's title, URL, description, headings and every distinct word of its
//! text (articles) or of its data record (exercises, progressions, the red flags), so any word
//! on the site finds its page while the index stays small: a word is stored once per page, in
//! the order it first appears. The index is written fingerprinted (`search-index.HASH.json`)
//! like any asset, so a stale copy is never served.

use crate::model::url::site_url;
use crate::model::{Page, PageData, Site, distinct_words};
use rayon::prelude::*;
use serde::Serialize;

/// The logical asset path of the index.
pub(crate) const INDEX_ASSET: &str = "search-index.json";

/// One searchable document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct SearchEntry {
    /// Title.
    pub(crate) t: String,
    /// URL, including the base path.
    pub(crate) u: String,
    /// Description or summary.
    pub(crate) d: String,
    /// Section headings.
    pub(crate) h: Vec<String>,
    /// Every distinct word of the page, lowercased, space-separated, in order of first use.
    pub(crate) x: String,
}

/// The index as JSON bytes, entries in page order.
pub(crate) fn build_index(site: &Site) -> Vec<u8> {
    let entries: Vec<Option<Vec<u8>>> = site.pages.par_iter().map(|page| page_json(site, page)).collect();
    index_from_json(site, entries.iter().flatten().map(Vec::as_slice))
}

/// A page's entry as the index writes it, if the page is searchable.
pub(crate) fn page_json(site: &Site, page: &Page) -> Option<Vec<u8>> {
    page_entry(site, page).map(|entry| entry_json(&entry))
}

/// One entry as the index writes it (compact JSON), so that an entry made once can be reused
/// by the next index without serializing it again.
pub(crate) fn entry_json(entry: &SearchEntry) -> Vec<u8> {
    serde_json::to_vec(entry).unwrap_or_else(|_| b"{}".to_vec())
}

/// The index from the pages' entries already written as JSON (in page order), the taxonomy
/// terms added: the same bytes as serializing the entries and the terms as one array.
pub(crate) fn index_from_json<'a>(site: &Site, entries: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let terms: Vec<Vec<u8>> = term_entries(site).map(|entry| entry_json(&entry)).collect();
    let entries = entries.map(|entry| -> &[u8] { entry });
    json_array(entries.chain(terms.iter().map(Vec::as_slice)))
}

/// A compact JSON array of values already written as JSON.
fn json_array<'v>(values: impl Iterator<Item = &'v [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(value);
    }
    out.push(b']');
    out
}

/// One entry per taxonomy term: "hip hinge" finds the list of pages tagged with it.
fn term_entries(site: &Site) -> impl Iterator<Item = SearchEntry> + '_ {
    site.taxonomies.iter().flat_map(move |taxonomy| {
        taxonomy.terms.iter().map(move |term| {
            let count = term.pages.len();
            SearchEntry {
                t: format!("{}: {}", taxonomy.name, term.name),
                u: site_url(&site.config.base_path, &taxonomy.term_path(term)),
                d: format!("{count} page{}", if count == 1 { "" } else { "s" }),
                h: Vec::new(),
                x: term.name.to_lowercase(),
            }
        })
    })
}

/// A page's entry, if it is searchable: its words from its body, or from its data record.
pub(crate) fn page_entry(site: &Site, page: &Page) -> Option<SearchEntry> {
    let url = site_url(&site.config.base_path, &page.path);
    let description = page.meta.description.clone().unwrap_or_default();
    match &page.data {
        Some(PageData::Exercise(id)) => exercise_entry(site, url, id),
        Some(PageData::RedFlags) => red_flags_entry(site, page, url, description),
        Some(PageData::Progression(id)) => progression_entry(site, url, id),
        _ => article_entry(page, url, description),
    }
}

/// An exercise: its name, summary, dose and every list of its record.
fn exercise_entry(site: &Site, url: String, id: &str) -> Option<SearchEntry> {
    let e = site.data.exercises.get(id)?;
    let mut text = vec![&e.name, &e.summary, &e.dose_summary];
    text.extend(e.dose.frequency.iter());
    text.extend(
        e.steps
            .iter()
            .chain(&e.cues)
            .chain(&e.targets)
            .chain(&e.equipment)
            .chain(&e.mistakes)
            .chain(&e.stop_if),
    );
    Some(SearchEntry {
        t: e.name.clone(),
        u: url,
        d: e.summary.clone(),
        h: Vec::new(),
        x: distinct_words(text.iter().map(|t| t.as_str())),
    })
}

/// The red-flag page: every tier, sign and emergency number.
fn red_flags_entry(site: &Site, page: &Page, url: String, description: String) -> Option<SearchEntry> {
    let safety = site.data.safety.as_ref()?;
    let headings = safety.tiers.iter().map(|t| t.heading.clone()).collect();
    let tiers = safety.tiers.iter().flat_map(|t| [&t.heading, &t.action]);
    let signs = safety.signs.iter().flat_map(|s| [&s.sign, &s.advice, &s.question]);
    let numbers = safety.emergency_numbers.iter().flat_map(|n| std::iter::once(&n.label).chain(&n.numbers));
    Some(SearchEntry {
        t: page.meta.title.clone(),
        u: url,
        d: description,
        h: headings,
        x: distinct_words(tiers.chain(signs).chain(numbers).map(String::as_str)),
    })
}

/// A progression: its summary, timeline, stages and loading rules.
fn progression_entry(site: &Site, url: String, id: &str) -> Option<SearchEntry> {
    let p = site.data.progressions.get(id)?;
    let headings = p.stages.iter().map(|s| s.title.clone()).collect();
    let text = std::iter::once(&p.summary)
        .chain(p.timeline.iter().flat_map(|t| [&t.stages, &t.duration]))
        .chain(p.stages.iter().flat_map(|s| std::iter::once(&s.goal).chain(&s.advance_when)))
        .chain(p.loading.iter().flat_map(|l| &l.progress_when));
    Some(SearchEntry {
        t: p.title.clone(),
        u: url,
        d: p.summary.clone(),
        h: headings,
        x: distinct_words(text.map(String::as_str)),
    })
}

/// An article: its headings and the words of its body (and its components' bodies), which the
/// parse stage gathered while it rendered the markdown.
fn article_entry(page: &Page, url: String, description: String) -> Option<SearchEntry> {
    let headings = page
        .toc
        .iter()
        .flat_map(|t| std::iter::once(t).chain(&t.children))
        .map(|t| t.title.clone())
        .collect();
    Some(SearchEntry {
        t: page.meta.title.clone(),
        u: url,
        d: description,
        h: headings,
        x: page.search_words.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_written_one_by_one_join_into_the_array_serde_writes() {
        let entry = |t: &str| SearchEntry {
            t: t.into(),
            u: "/a/".into(),
            d: "\"quoted\"".into(),
            h: vec!["H".into()],
            x: "w".into(),
        };
        let entries = [entry("A"), entry("B \u{e9}")];
        let parts: Vec<Vec<u8>> = entries.iter().map(entry_json).collect();
        assert_eq!(json_array(parts.iter().map(Vec::as_slice)), serde_json::to_vec(&entries).unwrap());
        assert_eq!(json_array(std::iter::empty()), b"[]");
    }
}

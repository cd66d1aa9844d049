//! The build-time search index: one JSON document the client-side search box loads on first use.
//!
//! Each entry has a page's title, URL, description, headings and plain text (articles), or an
//! exercise's name, summary, steps and cues. The index is written fingerprinted
//! (`search-index.HASH.json`) like any asset, so a stale copy is never served.

use crate::content::{Page, PageData};
use crate::site::Site;
use crate::templates::site_url;
use rayon::prelude::*;
use serde::Serialize;

/// The logical asset path of the index.
pub const INDEX_ASSET: &str = "search-index.json";

/// Plain text kept per page; enough for matching, small enough to load on a phone.
const TEXT_LIMIT: usize = 2000;

/// One searchable document.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SearchEntry {
    /// Title.
    pub t: String,
    /// URL, including the base path.
    pub u: String,
    /// Description or summary.
    pub d: String,
    /// Section headings.
    pub h: Vec<String>,
    /// Plain text.
    pub x: String,
}

/// The index as JSON bytes, entries in page order.
pub fn build_index(site: &Site) -> Vec<u8> {
    let entries: Vec<SearchEntry> = site.pages.par_iter().filter_map(|page| entry(site, page)).collect();
    serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec())
}

fn entry(site: &Site, page: &Page) -> Option<SearchEntry> {
    let url = site_url(&site.config.base_path, &page.path);
    let description = page.meta.description.clone().unwrap_or_default();
    match &page.data {
        Some(PageData::Exercise(id)) => {
            let e = site.data.exercises.get(id)?;
            let mut text = vec![e.summary.clone(), e.dose_summary.clone()];
            text.extend(e.steps.iter().chain(&e.cues).chain(&e.targets).cloned());
            Some(SearchEntry {
                t: e.name.clone(),
                u: url,
                d: e.summary.clone(),
                h: Vec::new(),
                x: limit(text.join(" ")),
            })
        }
        Some(PageData::RedFlags) => {
            let text: Vec<String> =
                site.data.red_flags.iter().map(|f| format!("{} {}", f.sign, f.action)).collect();
            Some(SearchEntry {
                t: page.meta.title.clone(),
                u: url,
                d: description,
                h: Vec::new(),
                x: limit(text.join(" ")),
            })
        }
        Some(PageData::Progression(id)) => {
            let p = site.data.progressions.get(id)?;
            let headings = p.stages.iter().map(|s| s.title.clone()).collect();
            let text: Vec<String> =
                p.stages.iter().map(|s| format!("{} {}", s.goal, s.advance_when.join(" "))).collect();
            Some(SearchEntry {
                t: p.title.clone(),
                u: url,
                d: p.summary.clone(),
                h: headings,
                x: limit(text.join(" ")),
            })
        }
        _ => {
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
                x: limit(plain_text(&page.html)),
            })
        }
    }
}

/// The text of an HTML fragment: tags dropped, common entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn limit(mut text: String) -> String {
    if text.len() > TEXT_LIMIT {
        let mut cut = TEXT_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_strips_tags_and_entities() {
        assert_eq!(plain_text("<p>Brace &amp; <em>pull</em></p>\n<p>now</p>"), "Brace & pull now");
    }

    #[test]
    fn limit_respects_char_boundaries() {
        let long = "é".repeat(TEXT_LIMIT);
        assert!(limit(long).len() <= TEXT_LIMIT);
    }
}

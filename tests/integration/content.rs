//! The guide's own content: required pages exist, every page has a description, and every key
//! fact of `shared/guide-facts.md` (listed in `tests/fixtures/content/key-facts.txt`) appears on
//! at least one rendered page.

use crate::support::{Fixture, repo, snapshot};
use std::collections::BTreeMap;

fn list(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/content").join(name)).unwrap();
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// The visible text of an HTML page, lowercased, dashes unified and whitespace collapsed.
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    normalise(&text.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""))
}

/// Lowercase, one kind of dash and apostrophe, single spaces, and "24 to 72" written "24-72".
fn normalise(text: &str) -> String {
    let flat = text.to_lowercase().replace(['–', '—', '‑'], "-").replace('’', "'");
    let words: Vec<&str> = flat.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let ends_in_digit = |w: &str| w.ends_with(|c: char| c.is_ascii_digit());
        let starts_with_digit = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
        if i + 2 < words.len()
            && words[i + 1] == "to"
            && ends_in_digit(words[i])
            && starts_with_digit(words[i + 2])
        {
            out.push(format!("{}-{}", words[i], words[i + 2]));
            i += 3;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    out.join(" ")
}

fn built_guide() -> BTreeMap<String, Vec<u8>> {
    let site = Fixture::repository_site();
    site.hinge(&["build"]).assert_ok();
    snapshot(&site.root().join("public"))
}

#[test]
fn ranges_written_in_words_match_ranges_written_with_dashes() {
    assert_eq!(normalise("DOMS starts 24 to 72 hours – later"), "doms starts 24-72 hours - later");
    assert_eq!(normalise("40–50%"), "40-50%");
}

#[test]
fn required_pages_exist_and_every_page_has_a_description() {
    let files = built_guide();
    for page in list("required-pages.txt") {
        assert!(files.contains_key(&page), "required page `{page}` is missing");
    }
    let site_description = "a practical guide for lifters who hurt their lower back deadlifting";
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with("index.html")) {
        let html = String::from_utf8_lossy(bytes);
        let description = html
            .split("<meta name=\"description\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        assert!(description.len() >= 30, "{path}: description too short: `{description}`");
        let is_home = path == "index.html";
        assert!(
            is_home || !description.to_lowercase().contains(site_description),
            "{path}: falls back to the site description"
        );
    }
}

#[test]
fn every_markdown_page_declares_a_description() {
    for entry in walkdir::WalkDir::new(repo().join("content")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let front = text.split("---").nth(1).unwrap_or_default();
            assert!(
                front.lines().any(|l| l.starts_with("description:")),
                "{} has no description",
                entry.path().display()
            );
        }
    }
}

#[test]
fn every_key_fact_appears_on_a_rendered_page() {
    let files = built_guide();
    let pages: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| visible_text(&String::from_utf8_lossy(b)))
        .collect();
    let missing: Vec<String> = list("key-facts.txt")
        .into_iter()
        .filter(|fact| {
            let needle = normalise(fact);
            !pages.iter().any(|p| p.contains(&needle))
        })
        .collect();
    assert!(missing.is_empty(), "facts missing from every page: {missing:?}");
}

#[test]
fn every_page_carries_the_notice_and_the_red_flags_link() {
    for (path, bytes) in built_guide().iter().filter(|(p, _)| p.ends_with(".html") && !p.starts_with("old/"))
    {
        let html = String::from_utf8_lossy(bytes);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert!(html.contains("Educational, not medical advice"), "{path}: no notice");
        assert!(
            html.contains("href=\"/rehab-guide/red-flags/\"")
                || html.contains("href=\"/red-flags/\"")
                || html.contains("/red-flags/\""),
            "{path}: no red-flags link"
        );
    }
}

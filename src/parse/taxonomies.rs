//! Taxonomies: the terms pages list under each taxonomy `site.yaml` declares (`tags: [hinge]`
//! in front matter, `taxonomies: {equipment: [Kettlebell]}` in an exercise's record), gathered
//! into [`Taxonomy`]s with their pages.
//!
//! A term's URL segment is its slug (`Hip hinge` → `hip-hinge`, the heading-id rule); two
//! spellings that slugify alike are a located error at the second, naming the first. A taxonomy
//! whose name is a front-matter key, or whose URL a page already takes, is an error at its line
//! in `site.yaml`.

use super::frontmatter::{FRONT_MATTER_KEYS, locate_in_front_matter};
use super::markdown::slugify;
use crate::diagnostic::Diagnostic;
use crate::load::config::CONFIG_FILE;
use crate::model::{Page, SiteConfig, Taxonomy, Term};
use crate::yaml::{SpanIndex, YamlBlock};
use std::collections::BTreeMap;

/// The declared taxonomy names that pages may use as front-matter keys.
pub(crate) fn usable_names(config: &SiteConfig) -> Vec<String> {
    config
        .taxonomies
        .iter()
        .map(|t| t.name.clone())
        .filter(|n| !FRONT_MATTER_KEYS.contains(&n.as_str()))
        .collect()
}

/// Every declared taxonomy with its terms and their pages (`pages` sorted by source path).
pub(crate) fn collect_taxonomies(
    config: &SiteConfig,
    pages: &[Page],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::with_capacity(config.taxonomies.len());
    for declared in &config.taxonomies {
        let name = &declared.name;
        let (line, column) = declared.at;
        let clash = if FRONT_MATTER_KEYS.contains(&name.as_str()) {
            Some(format!("taxonomy `{name}` has the name of a front-matter key"))
        } else {
            let prefix = format!("{name}/");
            pages.iter().find(|p| p.path.starts_with(&prefix) || p.path == prefix).map(|p| {
                format!("taxonomy `{name}` would write `/{prefix}`, where `{}` is", p.display.display())
            })
        };
        if let Some(message) = clash {
            diagnostics.push(
                Diagnostic::new(CONFIG_FILE, line, column, message)
                    .with_help("give the taxonomy another name"),
            );
            continue;
        }
        let terms = gather_terms(name, pages, diagnostics);
        taxonomies.push(Taxonomy { name: name.clone(), paginate_by: declared.paginate_by, terms });
    }
    taxonomies
}

/// Where term `i` of taxonomy `name` is written: in a page's front matter (`tags.0`), or in a
/// data record's `taxonomies:` map (`taxonomies.equipment.0`).
fn locate_term(page: &Page, name: &str, i: usize) -> (usize, usize) {
    if page.data.is_some() {
        let spans = SpanIndex::new(YamlBlock { text: &page.source_text, first_line: 1 });
        return spans.locate(&format!("taxonomies.{name}.{i}"));
    }
    locate_in_front_matter(&page.display, &page.source_text, &format!("{name}.{i}"))
}

/// The terms of taxonomy `name` over every page, by slug; pages newest first, then by title.
fn gather_terms(name: &str, pages: &[Page], diagnostics: &mut Vec<Diagnostic>) -> Vec<Term> {
    let mut terms: BTreeMap<String, (Term, usize)> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        let Some(written) = page.meta.taxonomies.get(name) else { continue };
        for (i, term) in written.iter().enumerate() {
            let slug = slugify(term.trim());
            let (entry, first) = terms.entry(slug.clone()).or_insert_with(|| {
                (Term { name: term.trim().to_string(), slug: slug.clone(), pages: Vec::new() }, index)
            });
            if entry.name != term.trim() {
                let (line, column) = locate_term(page, name, i);
                let message = format!(
                    "`{}` and `{}` (in `{}`) both become `/{name}/{slug}/`",
                    term.trim(),
                    entry.name,
                    pages[*first].display.display()
                );
                diagnostics.push(
                    Diagnostic::new(&page.display, line, column, message)
                        .with_snippet_from(&page.source_text)
                        .with_help(format!("write the term as `{}`, as the other page does", entry.name)),
                );
                continue;
            }
            if entry.pages.last() != Some(&index) {
                entry.pages.push(index);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().map(|(term, _)| term).collect();
    for term in &mut terms {
        term.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a].meta, &pages[b].meta);
            b.updated.or(b.date).cmp(&a.updated.or(a.date)).then_with(|| a.title.cmp(&b.title))
        });
    }
    terms
}

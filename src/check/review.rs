//! Review ages: which articles are overdue for a review.
//!
//! With `review_max_age_days` set in `site.yaml`, every markdown page should carry
//! `reviewed: {by, on}` in its front matter. [`overdue_reviews`] returns a located warning for
//! each page whose review is older than the limit on `today`, or that has none. `hinge check`
//! prints them; `--strict` makes them fail. The built pages never depend on `today`.

use crate::diagnostic::Diagnostic;
use crate::model::{Page, Site};
use crate::parse::frontmatter::locate_in_front_matter;

/// A warning for each markdown page reviewed more than the configured days before `today`.
pub(crate) fn overdue_reviews(site: &Site, today: time::Date) -> Vec<Diagnostic> {
    let Some(max_age) = site.config.review_max_age_days else {
        return Vec::new();
    };
    site.pages
        .iter()
        .filter(|page| page.data.is_none())
        .filter_map(|page| page_warning(page, today, i64::from(max_age)))
        .collect()
}

fn page_warning(page: &Page, today: time::Date, max_age: i64) -> Option<Diagnostic> {
    let Some(review) = &page.meta.reviewed else {
        return Some(at_key(page, "title", "the page has no `reviewed` date".to_string()).with_help(
            "add `reviewed: {by: NAME, on: YYYY-MM-DD}` to the front matter once someone has checked it",
        ));
    };
    let reviewed = review.on;
    let age = (today - reviewed).whole_days();
    (age > max_age).then(|| {
        at_key(
            page,
            "reviewed.on",
            format!(
                "review is overdue: last reviewed on {} ({age} days ago; the limit is {max_age})",
                review.on
            ),
        )
        .with_help("review the page against its sources, then update `reviewed.on`")
    })
}

/// A warning at a front-matter key of `page`.
fn at_key(page: &Page, key: &str, message: String) -> Diagnostic {
    let (line, column) = locate_in_front_matter(&page.display, &page.source_text, key);
    Diagnostic::new(&page.display, line, column, message).with_snippet_from(&page.source_text).into_warning()
}

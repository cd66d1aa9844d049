//! `{{ text | markdown }}`: a string of markdown as HTML, with the pages' parser options (no
//! link resolution: links are written as they are). The result is marked safe.

use crate::parse::markdown::parser_options;
use tera::{Kwargs, State, Tera, Value};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("markdown", |value: &str, kwargs: Kwargs, _: &State| {
        let inline: bool = kwargs.get("inline").ok().flatten().unwrap_or(false);
        Value::safe_string(&render(value, inline))
    });
}

/// Renders `text`; `inline` drops the `<p>` that wraps a single paragraph.
pub(crate) fn render(text: &str, inline: bool) -> String {
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(text, parser_options()));
    let single = html.trim_end().strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>"));
    match single {
        Some(inner) if inline && !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_becomes_html() {
        assert_eq!(super::render("*a*", false), "<p><em>a</em></p>\n");
        assert_eq!(super::render("*a*", true), "<em>a</em>");
    }
}

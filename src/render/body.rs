//! A page's body reaches its page's file without passing through the template: the template
//! renders with [`BODY_SENTINEL`] as `page.content`, and [`splice_body`] writes the file once,
//! the template's output up to the sentinel, the body with each component's output filled in,
//! then the rest. The file's link scan is made on the way from what is already at hand: the
//! template's output is read without the body, each component's output as it is filled in, and
//! the body's own ids and URLs are the record its markdown's render made ([`BodyLinks`]).
//!
//! That holds only while templates print the body whole (`{{ page.content | safe }}`) or test it
//! (`{% if page.content %}`): [`splices_body`] reads every template once for anything else done
//! with it; when a template does more, or a render prints the sentinel other than once, the page
//! renders with its body in the context and its whole file is scanned, as before.

use crate::html::{FoundUrl, LinkScan};
use crate::model::{BodyLinks, PLACEHOLDER_OPEN};

/// What a template sees as `page.content` when the body is spliced in after the render: a
/// comment, which autoescaping or any filter would change (so the splice would not find it).
pub(crate) const BODY_SENTINEL: &str = "<!--hinge:page-body-->";

/// A page body to splice into its template's output: its HTML (with component placeholders),
/// what its markdown's render recorded of its links, and each component's rendered output.
#[derive(Debug, Hash)]
pub(crate) struct SplicedBody<'a> {
    /// The body's HTML.
    pub(crate) html: &'a str,
    /// Its ids and URLs, recorded when its markdown was rendered.
    pub(crate) links: &'a BodyLinks,
    /// The output of each of its components' templates, by index.
    pub(crate) components: Vec<String>,
}

/// The page's file and its link scan, from its template's `output` (rendered with the sentinel
/// as the body) and the body; `None` unless the output holds the sentinel exactly once.
pub(crate) fn splice_body(output: &str, body: &SplicedBody<'_>) -> Option<(String, LinkScan)> {
    let at = output.find(BODY_SENTINEL)?;
    let after = &output[at + BODY_SENTINEL.len()..];
    if after.contains(BODY_SENTINEL) {
        return None;
    }
    let components: usize = body.components.iter().map(String::len).sum();
    let mut filler =
        Filler::new(&body.components, output.len() - BODY_SENTINEL.len() + body.html.len() + components);
    filler.text(&output[..at], true);
    filler.body(body.html, body.links);
    filler.text(after, true);
    Some((filler.out, filler.scan))
}

/// `html` with each component placeholder replaced by its component's output (itself filled
/// the same way), the first time it is met: one pass, linear in the output.
pub(crate) fn fill_components(html: &str, components: &[String]) -> String {
    let size = html.len() + components.iter().map(String::len).sum::<usize>();
    let mut filler = Filler::new(components, size);
    filler.copy(html, false, None);
    filler.out
}

/// Writes a page's HTML, filling in components, and scans what it is told to.
struct Filler<'a> {
    components: &'a [String],
    /// Which components are filled in already: each is, once.
    filled: Vec<bool>,
    out: String,
    scan: LinkScan,
}

/// Where the body's own URLs stand while it is copied: where it starts in the file, how many
/// of its URLs are in the scan, and how many placeholders it has met.
struct BodyCursor<'a> {
    links: &'a BodyLinks,
    start: usize,
    urls: usize,
    placeholders: usize,
}

impl<'a> Filler<'a> {
    fn new(components: &'a [String], size: usize) -> Self {
        Filler {
            components,
            filled: vec![false; components.len()],
            out: String::with_capacity(size),
            scan: LinkScan::default(),
        }
    }

    /// Copies text without placeholders, reading it for links if `read`.
    fn text(&mut self, text: &str, read: bool) {
        if read {
            self.scan.add_html(text, self.out.len());
        }
        self.out.push_str(text);
    }

    /// Copies the body: not read (its links are `links`, which join the scan in order, each
    /// component's between the body's URLs before and after its placeholder).
    fn body(&mut self, html: &str, links: &BodyLinks) {
        let mut cursor = BodyCursor { links, start: self.out.len(), urls: 0, placeholders: 0 };
        self.copy(html, false, Some(&mut cursor));
        self.body_urls(&mut cursor, links.urls.len());
        self.scan.ids.extend(links.ids.iter().cloned());
    }

    /// Adds the body's URLs up to the `until`th to the scan, located at the body's start.
    fn body_urls(&mut self, cursor: &mut BodyCursor<'_>, until: usize) {
        let urls = cursor.links.urls.get(cursor.urls..until).unwrap_or_default();
        let found = urls.iter().map(|value| FoundUrl { value: value.clone(), offset: cursor.start });
        self.scan.urls.extend(found);
        cursor.urls = until.max(cursor.urls);
    }

    /// Copies `text`, each placeholder filled with its component's output (read for links); the
    /// body's cursor, if `text` is the body, is moved on at each.
    fn copy(&mut self, text: &str, read: bool, mut body: Option<&mut BodyCursor<'_>>) {
        if self.components.is_empty() {
            return self.text(text, read);
        }
        let mut rest = text;
        while let Some(at) = rest.find(PLACEHOLDER_OPEN) {
            self.text(&rest[..at], read);
            let after = &rest[at + PLACEHOLDER_OPEN.len()..];
            let fillable = |(i, _): &(usize, usize)| !self.filled.get(*i).copied().unwrap_or(true);
            let Some((index, len)) = placeholder(after).filter(fillable) else {
                self.text(PLACEHOLDER_OPEN, read);
                rest = after;
                continue;
            };
            if let Some(cursor) = body.as_deref_mut() {
                let until =
                    cursor.links.placeholders.get(cursor.placeholders).copied().unwrap_or(cursor.urls);
                cursor.placeholders += 1;
                self.body_urls(cursor, until);
            }
            self.filled[index] = true;
            let components = self.components;
            self.copy(&components[index], true, None);
            rest = &after[len..];
        }
        self.text(rest, read);
    }
}

/// The component index a placeholder's rest (`N-->…`) names and that rest's length up to the
/// end of the placeholder.
fn placeholder(after: &str) -> Option<(usize, usize)> {
    let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
    let index = after[..digits].parse().ok()?;
    after[digits..].starts_with("-->").then_some((index, digits + 3))
}

/// Whether every template of `sources` uses `page.content` only to print it whole or to test
/// it, and never hands `page` on whole: then no template's output depends on the body's text,
/// and the body can be spliced in after the render.
pub(crate) fn splices_body<'a>(sources: impl IntoIterator<Item = &'a str>) -> bool {
    sources.into_iter().all(|source| tags(source).all(leaves_body_alone))
}

/// Whether a tag's inside (`page.content | safe`, `if page.kind == 'page'`) leaves the body
/// alone: it mentions `page.content` only as the whole print or test, `page` only to read a
/// field of it, and neither the whole context nor opens a section whose output a template can
/// take in and change (a `filter` section, a `set` block, a component's body or definition).
fn leaves_body_alone(tag: &str) -> bool {
    let compact: String = tag.chars().filter(|c| !c.is_whitespace()).collect();
    if matches!(compact.as_str(), "page.content|safe" | "ifpage.content" | "elifpage.content") {
        return true;
    }
    let mut words = identifiers(tag).peekable();
    match words.peek().map(|(word, _)| *word) {
        Some("block" | "endblock") => return true,
        Some("filter" | "component") => return false,
        Some("set" | "set_global") if is_block_set(tag) => return false,
        _ if tag.starts_with('<') => return false,
        _ => {}
    }
    words.all(|(word, next)| match word {
        "content" | "__tera_context" => false,
        "page" => next == Some('.'),
        _ => true,
    })
}

/// Whether a `set` tag opens a block (`set name`, `set name | filter`) rather than assigning
/// (`set name = value`).
fn is_block_set(tag: &str) -> bool {
    let after_keyword = tag.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_').trim_start();
    let after_name = after_keyword.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_').trim_start();
    !after_name.starts_with('=')
}

/// The inside of every `{{ }}` and `{% %}` tag of a template's source, whitespace-control
/// marks trimmed; a string literal in a tag cannot end it. A tag left open runs to the end.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        let (at, close) = rest.match_indices('{').find_map(|(at, _)| match rest.as_bytes().get(at + 1) {
            Some(b'{') => Some((at, b'}')),
            Some(b'%') => Some((at, b'%')),
            _ => None,
        })?;
        let inside = &rest[at + 2..];
        let end = tag_end(inside, close);
        rest = inside.get(end + 2..).unwrap_or("");
        Some(inside[..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace()))
    })
}

/// Where the tag whose inside starts `inside` closes (`}}` or `%}`, by its first byte `close`),
/// outside string literals; the end of `inside` if it never does.
fn tag_end(inside: &str, close: u8) -> usize {
    let bytes = inside.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == close && bytes.get(i + 1) == Some(&b'}') => return i,
            None => {}
        }
    }
    inside.len()
}

/// The identifiers of a tag's inside outside its string literals, each with the character
/// right after it.
fn identifiers(tag: &str) -> impl Iterator<Item = (&str, Option<char>)> {
    let mut rest = tag;
    std::iter::from_fn(move || {
        loop {
            let c = rest.chars().next()?;
            if matches!(c, '"' | '\'' | '`') {
                rest = rest[1..].find(c).map_or("", |end| &rest[end + 2..]);
            } else if c.is_alphanumeric() || c == '_' {
                let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
                let (word, after) = rest.split_at(end);
                rest = after;
                if !c.is_ascii_digit() {
                    return Some((word, after.chars().next()));
                }
            } else {
                rest = &rest[c.len_utf8()..];
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::scan_links;
    use crate::model::component_placeholder;

    /// A body with a component that holds another, and what its markdown recorded.
    fn body() -> (String, BodyLinks, Vec<String>) {
        let html = format!(
            "<h2 id=\"a\">A</h2>\n<p><a href=\"/one/\">1</a></p>\n{}\n<p><a href=\"/two/\">2</a></p>\n",
            component_placeholder(1)
        );
        let links = BodyLinks {
            ids: vec!["a".into()],
            urls: vec!["/one/".into(), "/two/".into()],
            placeholders: vec![1],
        };
        let components = vec![
            "<img src=\"/photo.png\" srcset=\"/p1.png 1x, /p2.png 2x\" id=\"c0\">".to_string(),
            format!("<aside id=\"c1\"><a href=\"/three/\">3</a>{}</aside>", component_placeholder(0)),
        ];
        (html, links, components)
    }

    #[test]
    fn the_spliced_page_and_its_scan_are_the_rendered_page_and_its_scan() {
        let (html, links, components) = body();
        let output =
            format!("<a href=\"/head/\">h</a><main>{BODY_SENTINEL}</main><a href=\"/foot/\" id=\"f\">f</a>");
        let body = SplicedBody { html: &html, links: &links, components };
        let (page, scan) = splice_body(&output, &body).unwrap();
        let whole = output.replace(BODY_SENTINEL, &fill_components(&html, &body.components));
        assert_eq!(page, whole);
        let full = scan_links(&whole);
        assert_eq!(scan.ids, full.ids);
        let values = |scan: &LinkScan| scan.urls.iter().map(|u| u.value.clone()).collect::<Vec<_>>();
        assert_eq!(values(&scan), values(&full));
        assert_eq!(
            values(&scan),
            ["/head/", "/one/", "/three/", "/photo.png", "/p1.png", "/p2.png", "/two/", "/foot/"]
        );
        let body_start = output.find(BODY_SENTINEL).unwrap();
        for (spliced, read) in scan.urls.iter().zip(&full.urls) {
            let own = links.urls.contains(&spliced.value);
            assert_eq!(spliced.offset, if own { body_start } else { read.offset }, "{}", spliced.value);
        }
    }

    #[test]
    fn a_sentinel_printed_other_than_once_is_no_splice() {
        let (html, links, components) = body();
        let body = SplicedBody { html: &html, links: &links, components };
        assert!(splice_body("<main></main>", &body).is_none());
        assert!(splice_body(&format!("{BODY_SENTINEL}<hr>{BODY_SENTINEL}"), &body).is_none());
    }

    #[test]
    fn each_component_is_filled_in_once() {
        let components = ["x".to_string(), format!("[{}]", component_placeholder(0))];
        let html = format!(
            "{}{}{}{}",
            component_placeholder(1),
            component_placeholder(0),
            component_placeholder(7),
            PLACEHOLDER_OPEN
        );
        let expected =
            format!("[x]{}{}{PLACEHOLDER_OPEN}", component_placeholder(0), component_placeholder(7));
        assert_eq!(fill_components(&html, &components), expected);
    }

    #[test]
    fn the_themes_templates_leave_the_body_alone() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let sources: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        assert!(sources.len() > 20);
        assert!(splices_body(sources.iter().map(String::as_str)));
    }

    #[test]
    fn only_printing_or_testing_the_body_splices_it() {
        let alone = [
            "{{- page.content | safe -}}",
            "{% if page.content %}<div>{{ page.content|safe }}</div>{% endif %}",
            "{% if page.kind == 'page' %}{{ page.title }}{% elif page.content %}{% endif %}",
            "{% block content %}{% endblock content %}<meta name=\"x\" content=\"{{ page.title }}\">",
            "{{ \"page content\" }} {# {{ #}",
            "{% set level = 2 %}{% set_global safety = red_flags %}",
        ];
        for template in alone {
            assert!(splices_body([template]), "{template}");
        }
        let uses_it = [
            "{{ page.content | length }}",
            "{{ page.content }}",
            "{{ page.content | safe | replace(from=\"a\", to=\"b\") }}",
            "{% if page.content is containing(\"x\") %}{% endif %}",
            "{% set body = page.content %}",
            "{{ page | json_encode() }}",
            "{% for key, value in page %}{% endfor %}",
            "{{ __tera_context }}",
            "{% filter upper %}{{ page.content | safe }}{% endfilter %}",
            "{% set body | replace(from=\"a\", to=\"b\") %}{{ page.content | safe }}{% endset %}",
            "{% set_global body %}{{ page.content | safe }}{% endset %}{{ body | length }}",
            "{% <Card title=\"x\"> %}{{ page.content | safe }}{% </Card> %}",
            "{{ \"}}\" ~ page.content | length }}",
            "{{ page.content | safe }}{{ p.content }}",
        ];
        for template in uses_it {
            assert!(!splices_body(["{{ page.content | safe }}", template]), "{template}");
        }
    }
}

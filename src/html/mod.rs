//! HTML as text: escaping, one small tokenizer for tags and attributes, and entity decoding.
//!
//! Everything in hinge that reads HTML goes through here: the link check scans the built pages,
//! the parse stage reads raw HTML written in markdown for its links and its text.
//! Entities are decoded in one place, [`decode_entities`], numeric (`&#47;`, `&#x2F;`) and named
//! (all of HTML5's, from `entities.txt`) alike.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Escapes text for HTML content and double-quoted attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for any attribute, single-quoted ones included.
pub(crate) fn escape_attr(text: &str) -> String {
    escape_html(text).replace('\'', "&#39;")
}

/// HTML5's named character references, without their `;`: `amp` → `&`.
static NAMED: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    include_str!("entities.txt")
        .lines()
        .filter_map(|line| {
            let mut parts = line.split(' ');
            let name = parts.next()?;
            let text: Option<String> =
                parts.map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)).collect();
            text.map(|t| (name, t))
        })
        .collect()
});

/// Decodes every character reference (`&amp;`, `&#47;`, `&#x2F;`, `&sol;`); a reference that
/// names nothing stays as written, as browsers leave it.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match decode_one(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The reference at the start of `text` (which starts with `&`) and its length in bytes.
fn decode_one(text: &str) -> Option<(String, usize)> {
    let end = text.find(';').filter(|&e| e > 1 && e <= 40)?;
    let name = &text[1..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None if number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok()?,
            None => return None,
        };
        // As browsers do, a reference to nothing printable becomes the replacement character.
        let c = char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}');
        c.to_string()
    } else {
        NAMED.get(name)?.clone()
    };
    Some((decoded, end + 1))
}

/// The runs of text between an HTML fragment's tags, entities left encoded: what is left when
/// every tag is cut out (a tag that is never closed cuts off the rest).
pub(crate) fn text_runs(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(html);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find('<') {
            Some(open) => {
                rest = text[open..].find('>').map(|close| &text[open + close + 1..]);
                Some(&text[..open])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// A URL found in an HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundUrl {
    /// The attribute's value, entities decoded.
    pub(crate) value: String,
    /// Where the raw value starts in the document, in bytes (for a URL of a page body's own,
    /// recorded from its markdown rather than read from the page: where the body starts).
    pub(crate) offset: usize,
}

/// Visits every attribute of every tag as `(tag name, attribute name, decoded value, byte offset
/// of the raw value)`, skipping comments and the insides of `<script>` and `<style>`.
fn scan_attributes(html: &str, mut visit: impl FnMut(&str, &str, String, usize)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        i += rel + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_end =
            html[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map_or(html.len(), |e| i + e);
        let tag = html[i..name_end].to_ascii_lowercase();
        if tag.is_empty() || !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        i = name_end;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| i + e);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                let (value, end) = attribute_value(html, i);
                let offset = value.as_ptr() as usize - html.as_ptr() as usize;
                i = end;
                visit(&tag, &attr, decode_entities(value), offset);
            }
        }
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..].find(&close).map_or(html.len(), |e| i + e);
        }
    }
}

fn attribute_value(html: &str, start: usize) -> (&str, usize) {
    let bytes = html.as_bytes();
    match bytes.get(start) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = html[start + 1..].find(q as char).map_or(html.len(), |e| start + 1 + e);
            (&html[start + 1..end], (end + 1).min(html.len()))
        }
        _ => {
            let end =
                html[start..].find(|c: char| c.is_whitespace() || c == '>').map_or(html.len(), |e| start + e);
            (&html[start..end], end)
        }
    }
}

/// What the link check needs of one output file: the ids it defines and the URLs it links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LinkScan {
    /// Every `id` (and `<a name>`).
    pub(crate) ids: HashSet<String>,
    /// Every `href`, `src`, `poster` and `srcset` URL, in document order.
    pub(crate) urls: Vec<FoundUrl>,
}

impl LinkScan {
    /// Adds the ids and URLs of `html`, a part of the document that starts at byte `start`.
    pub(crate) fn add_html(&mut self, html: &str, start: usize) {
        visit_links(html, |found, offset| match found {
            LinkFound::Id(id) => {
                self.ids.insert(id);
            }
            LinkFound::Url(value) => self.urls.push(FoundUrl { value, offset: start + offset }),
        });
    }
}

/// The [`LinkScan`] of an HTML document, in one pass.
pub(crate) fn scan_links(html: &str) -> LinkScan {
    let mut scan = LinkScan::default();
    scan.add_html(html, 0);
    scan
}

/// The ids and the link-like attribute values of an HTML document, in one pass.
pub(crate) fn scan_html(html: &str) -> (HashSet<String>, Vec<FoundUrl>) {
    let LinkScan { ids, urls } = scan_links(html);
    (ids, urls)
}

/// An id an HTML document defines, or a URL it links to, as the link check reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkFound {
    /// An `id` (or `<a name>`).
    Id(String),
    /// An `href`, `src` or `poster`, or one candidate of a `srcset`.
    Url(String),
}

/// Hands every id and URL of an HTML document to `found`, in document order, with the byte
/// offset of its attribute's raw value.
pub(crate) fn visit_links(html: &str, mut found: impl FnMut(LinkFound, usize)) {
    scan_attributes(html, |tag, attr, value, offset| link_attribute(tag, attr, value, |f| found(f, offset)));
}

/// What attribute `attr` (lowercase) of a `tag` element, its value decoded, gives the link
/// check: the one rule for which attributes are ids and which are URLs.
pub(crate) fn link_attribute(tag: &str, attr: &str, value: String, mut found: impl FnMut(LinkFound)) {
    match attr {
        "id" => found(LinkFound::Id(value)),
        "name" if tag == "a" => found(LinkFound::Id(value)),
        "href" | "src" | "poster" => found(LinkFound::Url(value)),
        "srcset" => {
            for candidate in value.split(',').filter_map(|c| c.split_whitespace().next()) {
                found(LinkFound::Url(candidate.to_string()));
            }
        }
        _ => {}
    }
}

/// Every `href`, `src`, `poster` and `srcset` URL of an HTML document, in document order, with
/// all entities decoded (`&amp;`, `&#47;`, `&#x2F;`, `&sol;` and every other HTML5 name).
pub fn html_urls(html: &str) -> Vec<String> {
    scan_html(html).1.into_iter().map(|u| u.value).collect()
}

/// Every `id` (and `<a name>`) in an HTML document.
#[cfg(test)]
fn collect_ids(html: &str) -> HashSet<String> {
    scan_html(html).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_finds_links_ids_and_skips_scripts_and_comments() {
        let html = r#"<a href="/r/a/" id=top>x</a><!-- <a href="/nope"> --><img src='i.png' srcset="a.png 1x, b.png 2x"><script>"<a href=bad>"</script><a name="n" href="x?a=1&amp;b=2#f">"#;
        let urls = html_urls(html);
        assert_eq!(urls, ["/r/a/", "i.png", "a.png", "b.png", "x?a=1&b=2#f"]);
        let ids = collect_ids(html);
        assert!(ids.contains("top") && ids.contains("n"));
    }

    #[test]
    fn every_kind_of_entity_is_decoded() {
        assert_eq!(decode_entities("a&amp;b &lt;&gt; &quot;&#39;"), "a&b <> \"'");
        assert_eq!(decode_entities("&#47;guide&#x2F;a&#X2f;&sol;"), "/guide/a//");
        assert_eq!(decode_entities("&hellip;&nbsp;&eacute;&NotEqualTilde;"), "…\u{a0}é≂\u{338}");
        assert_eq!(decode_entities("AT&T &nosuch; &#xZZ; & &;"), "AT&T &nosuch; &#xZZ; & &;");
        assert_eq!(decode_entities("&#0;&#x110000;"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn the_entity_table_is_html5s() {
        assert_eq!(NAMED.len(), 2125, "every name of the WHATWG table that ends in `;`");
        for (name, text) in [("amp", "&"), ("sol", "/"), ("copy", "©"), ("zwnj", "\u{200c}"), ("fjlig", "fj")]
        {
            assert_eq!(NAMED[name], text, "{name}");
        }
    }

    #[test]
    fn numeric_references_in_links_are_decoded() {
        let urls = html_urls("<a href=\"&#47;repo&#47;guide&#x2F;\">x</a>");
        assert_eq!(urls, ["/repo/guide/"]);
    }

    #[test]
    fn text_runs_drop_every_tag() {
        assert_eq!(text_runs("a<b>c</b>d<e>").collect::<Vec<_>>(), ["a", "c", "d", ""]);
        assert_eq!(text_runs("a<b>c<d").collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(text_runs("no tags").collect::<Vec<_>>(), ["no tags"]);
    }
}

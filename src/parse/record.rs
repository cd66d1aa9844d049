//! What a body's HTML holds, recorded from the events it is written from, as they are written:
//! its text, whose words the search index keeps, and for a page's own body the ids it defines
//! and the URLs it links to, which the link check reads. Neither reads the HTML again.
//!
//! [`write_html`] writes the events with pulldown-cmark and shows each to a [`Recorder`] on its
//! way. The recorder mirrors the HTML writer: a tag breaks words, an image's inner text is its
//! `alt` attribute (no text), a heading's id and a link's destination are attributes, a
//! footnote that hinge left to pulldown-cmark is its number. Only HTML written as it stands
//! (raw HTML in the markdown, hinge's own snippets) is read as HTML, by the tokenizer that
//! reads built pages; a highlighted code block gives its text but is not read for links (it
//! has none), and a component's placeholder marks where the component's own links will fall.

use crate::html::{LinkFound, decode_entities, link_attribute, text_runs, visit_links};
use crate::model::{BodyLinks, PLACEHOLDER_OPEN};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::collections::HashMap;

/// How hinge's highlighted code blocks start (`code_block_html`): HTML with no ids or URLs.
pub(crate) const CODE_BLOCK_OPEN: &str = "<pre class=\"code\"";

/// Writes `events` as HTML (with room for `capacity` bytes), each shown to `recorder` first.
pub(crate) fn write_html<'a>(events: Vec<Event<'a>>, capacity: usize, recorder: &mut Recorder) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().inspect(|event| recorder.see(event)));
    html
}

/// What one body's events have shown so far.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    /// The text between the tags, a space where a tag breaks it, entities decoded.
    text: String,
    /// The ids and URLs, when the body is a page's own (a component's is read with its output).
    links: Option<BodyLinks>,
    /// How deep in an image the events are: its inner text is its `alt`, neither text nor links.
    image_depth: usize,
    /// The lines of the raw HTML block being read, read as one fragment when it ends.
    html_block: Option<String>,
    /// The numbers pulldown-cmark gives the footnotes it writes itself, by label.
    footnotes: HashMap<String, usize>,
}

impl Recorder {
    /// Records the text only: a component's body, whose output is read for links as a whole.
    pub(crate) fn text() -> Self {
        Recorder::default()
    }

    /// Records the text, the ids and the URLs: a page's own body.
    pub(crate) fn text_and_links() -> Self {
        Recorder { links: Some(BodyLinks::default()), ..Recorder::default() }
    }

    /// The text, and the ids and URLs if they were recorded.
    pub(crate) fn finish(mut self) -> (String, Option<BodyLinks>) {
        if let Some(block) = self.html_block.take() {
            self.raw_html(&block);
        }
        (self.text, self.links)
    }

    /// Takes in the next event, as the HTML writer meets it.
    fn see(&mut self, event: &Event<'_>) {
        if self.image_depth > 0 {
            match event {
                Event::Start(_) => self.image_depth += 1,
                Event::End(_) => self.image_depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = self.html_block.take() {
                    self.raw_html(&block);
                }
            }
            Event::Html(html) if self.html_block.is_some() => {
                self.html_block.get_or_insert_default().push_str(html);
            }
            Event::Start(tag) => {
                self.text.push(' ');
                self.start(tag);
            }
            Event::Text(text) => self.text.push_str(text),
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text.push(' ');
                self.text.push_str(text);
                self.text.push(' ');
            }
            Event::Html(html) | Event::InlineHtml(html) => self.written_html(html),
            Event::FootnoteReference(label) => {
                self.footnote_number(label);
                self.url(format!("#{label}"));
            }
            Event::End(_) | Event::SoftBreak | Event::HardBreak | Event::Rule | Event::TaskListMarker(_) => {
                self.text.push(' ');
            }
        }
    }

    /// The attributes of an element's start tag.
    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Heading { level, id, attrs, .. } => {
                let name = format!("h{}", *level as u8);
                if let Some(id) = id {
                    self.attribute(&name, "id", id.to_string());
                }
                for (attr, value) in attrs {
                    let value = value.as_deref().unwrap_or_default().to_string();
                    self.attribute(&name, &attr.to_ascii_lowercase(), value);
                }
            }
            Tag::Link { link_type, dest_url, .. } => {
                let href = href_as_written(dest_url);
                self.url(if *link_type == LinkType::Email { format!("mailto:{href}") } else { href });
            }
            Tag::Image { dest_url, .. } => {
                self.url(href_as_written(dest_url));
                self.image_depth = 1;
            }
            Tag::FootnoteDefinition(label) => {
                self.attribute("div", "id", label.to_string());
                self.footnote_number(label);
            }
            _ => {}
        }
    }

    /// Adds the number pulldown-cmark writes for footnote `label` to the text.
    fn footnote_number(&mut self, label: &str) {
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(label.to_string()).or_insert(next);
        self.text.push(' ');
        self.text.push_str(&number.to_string());
        self.text.push(' ');
    }

    /// HTML hinge or the markdown wrote outside a raw HTML block: a placeholder marks where
    /// its component's links fall, a code block has none, anything else is read.
    fn written_html(&mut self, html: &str) {
        if html.starts_with(PLACEHOLDER_OPEN) {
            if let Some(links) = &mut self.links {
                links.placeholders.push(links.urls.len());
            }
            self.text.push(' ');
        } else if html.starts_with(CODE_BLOCK_OPEN) {
            self.html_text(html);
        } else {
            self.raw_html(html);
        }
    }

    /// HTML written as it stands: its text, its ids and its URLs.
    fn raw_html(&mut self, html: &str) {
        self.html_text(html);
        if let Some(links) = &mut self.links {
            visit_links(html, |found, _| match found {
                LinkFound::Id(id) => links.ids.push(id),
                LinkFound::Url(url) => links.urls.push(url),
            });
        }
    }

    /// The text between the tags of `html`, entities decoded.
    fn html_text(&mut self, html: &str) {
        for (i, run) in text_runs(html).enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            if run.contains('&') {
                self.text.push_str(&decode_entities(run));
            } else {
                self.text.push_str(run);
            }
        }
    }

    /// One attribute the HTML writer gives an element.
    fn attribute(&mut self, tag: &str, attr: &str, value: String) {
        if let Some(links) = &mut self.links {
            link_attribute(tag, attr, value, |found| match found {
                LinkFound::Id(id) => links.ids.push(id),
                LinkFound::Url(url) => links.urls.push(url),
            });
        }
    }

    /// A link's or an image's URL.
    fn url(&mut self, url: String) {
        if let Some(links) = &mut self.links {
            links.urls.push(url);
        }
    }
}

/// A destination as the link check reads it back from the HTML: pulldown-cmark escapes it for
/// an `href` (percent-encoding what a URL may not hold), the check decodes the entities.
fn href_as_written(dest: &str) -> String {
    let mut escaped = String::with_capacity(dest.len());
    if pulldown_cmark_escape::escape_href(&mut escaped, dest).is_err() {
        return dest.to_string();
    }
    if escaped.contains('&') { decode_entities(&escaped) } else { escaped }
}

#[cfg(test)]
mod tests {
    use super::super::component_schemas::load_component_schemas;
    use super::super::markdown::{LinkIndex, RenderedMarkdown, render_test_page};
    use crate::html::{decode_entities, scan_links, text_runs};
    use crate::model::{Component, PLACEHOLDER_OPEN, TextFile, distinct_words};
    use std::collections::{BTreeMap, HashSet};

    /// A body with every kind of thing that reaches the HTML: inline code, entities, smart
    /// quotes, inline and block HTML (a tag over two lines, a comment), heading attributes,
    /// footnotes (one unused, one missing), an aligned table, code blocks, task boxes, images
    /// (an external one, an SVG of the site), a mail link, a definition list, callouts (one in
    /// another) and a component with a markdown body.
    const PAGE: &str = r##"Intro with `inline code`, caf&eacute; &amp; AT&T, "quotes", **bo**ld,
<kbd>Ctrl</kbd>+<abbr title="x">C</abbr>, <span id="raw">span</span> <a href="#raw">back</a>.
[Mail](mailto:me@example.org) <https://example.org/é?q=1&r=2> [b](b.md#top-bit) [up](../_index.md).

## Heading *one* {#custom .cls data-x=1 href=/h/}

A note[^note] and another[^two] and again[^note]. Unknown[^missing].

[^note]: The note, with [a link](#custom).
[^two]: Second.
[^unused]: Never referred to.

| Left | Centre | None |
|:-----|:------:|------|
| a `td` | b | d&amp;e |

<div class="box"
     id="multi-line">
Block *text* with &eacute;ntity <a href="/base/guide/b/">raw link</a>
</div>

<!-- a comment <a href="/nowhere/"> -->

```rust
fn main() { let x = "\nfoo"; 123u32 }
```

    indented <b>

- [x] done
- [ ] open

![external alt](https://example.org/i.svg "title"), ![svg](img.svg) and ![a photo](photo.png)

> [!NOTE]
> A callout with **words** and [a link](#custom).
>
> > [!TIP]
> > Nested <a href="/in/tip/">tip</a>.

```box
- **Body** of a box, [linked](b.md).
```

Term
: Definition

~~struck~~ and a rule:

---
"##;

    /// An editor's component whose body is markdown.
    const BOX: &str = "{#---\nbody: required\n---#}\n<aside>{{ body | safe }}</aside>";

    fn render(file: &str) -> RenderedMarkdown {
        let mut links = LinkIndex { base_path: "/base/".into(), ..Default::default() };
        for (rel, url) in [("guide/a.md", "guide/a/"), ("guide/b.md", "guide/b/"), ("_index.md", "")] {
            links.targets.insert(rel.into(), url.into());
        }
        for (rel, size) in [("guide/img.svg", 100), ("guide/photo.png", 1000)] {
            links.targets.insert(rel.into(), rel.into());
            links.images.sizes.insert(rel.into(), size);
        }
        let (components, problems) = load_component_schemas(&BTreeMap::from([(
            "components/box.html".to_string(),
            TextFile { rel: "components/box.html".into(), display: "box.html".into(), text: BOX.into() },
        )]));
        assert!(problems.is_empty(), "{problems:?}");
        render_test_page(file, &links, &components)
    }

    /// The text the search index used to take from HTML: every tag cut out, entities decoded.
    fn text_of_html(html: &str) -> String {
        decode_entities(&text_runs(html).collect::<Vec<_>>().join(" "))
    }

    #[test]
    fn the_search_words_are_those_of_the_html() {
        let out = render(PAGE);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let bodies = out.components.iter().map(|c| match c {
            Component::Block(block) => text_of_html(&block.body_html),
            Component::Callout { body_html, .. } => text_of_html(body_html),
        });
        let texts: Vec<String> = std::iter::once(text_of_html(&out.html)).chain(bodies).collect();
        assert_eq!(out.search_words, distinct_words(texts.iter().map(String::as_str)));
        for word in ["café", "ctrl", "éntity", "123", "u32", "note", "words", "tip", "box", "definition"] {
            assert!(out.search_words.split(' ').any(|w| w == word), "`{word}`: {}", out.search_words);
        }
        assert!(
            !out.search_words.contains("alt"),
            "an image's alt text is an attribute: {}",
            out.search_words
        );
    }

    #[test]
    fn the_ids_and_urls_are_those_of_the_html() {
        let out = render(PAGE);
        let scan = scan_links(&out.html);
        let ids: HashSet<String> = out.body_links.ids.iter().cloned().collect();
        assert_eq!(ids, scan.ids);
        let urls: Vec<&str> = scan.urls.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(out.body_links.urls, urls);
        for id in ["raw", "custom", "multi-line", "fnref-note", "fnref-note-2", "fn-two"] {
            assert!(ids.contains(id), "`{id}`: {ids:?}");
        }
        let expected = [
            "mailto:me@example.org",
            "https://example.org/%C3%A9?q=1&r=2",
            "/h/",
            "https://example.org/i.svg",
        ];
        for url in expected {
            assert!(urls.contains(&url), "`{url}`: {urls:?}");
        }
    }

    #[test]
    fn each_placeholder_knows_the_urls_before_it() {
        let out = render(PAGE);
        let starts: Vec<usize> = out.html.match_indices(PLACEHOLDER_OPEN).map(|(at, _)| at).collect();
        assert_eq!(starts.len(), 3, "the image, the callout and the component: {}", out.html);
        let before: Vec<usize> = starts.iter().map(|&at| scan_links(&out.html[..at]).urls.len()).collect();
        assert_eq!(out.body_links.placeholders, before);
    }

    #[test]
    fn a_component_body_keeps_footnotes_pulldown_cmark_numbers() {
        let out = render("```box\nA note[^n] and [^n].\n\n[^n]: Seven.\n```\n");
        let Component::Block(block) = &out.components[0] else { panic!("{:?}", out.components) };
        assert!(block.body_html.contains(">1</a>"), "{}", block.body_html);
        assert_eq!(
            out.search_words,
            distinct_words(std::iter::once(text_of_html(&block.body_html).as_str()))
        );
    }
}

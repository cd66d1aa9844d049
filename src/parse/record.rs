//! What a body's HTML holds, recorded from the events it is written from, as they are written:
//! its text, whose words the search index keeps, so the index need not read the HTML again.
//!
//! [`write_html`] writes the events with pulldown-cmark and shows each to a [`Recorder`] on its
//! way. The recorder mirrors the HTML writer: a tag breaks words, an image's inner text is its
//! `alt` attribute (no text), a footnote that hinge left to pulldown-cmark is its number. Only
//! HTML written as it stands (raw HTML in the markdown, hinge's own snippets, a highlighted
//! code block) is read as HTML: the text between its tags, entities decoded.

use crate::html::{decode_entities, text_runs};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;

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
    /// How deep in an image the events are: its inner text is its `alt`, not text.
    image_depth: usize,
    /// The lines of the raw HTML block being read, read as one fragment when it ends.
    html_block: Option<String>,
    /// The numbers pulldown-cmark gives the footnotes it writes itself, by label.
    footnotes: HashMap<String, usize>,
}

impl Recorder {
    /// The text recorded.
    pub(crate) fn finish(mut self) -> String {
        if let Some(block) = self.html_block.take() {
            self.html_text(&block);
        }
        self.text
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
                    self.html_text(&block);
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
            Event::Html(html) | Event::InlineHtml(html) => self.html_text(html),
            Event::FootnoteReference(label) => self.footnote_number(label),
            Event::End(_) | Event::SoftBreak | Event::HardBreak | Event::Rule | Event::TaskListMarker(_) => {
                self.text.push(' ');
            }
        }
    }

    /// What an element's start tag means for the text.
    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Image { .. } => self.image_depth = 1,
            Tag::FootnoteDefinition(label) => self.footnote_number(label),
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
}

#[cfg(test)]
mod tests {
    use super::super::component_schemas::load_component_schemas;
    use super::super::markdown::{
        LinkIndex, MarkdownContext, MarkdownSource, RenderedMarkdown, render_markdown,
    };
    use crate::html::{decode_entities, text_runs};
    use crate::model::{Component, Data, Highlights, TextFile, distinct_words};
    use std::collections::BTreeMap;
    use std::path::Path;

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
        let source = MarkdownSource {
            display: Path::new("content/guide/a.md"),
            rel: "guide/a.md",
            file_text: file,
            body_offset: 0,
        };
        let context = MarkdownContext {
            links: &links,
            data: &Data::default(),
            components: &components,
            highlights: &Highlights::default(),
        };
        render_markdown(source, context)
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

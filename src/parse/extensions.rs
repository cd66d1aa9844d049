//! Markdown extensions beyond CommonMark, each a small pass over the event stream: visible
//! heading anchors, footnotes with back-links in their own id namespace, and GitHub callouts
//! handed to the theme's template for their kind.

use super::markdown::{RenderedMarkdown, Spanned, slugify};
use super::record::{Recorder, write_html};
use crate::html::escape_attr;
use crate::model::{Component, TocEntry, component_placeholder};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Wraps each heading of level 2 and deeper in `<div class="heading">` with a link to it after
/// the heading (as GitHub does), so the heading's accessible name stays its own text and the
/// link has a name of its own: "Link to this section: TITLE". `headings` are the page's
/// headings in order, ids already assigned.
pub(crate) fn add_heading_anchors(events: &mut Vec<Spanned<'_>>, headings: &[TocEntry]) {
    let mut next = 0;
    let mut out = Vec::with_capacity(events.len() + 2 * headings.len());
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::Heading { level, .. }) if (*level as u8) >= 2 => {
                out.push((Event::Html(CowStr::from("<div class=\"heading\">")), range.clone()));
                out.push((event, range));
            }
            Event::End(TagEnd::Heading(level)) => {
                let heading = &headings[next.min(headings.len() - 1)];
                next += 1;
                let deep = (*level as u8) >= 2;
                out.push((event, range.clone()));
                if deep {
                    out.push((Event::Html(CowStr::from(heading_anchor(heading))), range));
                }
            }
            _ => out.push((event, range)),
        }
    }
    *events = out;
}

/// The link after a heading and the close of its wrapper.
fn heading_anchor(heading: &TocEntry) -> String {
    format!(
        "<a class=\"heading-anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a></div>\n",
        escape_attr(&heading.id),
        escape_attr(&heading.title)
    )
}

/// The footnotes of a page: numbered by first reference, each reference `id="fnref-LABEL"`
/// (`-2`, `-3` for later ones) linking to `id="fn-LABEL"`, so `[^setup]` never takes the id of
/// a `## Setup` heading. Definitions move to one list at the end of the body, each with a
/// back-link to every reference; a definition nothing refers to is left out.
pub(crate) fn render_footnotes<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    if !events.iter().any(|(e, _)| matches!(e, Event::FootnoteReference(_))) {
        return events.into_iter().filter(|(e, _)| !is_definition_event(e)).collect();
    }
    let (mut body, definitions) = take_definitions(events);
    let mut used = HashSet::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut by_label: HashMap<String, usize> = HashMap::new();
    for (event, _) in body.iter_mut() {
        let Event::FootnoteReference(label) = event else { continue };
        let label = label.to_string();
        if !definitions.contains_key(&label) {
            *event = Event::Text(CowStr::from(format!("[^{label}]")));
            continue;
        }
        let index = *by_label.entry(label.clone()).or_insert_with(|| {
            let slug = unique(&slugify(&label), &mut used);
            notes.push(Note { label, slug, refs: 0 });
            notes.len() - 1
        });
        let note = &mut notes[index];
        note.refs += 1;
        let ref_id = note.ref_id(note.refs);
        *event = Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-reference\" id=\"{ref_id}\"><a href=\"#fn-{}\">{}</a></sup>",
            note.slug,
            index + 1
        )));
    }
    append_notes(&mut body, &notes, definitions);
    body
}

/// One referenced footnote: its label as written, its id slug, and how often it is referred to.
struct Note {
    label: String,
    slug: String,
    refs: usize,
}

impl Note {
    /// The id of its `n`th reference (1-based).
    fn ref_id(&self, n: usize) -> String {
        if n == 1 { format!("fnref-{}", self.slug) } else { format!("fnref-{}-{n}", self.slug) }
    }
}

fn is_definition_event(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::FootnoteDefinition(_)) | Event::End(TagEnd::FootnoteDefinition))
}

/// Splits the stream into the body and each footnote definition's inner events, by label.
fn take_definitions<'a>(events: Vec<Spanned<'a>>) -> (Vec<Spanned<'a>>, HashMap<String, Vec<Spanned<'a>>>) {
    let mut body = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Vec<Spanned<'a>>> = HashMap::new();
    let mut open: Option<String> = None;
    for (event, range) in events {
        match (&open, event) {
            (_, Event::Start(Tag::FootnoteDefinition(label))) => {
                let label = label.to_string();
                definitions.entry(label.clone()).or_default();
                open = Some(label);
            }
            (_, Event::End(TagEnd::FootnoteDefinition)) => open = None,
            (Some(label), event) => {
                if let Some(definition) = definitions.get_mut(label) {
                    definition.push((event, range));
                }
            }
            (None, event) => body.push((event, range)),
        }
    }
    (body, definitions)
}

/// Appends `<section class="footnotes">` with each note's definition and its back-links.
fn append_notes<'a>(
    body: &mut Vec<Spanned<'a>>,
    notes: &[Note],
    mut definitions: HashMap<String, Vec<Spanned<'a>>>,
) {
    let end = body.last().map_or(0..0, |(_, r)| r.end..r.end);
    let html = |s: String| (Event::Html(CowStr::from(s)), end.clone());
    body.push(html(
        "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol class=\"footnotes__list\">\n".into(),
    ));
    for (number, note) in notes.iter().enumerate() {
        body.push(html(format!("<li class=\"footnote-definition\" id=\"fn-{}\">\n", note.slug)));
        let mut inner = definitions.remove(&note.label).unwrap_or_default();
        let backlinks: String = (1..=note.refs)
            .map(|n| {
                let mark = if n == 1 { String::new() } else { format!("<sup>{n}</sup>") };
                format!(
                    " <a class=\"footnote-backref\" href=\"#{}\" aria-label=\"Back to reference {}{}\">↩{mark}</a>",
                    note.ref_id(n),
                    number + 1,
                    if note.refs > 1 { format!(" ({n})") } else { String::new() }
                )
            })
            .collect();
        let link = (Event::InlineHtml(CowStr::from(backlinks)), end.clone());
        match inner.iter().rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph))) {
            Some(at) => inner.insert(at, link),
            None => inner.push(link),
        }
        body.append(&mut inner);
        body.push(html("</li>\n".into()));
    }
    body.push(html("</ol>\n</section>\n".into()));
}

fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// The name of a callout's kind, as its class and its template (`callouts/KIND.html`) say it.
fn callout_kind(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// GitHub callouts (`> [!WARNING]`) become [`Component::Callout`]s of `out`: the body is
/// rendered here (components inside it stay placeholders, filled after the callout's own), and
/// the theme's `callouts/KIND.html` draws the box. A callout inside a callout nests the same way.
pub(crate) fn render_callouts<'a>(events: Vec<Event<'a>>, out: &mut RenderedMarkdown) -> Vec<Event<'a>> {
    let mut stack: Vec<(&'static str, Vec<Event<'a>>)> = Vec::new();
    let mut result = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => stack.push((callout_kind(kind), Vec::new())),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                let Some((kind, inner)) = stack.pop() else { continue };
                let mut recorder = Recorder::text();
                let body_html = write_html(inner, 0, &mut recorder);
                let index = out.add_component(Component::Callout { kind, body_html }, recorder.finish().0);
                let placeholder = format!("{}\n", component_placeholder(index));
                match stack.last_mut() {
                    Some((_, parent)) => parent.push(Event::Html(CowStr::from(placeholder))),
                    None => result.push(Event::Html(CowStr::from(placeholder))),
                }
            }
            event => match stack.last_mut() {
                Some((_, inner)) => inner.push(event),
                None => result.push(event),
            },
        }
    }
    result
}

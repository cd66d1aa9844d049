//! Markdown to HTML, as a chain of small passes over pulldown-cmark's event stream.
//!
//! [`render_markdown`] parses a page body once, then runs: heading ids (unique, with a table of
//! contents), link resolution (relative `.md` links become site URLs; anchors are handed back for
//! checking once every page is known), code highlighting (syntect, CSS classes only) and word
//! counting, and finally writes HTML, recording on the way the words the search index keeps
//! and the ids and URLs the link check reads (`record.rs`). Problems come back as located
//! [`Diagnostic`]s.

use super::arg_types::CheckContext;
use super::component_schemas::ComponentSchemas;
use super::components::{BlockKind, classify, read_block};
use super::extensions;
use super::images::{ImageRules, check_image};
use super::record::{CODE_BLOCK_OPEN, Recorder, write_html};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::html::{escape_attr, escape_html, scan_html};
use crate::model::url::{Link, join_relative, parse_link, relative_link, site_url};
use crate::model::{
    ArgValue, Block, BodyLinks, Component, Data, Highlights, LinkSpan, RefType, Reference, TocEntry,
    component_placeholder, distinct_words, highlight_key,
};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// syntect's syntax definitions, loaded on first use only (pages without code never pay for it).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The prefix of every highlighting class, e.g. `hl-keyword`.
pub(crate) const HIGHLIGHT_CLASS_PREFIX: &str = "hl-";

/// The parser options every page uses: CommonMark plus GitHub-style extensions.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// A link to `#anchor` on the page with source `target`, to check once all pages are parsed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct PendingAnchor {
    /// The target page's source path relative to `content/`.
    pub(crate) target: String,
    /// The anchor without `#`.
    pub(crate) anchor: String,
    /// Where the link is written, in case the anchor does not exist.
    pub(crate) location: Diagnostic,
}

/// Where relative links may point: content pages and files, by path relative to `content/`.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    /// Source path relative to `content/` → URL path relative to the base (e.g. `guide/a/`).
    pub(crate) targets: HashMap<String, String>,
    /// Source paths of pages left out of this build (drafts), for a clearer message.
    pub(crate) excluded: HashSet<String>,
    /// The base path every URL starts with, e.g. `/rehab-guide/`.
    pub(crate) base_path: String,
    /// Content files' sizes and the image limits, for images and figure blocks.
    pub(crate) images: ImageRules,
}

/// The page being rendered: its source and where its body sits in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkdownSource<'a> {
    /// The file's path relative to the site root, for messages.
    pub(crate) display: &'a Path,
    /// The file's path relative to `content/`.
    pub(crate) rel: &'a str,
    /// The whole file's text.
    pub(crate) file_text: &'a str,
    /// Byte offset of the body within `file_text`.
    pub(crate) body_offset: usize,
}

/// The HTML of one page body and what the passes learnt about it.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct RenderedMarkdown {
    /// The body as HTML.
    pub(crate) html: std::sync::Arc<str>,
    /// Headings of level 2 and below, nested.
    pub(crate) toc: Vec<TocEntry>,
    /// Every heading id on the page.
    pub(crate) heading_ids: Vec<String>,
    /// Links to anchors, checked later against the target pages.
    pub(crate) anchors: Vec<PendingAnchor>,
    /// Problems found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Number of words of prose.
    pub(crate) words: usize,
    /// Components embedded in the page, in order; placeholder `N` stands for the `N`th. Not
    /// kept on disk: a body with components is not stored (`cmd/body_store.rs`).
    #[serde(skip)]
    pub(crate) components: Vec<Component>,
    /// Content files this page links to or embeds (e.g. `exercises/dead-bug.yaml`).
    pub(crate) references: Vec<String>,
    /// Every URL the body writes, as it appears in the HTML, with where it is written.
    pub(crate) links: Vec<LinkSpan>,
    /// The cache key of every highlighted code block on the page.
    pub(crate) code_keys: Vec<u64>,
    /// Code blocks highlighted afresh (not found in the cache), by key.
    pub(crate) highlighted: Vec<(u64, String)>,
    /// The ids and URLs of the body's own HTML (its components' outputs aside).
    pub(crate) body_links: BodyLinks,
    /// Every distinct word of the body's text, then of its components' bodies, in order.
    pub(crate) search_words: String,
    /// While rendering: the text of each component's markdown body, by index.
    #[serde(skip)]
    component_texts: Vec<String>,
}

impl RenderedMarkdown {
    /// Adds a component, the text of its markdown body, and returns its index.
    pub(crate) fn add_component(&mut self, component: Component, body_text: String) -> usize {
        self.components.push(component);
        self.component_texts.push(body_text);
        self.components.len() - 1
    }

    /// The body's search words: those of its own `text`, then of each component's body.
    fn set_search_words(&mut self, text: &str) {
        let texts = std::mem::take(&mut self.component_texts);
        self.search_words = distinct_words(std::iter::once(text).chain(texts.iter().map(String::as_str)));
    }
}

/// An event and the byte range of the body it came from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// What every body is rendered against: the link targets, the data, the editors' components.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkdownContext<'a> {
    /// Where relative links may point.
    pub(crate) links: &'a LinkIndex,
    /// The structured data components name.
    pub(crate) data: &'a Data,
    /// The components editors wrote, with their schemas.
    pub(crate) components: &'a ComponentSchemas,
    /// Code blocks highlighted by earlier builds.
    pub(crate) highlights: &'a Highlights,
}

/// How deep components may nest in each other's bodies.
pub(crate) const MAX_COMPONENT_DEPTH: usize = 8;

/// Renders one page body to HTML with every pass applied; components are checked against the
/// data and the editors' schemas.
pub(crate) fn render_markdown(source: MarkdownSource<'_>, context: MarkdownContext<'_>) -> RenderedMarkdown {
    let links = context.links;
    let body = &source.file_text[source.body_offset..];
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(body, parser_options()).into_offset_iter().collect();
    let mut out = RenderedMarkdown::default();
    let headings = assign_heading_ids(&mut events);
    out.toc = nest_toc(&headings);
    let mut events = extract_images(events, source, (links, context.components), &mut out);
    resolve_links(&mut events, source, links, &mut out);
    out.words = count_words(&events);
    extensions::add_heading_anchors(&mut events, &headings);
    out.heading_ids = headings.into_iter().map(|h| h.id).collect();
    let mut events = extensions::render_footnotes(events);
    wrap_tables(&mut events);
    align_table_cells(&mut events);
    label_task_checkboxes(&mut events);
    let events = render_blocks(events, source, context, 0, &mut out);
    let events = extensions::render_callouts(events, &mut out);
    let mut recorder = Recorder::text_and_links();
    out.html = write_html(events, body.len() * 3 / 2, &mut recorder).into();
    let (text, links) = recorder.finish();
    out.body_links = links.unwrap_or_default();
    out.set_search_words(&text);
    out
}

/// Turns heading text into an id: lowercase letters and digits, other runs become one `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// Gives every heading a unique id (explicit `{#id}` wins) and returns them in order.
fn assign_heading_ids(events: &mut [Spanned<'_>]) -> Vec<TocEntry> {
    let mut used = UsedIds::default();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| slugify(&title));
            let unique = unique_id(&base, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(TocEntry {
                level,
                id: unique,
                title: title.trim().to_string(),
                children: Vec::new(),
            });
            i = j;
        }
        i += 1;
    }
    headings
}

/// The ids given so far, and for each base the next suffix to try: 30,000 headings with one
/// title take linear time, not quadratic.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-N` with the smallest N not taken yet (from where the last search stopped).
fn unique_id(base: &str, used: &mut UsedIds) -> String {
    let mut candidate = base.to_string();
    let mut n = used.next.get(base).copied().unwrap_or(1);
    if used.ids.contains(&candidate) {
        candidate = format!("{base}-{n}");
        while used.ids.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        n += 1;
    }
    used.next.insert(base.to_string(), n);
    used.ids.insert(candidate.clone());
    candidate
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Nests headings of level 2 and deeper under their nearest shallower heading.
fn nest_toc(headings: &[TocEntry]) -> Vec<TocEntry> {
    fn insert(into: &mut Vec<TocEntry>, entry: TocEntry) {
        match into.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => into.push(entry),
        }
    }
    let mut toc = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        insert(&mut toc, h.clone());
    }
    toc
}

/// Rewrites link and image destinations to site URLs and records anchors to check.
fn resolve_links(
    events: &mut [Spanned<'_>],
    source: MarkdownSource<'_>,
    links: &LinkIndex,
    out: &mut RenderedMarkdown,
) {
    for (event, range) in events.iter_mut() {
        let offset = source.body_offset + range.start;
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            Event::Html(html) | Event::InlineHtml(html) => {
                let found = scan_html(html).1.into_iter();
                out.links.extend(found.map(|u| LinkSpan { url: u.value, offset: offset + u.offset }));
                continue;
            }
            _ => continue,
        };
        let locate =
            |message: String| Diagnostic::at_offset(source.display, source.file_text, offset, message);
        match resolve_destination(dest, source.rel, links) {
            Resolved::Unchanged => {
                // Outside links are kept too, for `hinge check --external`.
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    out.links.push(LinkSpan { url: dest.to_string(), offset });
                }
            }
            Resolved::Url { url, anchor, target } => {
                if let Some(target) = target {
                    out.references.push(target);
                }
                if let Some((target, anchor)) = anchor {
                    out.anchors.push(PendingAnchor {
                        target,
                        location: locate(format!("link to missing anchor `#{anchor}`")),
                        anchor,
                    });
                }
                out.links.push(LinkSpan { url: url.clone(), offset });
                *dest = CowStr::from(url);
            }
            Resolved::Missing { path, help } => {
                out.diagnostics
                    .push(locate(format!("link target `{path}` does not exist")).with_optional_help(help));
            }
        }
    }
}

enum Resolved {
    Unchanged,
    Url { url: String, anchor: Option<(String, String)>, target: Option<String> },
    Missing { path: String, help: Option<String> },
}

/// Decides what a link destination written in `source_rel` points at.
fn resolve_destination(dest: &str, source_rel: &str, links: &LinkIndex) -> Resolved {
    let (path, fragment) = match parse_link(dest) {
        Link::External => return Resolved::Unchanged,
        Link::SamePage { fragment } => {
            return Resolved::Url {
                url: dest.to_string(),
                anchor: (!fragment.is_empty()).then(|| (source_rel.to_string(), fragment.to_string())),
                target: None,
            };
        }
        Link::Rooted { .. } => {
            return Resolved::Url { url: site_url(&links.base_path, dest), anchor: None, target: None };
        }
        Link::Relative { path, fragment } => (path, fragment),
    };
    let Some(target) = join_relative(source_rel, path) else {
        return Resolved::Missing { path: dest.to_string(), help: Some("the link leaves `content/`".into()) };
    };
    let Some((target, url)) = find_target(links, &target) else {
        let help = if links.excluded.contains(&target) {
            Some(format!("`{target}` is a draft; build with --drafts or remove the link"))
        } else {
            did_you_mean(&target, links.targets.keys().map(String::as_str))
                .map(|c| format!("did you mean `{}`? (content/{c})", relative_link(source_rel, c)))
        };
        return Resolved::Missing { path: target, help };
    };
    let mut full = format!("{}{url}", links.base_path);
    let anchor = match fragment {
        Some(f) if !f.is_empty() => {
            full.push('#');
            full.push_str(f);
            Some((target.clone(), f.to_string()))
        }
        _ => None,
    };
    Resolved::Url { url: full, anchor, target: Some(target) }
}

/// The content file a link names and its URL path; a name written in another Unicode form
/// (macOS writes `ü` as `u` + `¨`) still finds its file.
fn find_target<'a>(links: &'a LinkIndex, target: &str) -> Option<(String, &'a String)> {
    use unicode_normalization::UnicodeNormalization;
    if let Some((key, url)) = links.targets.get_key_value(target) {
        return Some((key.clone(), url));
    }
    let wanted: String = target.nfc().collect();
    links.targets.iter().find(|(key, _)| key.nfc().eq(wanted.chars())).map(|(key, url)| (key.clone(), url))
}

fn count_words(events: &[Spanned<'_>]) -> usize {
    events
        .iter()
        .map(|(e, _)| match e {
            Event::Text(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

/// The fenced block being read: what it is, its text, where the text starts in the body, and
/// where its fence is.
struct OpenBlock {
    kind: BlockKind,
    text: String,
    start: Option<usize>,
    fence: usize,
}

/// Replaces fenced blocks: components become placeholders, code becomes highlighted HTML.
/// `depth` counts the component bodies this text sits in.
fn render_blocks<'a>(
    events: Vec<Spanned<'a>>,
    source: MarkdownSource<'_>,
    context: MarkdownContext<'_>,
    depth: usize,
    out: &mut RenderedMarkdown,
) -> Vec<Event<'a>> {
    let mut result = Vec::with_capacity(events.len());
    let mut open: Option<OpenBlock> = None;
    for (event, range) in events {
        match (&mut open, event) {
            (None, Event::Start(Tag::CodeBlock(kind))) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let known = |word: &str| {
                    SYNTAXES_KNOWN.iter().any(|w| w.eq_ignore_ascii_case(word)) || syntax_known(word)
                };
                let fence = source.body_offset + range.start;
                let kind = classify(&info, context.components, known).unwrap_or_else(|e| {
                    let d = Diagnostic::at_offset(source.display, source.file_text, fence, e.message)
                        .with_optional_help(e.help);
                    out.diagnostics.push(d);
                    BlockKind::Code(String::new())
                });
                open = Some(OpenBlock { kind, text: String::new(), start: None, fence });
            }
            (Some(block), Event::Text(t)) => {
                block.start.get_or_insert(range.start);
                block.text.push_str(&t);
            }
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let Some(block) = open.take() else { continue };
                let body_offset = source.body_offset + block.start.unwrap_or(range.start);
                let html = close_block(block, MarkdownSource { body_offset, ..source }, context, depth, out);
                result.push(Event::Html(CowStr::from(html)));
            }
            (_, event) => result.push(event),
        }
    }
    result
}

/// Renders a user component's markdown body like a page body (links resolved and checked,
/// code highlighted, components and callouts in it left as placeholders), without heading ids;
/// returns its HTML and its text.
fn render_fragment(
    text: &str,
    source: MarkdownSource<'_>,
    context: MarkdownContext<'_>,
    depth: usize,
    out: &mut RenderedMarkdown,
) -> (String, String) {
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(text, parser_options()).into_offset_iter().collect();
    resolve_links(&mut events, source, context.links, out);
    wrap_tables(&mut events);
    align_table_cells(&mut events);
    label_task_checkboxes(&mut events);
    let events = render_blocks(events, source, context, depth, out);
    let events = extensions::render_callouts(events, out);
    let mut recorder = Recorder::text();
    let html = write_html(events, text.len() * 2, &mut recorder);
    (html, recorder.finish().0)
}

/// The HTML of a finished fenced block: highlighted code, or a component's placeholder (its
/// body, if it takes one, rendered first; `body` starts at `body.body_offset` of the file).
fn close_block(
    block: OpenBlock,
    body: MarkdownSource<'_>,
    context: MarkdownContext<'_>,
    depth: usize,
    out: &mut RenderedMarkdown,
) -> String {
    let (name, written) = match block.kind {
        BlockKind::Code(lang) => return cached_code_block(&lang, &block.text, context.highlights, out),
        BlockKind::Component { name, written } => (name, written),
    };
    let Some(schema) = context.components.get(&name) else { return String::new() };
    let checks = CheckContext { data: context.data, images: &context.links.images, from: body.rel };
    let args = match read_block(schema, &written, &block.text, checks) {
        Ok(args) => args,
        Err(e) => {
            let offset = match e.body_line {
                Some(line) => {
                    body.body_offset
                        + block.text.split_inclusive('\n').take(line).map(str::len).sum::<usize>()
                }
                None => block.fence,
            };
            let d = Diagnostic::at_offset(body.display, body.file_text, offset, e.message)
                .with_optional_help(e.help);
            out.diagnostics.push(d);
            return String::new();
        }
    };
    let (body_html, body_text) = if !schema.body.is_markdown() {
        Default::default()
    } else if depth >= MAX_COMPONENT_DEPTH {
        let message = format!("components nested more than {MAX_COMPONENT_DEPTH} deep");
        let d = Diagnostic::at_offset(body.display, body.file_text, block.fence, message);
        out.diagnostics.push(d.with_help("hinge stops here: nest fewer components"));
        Default::default()
    } else if block.text.trim().is_empty() {
        Default::default()
    } else {
        render_fragment(&block.text, body, context, depth + 1, out)
    };
    let component = Component::Block(Block { name, args, data: schema.data.clone(), body_html });
    out.references.extend(component.references());
    let index = out.add_component(component, body_text);
    format!("{}\n", component_placeholder(index))
}

/// A markdown image of the site as the `image` component (the one component hinge names: a
/// markdown image has no info string to name its template), every other argument its default.
fn image_component(schemas: &ComponentSchemas, src: String, alt: String) -> Component {
    let mut args: BTreeMap<String, ArgValue> = schemas
        .get(IMAGE_COMPONENT)
        .map(|schema| {
            let defaults = schema.args.iter().map(|(name, arg)| {
                (name.clone(), ArgValue::Plain(arg.default.clone().unwrap_or(serde_json::Value::Null)))
            });
            defaults.collect()
        })
        .unwrap_or_default();
    let reference = Reference { kind: RefType::Image, id: src, of: Some(alt.clone()) };
    args.insert("src".into(), ArgValue::Ref(reference));
    args.insert("alt".into(), ArgValue::Plain(serde_json::Value::String(alt)));
    Component::Block(Block { name: IMAGE_COMPONENT.into(), args, data: Vec::new(), body_html: String::new() })
}

/// The component a markdown image renders through: `templates/components/image.html`, which
/// sees `src` (the image's path under `content/`) and `alt`.
pub(crate) const IMAGE_COMPONENT: &str = "image";

/// Replaces each markdown image of a site file with a component placeholder (drawn as a
/// responsive `<picture>`); an external image stays as written. A missing file, an empty alt
/// text or an oversized file is a problem at the image.
fn extract_images<'a>(
    events: Vec<Spanned<'a>>,
    source: MarkdownSource<'_>,
    (links, schemas): (&LinkIndex, &ComponentSchemas),
    out: &mut RenderedMarkdown,
) -> Vec<Spanned<'a>> {
    let mut result = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::Image { dest_url, .. }) = &event else {
            result.push((event, range));
            continue;
        };
        let dest = dest_url.to_string();
        let mut inner = Vec::new();
        let mut alt = String::new();
        for (e, r) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Image)) {
                inner.push((e, r));
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &e {
                alt.push_str(t);
            }
            inner.push((e, r));
        }
        match check_image(&dest, &alt, source.rel, &links.images) {
            Ok(Some(src)) => {
                let index = out.add_component(image_component(schemas, src, alt), String::new());
                let html = component_placeholder(index);
                result.push((Event::InlineHtml(CowStr::from(html)), range));
            }
            // An external image or an SVG: left as written (its URL resolved like a link's).
            Ok(None) => {
                result.push((event, range));
                result.extend(inner);
            }
            Err(problem) => {
                let offset = source.body_offset + range.start;
                let d = Diagnostic::at_offset(source.display, source.file_text, offset, problem.message)
                    .with_help(problem.help);
                out.diagnostics.push(d);
            }
        }
    }
    result
}

/// Wraps each table in a focusable, labelled region that scrolls sideways on small screens
/// (WCAG: scrollable regions must be reachable by keyboard); the label names the columns.
fn wrap_tables(events: &mut Vec<Spanned<'_>>) {
    let labels: Vec<String> = (0..events.len())
        .filter(|&i| matches!(events[i].0, Event::Start(Tag::Table(_))))
        .map(|i| table_label(&events[i + 1..]))
        .collect();
    if labels.is_empty() {
        return;
    }
    let mut labels = labels.into_iter();
    let mut out = Vec::with_capacity(events.len() + 2 * labels.len());
    for (event, range) in events.drain(..) {
        let closes = matches!(event, Event::End(TagEnd::Table));
        if matches!(event, Event::Start(Tag::Table(_))) {
            let label = labels.next().unwrap_or_default();
            let open = format!(
                "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
                escape_attr(&label)
            );
            out.push((Event::Html(CowStr::from(open)), range.clone()));
        }
        out.push((event, range.clone()));
        if closes {
            out.push((Event::Html(CowStr::from("</div>\n")), range));
        }
    }
    *events = out;
}

/// "Table: Load, Reps" from the header row that starts `events`.
fn table_label(events: &[Spanned<'_>]) -> String {
    let mut headers = Vec::new();
    let mut cell = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => cell.push_str(t),
            Event::End(TagEnd::TableCell) => headers.push(std::mem::take(&mut cell).trim().to_string()),
            Event::End(TagEnd::TableHead) => break,
            _ => {}
        }
    }
    let named: Vec<&str> = headers.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
    if named.is_empty() { "Table".to_string() } else { format!("Table: {}", named.join(", ")) }
}

/// Gives task-list checkboxes an accessible name ("done" or "not done"); pulldown-cmark's bare
/// `<input type=checkbox>` has none.
fn label_task_checkboxes(events: &mut [Spanned<'_>]) {
    for (event, _) in events.iter_mut() {
        if let Event::TaskListMarker(checked) = event {
            let html = if *checked {
                "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
            };
            *event = Event::InlineHtml(CowStr::from(html));
        }
    }
}

/// Common info-string words that are code, not misspelt components, even if syntect lacks them.
const SYNTAXES_KNOWN: [&str; 6] = ["text", "plain", "console", "sh", "shell", "yaml"];

fn syntax_known(word: &str) -> bool {
    SYNTAXES.find_syntax_by_token(word).is_some()
}

/// Writes the cells of aligned table columns with a class (`align-left`, `align-center`,
/// `align-right`) instead of pulldown-cmark's `style="text-align: …"`, because the
/// Content-Security-Policy forbids inline styles: each such cell's start tag becomes HTML, and
/// the table keeps no alignments for pulldown-cmark to write.
fn align_table_cells(events: &mut [Spanned<'_>]) {
    let mut alignments = Vec::new();
    let (mut head, mut column) = (false, 0);
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Table(aligned)) => alignments = std::mem::take(aligned),
            Event::Start(Tag::TableHead) => (head, column) = (true, 0),
            Event::End(TagEnd::TableHead) => head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::End(TagEnd::TableCell) => column += 1,
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => "align-left",
                    Some(Alignment::Center) => "align-center",
                    Some(Alignment::Right) => "align-right",
                    Some(Alignment::None) | None => continue,
                };
                let cell = if head { "th" } else { "td" };
                *event = Event::Html(CowStr::from(format!("<{cell} class=\"{class}\">")));
            }
            _ => {}
        }
    }
}

/// A code block's HTML from the cache of earlier builds, or highlighted now and recorded in
/// `out` for the next build.
fn cached_code_block(lang: &str, code: &str, highlights: &Highlights, out: &mut RenderedMarkdown) -> String {
    let key = highlight_key(lang, code);
    out.code_keys.push(key);
    if let Some(html) = highlights.get(key) {
        return html.to_string();
    }
    let html = code_block_html(lang, code);
    out.highlighted.push((key, html.clone()));
    html
}

/// One code block as `<pre><code>`, highlighted with `hl-` classes when the language is known.
pub(crate) fn code_block_html(lang: &str, code: &str) -> String {
    let syntax = (!lang.is_empty()).then(|| SYNTAXES.find_syntax_by_token(lang)).flatten();
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\" data-lang=\"{}\"", escape_attr(lang), escape_attr(lang))
    };
    let body = match syntax {
        Some(syntax) => {
            let style = ClassStyle::SpacedPrefixed { prefix: HIGHLIGHT_CLASS_PREFIX };
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, style);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { escape_html(code) }
        }
        None => escape_html(code),
    };
    format!("{CODE_BLOCK_OPEN} tabindex=\"0\"><code{lang_attr}>{body}</code></pre>\n")
}

/// Renders `file` as the page `guide/a.md` against `links` and `components`, with no data and
/// no highlight cache: the unit tests' way in.
#[cfg(test)]
pub(crate) fn render_test_page(
    file: &str,
    links: &LinkIndex,
    components: &ComponentSchemas,
) -> RenderedMarkdown {
    let source = MarkdownSource {
        display: Path::new("content/guide/a.md"),
        rel: "guide/a.md",
        file_text: file,
        body_offset: 0,
    };
    let context =
        MarkdownContext { links, data: &Data::default(), components, highlights: &Highlights::default() };
    render_markdown(source, context)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut links = LinkIndex { base_path: "/base/".into(), ..Default::default() };
        links.targets.insert("guide/a.md".into(), "guide/a/".into());
        links.targets.insert("guide/b.md".into(), "guide/b/".into());
        links.targets.insert("_index.md".into(), "".into());
        links.targets.insert("guide/img.png".into(), "guide/img.png".into());
        links.excluded.insert("guide/draft.md".into());
        links
    }

    fn render(file: &str) -> RenderedMarkdown {
        render_test_page(file, &index(), &crate::parse::component_schemas::theme_schemas())
    }

    #[test]
    fn slugify_makes_readable_ids() {
        assert_eq!(slugify("Brace: like a punch!"), "brace-like-a-punch");
        assert_eq!(slugify("Don’t round"), "don-t-round");
        assert_eq!(slugify("  40-50% of 1RM "), "40-50-of-1rm");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn headings_get_unique_ids_and_a_nested_toc() {
        let out = render("## Setup\n### Feet\n## Setup\n## Custom {#mine}\n");
        assert_eq!(out.heading_ids, ["setup", "feet", "setup-1", "mine"]);
        assert!(out.html.contains("<h2 id=\"setup-1\">"), "{}", out.html);
        assert_eq!(out.toc.len(), 3);
        assert_eq!(out.toc[0].children[0].id, "feet");
    }

    #[test]
    fn relative_md_links_become_urls_and_anchors_are_deferred() {
        let out = render(
            "[b](b.md#top-bit) [home](../_index.md) [self](#here) [ext](https://x.org) [img](img.png)\n",
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.html.contains("href=\"/base/guide/b/#top-bit\""), "{}", out.html);
        assert!(out.html.contains("href=\"/base/\""), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org\""), "{}", out.html);
        assert!(out.html.contains("href=\"/base/guide/img.png\""), "{}", out.html);
        let anchors: Vec<_> = out.anchors.iter().map(|a| (a.target.as_str(), a.anchor.as_str())).collect();
        assert_eq!(anchors, [("guide/b.md", "top-bit"), ("guide/a.md", "here")]);
    }

    #[test]
    fn missing_targets_are_located_with_a_suggestion() {
        let out = render("# T\n\nSee [x](bb.md) and [d](draft.md).\n");
        assert_eq!(out.diagnostics.len(), 2);
        let first = &out.diagnostics[0];
        assert_eq!((first.line, first.column), (3, 5));
        assert_eq!(first.help.as_deref(), Some("did you mean `b.md`? (content/guide/b.md)"));
        assert!(out.diagnostics[1].help.as_deref().unwrap().contains("draft"));
    }

    #[test]
    fn a_link_in_another_unicode_form_finds_its_file() {
        let mut links = index();
        links.targets.insert("guide/\u{fc}n.md".into(), "guide/\u{fc}n/".into());
        let source = MarkdownSource {
            display: Path::new("content/guide/a.md"),
            rel: "guide/a.md",
            file_text: "[decomposed](u\u{308}n.md)\n",
            body_offset: 0,
        };
        let context = MarkdownContext {
            links: &links,
            data: &Data::default(),
            components: &crate::parse::component_schemas::theme_schemas(),
            highlights: &Highlights::default(),
        };
        let out = render_markdown(source, context);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.html.contains("href=\"/base/guide/%C3%BCn/\""), "{}", out.html);
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let out = render("[x](/guide/a/)\n");
        assert!(out.html.contains("href=\"/base/guide/a/\""), "{}", out.html);
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let out = render("```rust\nfn main() {}\n```\n\n```\nplain <b>\n```\n");
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="), "{}", out.html);
        assert!(out.html.contains("plain &lt;b&gt;"), "{}", out.html);
    }

    #[test]
    fn tables_use_classes_and_scroll() {
        let out = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(!out.html.contains("style="), "{}", out.html);
        assert!(
            out.html.contains("<th class=\"align-left\">a</th><th class=\"align-right\">b</th>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<td class=\"align-left\">1</td><td class=\"align-right\">2</td>"),
            "{}",
            out.html
        );
        let wrapper =
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table: a, b\" tabindex=\"0\"><table>";
        assert!(out.html.contains(wrapper), "{}", out.html);
        assert!(out.html.contains("</table>\n</div>"), "{}", out.html);
    }

    #[test]
    fn component_mistakes_are_located() {
        let out = render("Intro\n\n```exercise nope\n```\n");
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!((out.diagnostics[0].line, out.diagnostics[0].column), (3, 1));
        assert!(out.diagnostics[0].message.contains("unknown exercise `nope`"));
    }

    #[test]
    fn extensions_are_on() {
        let out = render("| a |\n|---|\n| 1 |\n\n~~x~~ \"quoted\"[^n]\n\n- [x] done\n\n[^n]: note\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<del>"));
        assert!(out.html.contains("“quoted”"));
        assert!(out.html.contains("footnote"));
        assert!(out.html.contains("aria-label=\"done\""), "task boxes are labelled: {}", out.html);
    }
}

//! Stage 2, parse: turn loaded sources into a [`Site`] of pages.
//!
//! Reads each markdown file's front matter and body (in parallel), leaves drafts out unless
//! asked, resolves relative links against the set of pages, checks every `#anchor` once all
//! headings are known, and arranges pages into sections. Every problem in every file is
//! collected; the stage fails only at the end, with all of them.

mod arg_types;
pub(crate) mod component_schemas;
pub(crate) mod components;
pub(crate) mod data;
mod data_pages;
mod extensions;
pub(crate) mod frontmatter;
pub(crate) mod images;
pub(crate) mod markdown;
mod record;
mod taxonomies;
pub(crate) mod tree;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::config::CONFIG_FILE;
use crate::model::{
    Data, FrontMatter, Highlights, MenuTarget, Page, PageKind, Site, SiteConfig, SourceFile, TextFile,
    page_kind_and_path,
};
use component_schemas::{ComponentSchemas, load_component_schemas};
use data::load_data;
use frontmatter::read_front_matter;
use markdown::{
    LinkIndex, MarkdownContext, MarkdownSource, PendingAnchor, RenderedMarkdown, render_markdown,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use tree::build_tree;

/// A page whose front matter has been read but whose body has not been rendered yet.
pub(crate) struct Prepared {
    file: SourcePath,
    /// The whole file's text.
    pub(crate) text: String,
    /// Where the body starts in `text`.
    pub(crate) body_offset: usize,
    meta: FrontMatter,
}

/// Where a page's source is: relative to `content/`, and to the site root for messages.
struct SourcePath {
    rel: String,
    display: PathBuf,
}

impl Prepared {
    /// The page's path relative to `content/`.
    pub(crate) fn rel(&self) -> &str {
        &self.file.rel
    }
}

/// Everything known before any markdown body is rendered: the data, the front matter of every
/// page, and the link targets every body resolves against.
pub(crate) struct Outline {
    config: SiteConfig,
    /// The structured data, validated.
    pub(crate) data: Data,
    /// Pages to render, in source order.
    pub(crate) pages: Vec<Prepared>,
    generated: Vec<Page>,
    /// Every link target a body may name.
    pub(crate) links: LinkIndex,
    /// The components editors wrote, with their schemas.
    pub(crate) components: ComponentSchemas,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the data or a component schema has errors: rendering would then meet references
    /// that do not resolve, so the stages after this one do not run.
    blocking: bool,
    /// The URL paths of pages whose front matter could not be read.
    unreadable: Vec<String>,
    /// Code blocks highlighted by earlier builds.
    highlights: Highlights,
}

/// Reads the data and every page's front matter, and gathers the link targets.
pub(crate) fn outline(
    config: SiteConfig,
    texts: Vec<TextFile>,
    files: Vec<SourceFile>,
    templates: &BTreeMap<String, TextFile>,
    drafts: bool,
    highlights: Highlights,
    remembered: Option<&FrontMatterMemo<'_>>,
) -> Outline {
    let (markdown, data_files): (Vec<TextFile>, Vec<TextFile>) =
        texts.into_iter().partition(|f| f.rel.ends_with(".md"));
    let taxonomies = taxonomies::usable_names(&config);
    let (mut data, data_sources, mut diagnostics) = load_data(data_files, &taxonomies);
    let (components, schema_problems) = load_component_schemas(templates);
    diagnostics.extend(schema_problems);
    let data_problems = diagnostics.len();
    let mut unreadable = Vec::new();
    let mut prepared = Vec::with_capacity(markdown.len());
    let read = |display: &Path, text: &str| read_front_matter(display, text, templates, &taxonomies);
    let read_remembered = |display: &Path, text: &str| match remembered {
        Some(memo) => memo(display, text, &read),
        None => read(display, text),
    };
    let results: Vec<(String, Option<Prepared>, Vec<Diagnostic>)> =
        markdown.into_par_iter().map(|f| prepare(f, &read_remembered)).collect();
    for (rel, page, mut problems) in results {
        diagnostics.append(&mut problems);
        match page {
            Some(page) => prepared.push(page),
            None => unreadable.push(rel),
        }
    }
    let (pages, excluded): (Vec<Prepared>, Vec<Prepared>) =
        prepared.into_iter().partition(|p| drafts || !p.meta.draft);
    let has_library_page = pages.iter().any(|p| p.file.rel == "exercises/_index.md");
    let generated = data_pages::data_pages(&data, &data_sources, has_library_page);
    let mut links = link_index(&pages, &files, &excluded, &config);
    let media_problems = images::resolve_exercise_media(&mut data, &data_sources, &links.images);
    let blocking = data_problems > 0 || !media_problems.is_empty();
    diagnostics.extend(media_problems);
    links.targets.extend(generated.iter().map(|p| (p.rel.clone(), p.path.clone())));
    links.targets.extend(data.unparsed.iter().map(|rel| (rel.clone(), String::new())));
    // Pages that failed to parse still exist: links to them are not reported a second time.
    let unreadable: Vec<(String, String)> =
        unreadable.into_iter().map(|rel| (page_kind_and_path(&rel).1, rel)).collect();
    links.targets.extend(unreadable.iter().map(|(path, rel)| (rel.clone(), path.clone())));
    let unreadable = unreadable.into_iter().map(|(path, _)| path).collect();
    Outline {
        config,
        data,
        pages,
        generated,
        links,
        components,
        files,
        diagnostics,
        blocking,
        unreadable,
        highlights,
    }
}

/// Renders one page's markdown body against the outline's links and data.
pub(crate) fn render_body(outline: &Outline, page: &Prepared) -> RenderedMarkdown {
    let source = MarkdownSource {
        display: &page.file.display,
        rel: &page.file.rel,
        file_text: &page.text,
        body_offset: page.body_offset,
    };
    let context = MarkdownContext {
        links: &outline.links,
        data: &outline.data,
        components: &outline.components,
        highlights: &outline.highlights,
    };
    render_markdown(source, context)
}

/// What rendering a markdown body reads besides its page and the data: the link targets,
/// the component schemas and the highlighted code. `hinge serve` keeps it from its last good
/// build to re-render one edited page into that build.
#[derive(Debug, Default)]
pub(crate) struct BodyContext {
    links: LinkIndex,
    components: ComponentSchemas,
    highlights: Highlights,
}

/// One page re-rendered from `text`, a new version of its source whose front matter is the
/// same as `old`'s (so its body starts at the same `body_offset`), against the `context` and
/// `data` of the build `old` belongs to; with its rendered markdown, whose diagnostics and
/// pending anchors are the caller's to check.
pub(crate) fn rerender_page(
    context: &BodyContext,
    data: &Data,
    old: &Page,
    text: String,
    body_offset: usize,
) -> (Page, RenderedMarkdown) {
    let source = MarkdownSource { display: &old.display, rel: &old.rel, file_text: &text, body_offset };
    let markdown_context = MarkdownContext {
        links: &context.links,
        data,
        components: &context.components,
        highlights: &context.highlights,
    };
    let body = render_markdown(source, markdown_context);
    let file = SourcePath { rel: old.rel.clone(), display: old.display.clone() };
    let prepared = Prepared { file, text, body_offset, meta: old.meta.clone() };
    (page_from(prepared, body.clone()), body)
}

/// The problems of `anchors` (links to `page.md#id`) against the heading ids of `pages`.
pub(crate) fn anchor_problems(pages: &[Page], anchors: Vec<PendingAnchor>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    check_anchors(pages, anchors, &mut problems);
    problems
}

impl Outline {
    /// Moves out what rendering one more body needs besides the page and the data.
    pub(crate) fn take_body_context(&mut self) -> BodyContext {
        BodyContext {
            links: std::mem::take(&mut self.links),
            components: std::mem::take(&mut self.components),
            highlights: std::mem::take(&mut self.highlights),
        }
    }

    /// The highlighted code blocks `bodies` use, from the cache or made afresh: what the next
    /// build's cache should hold.
    pub(crate) fn highlights_used(&self, bodies: &[RenderedMarkdown]) -> Highlights {
        let mut used = Highlights::default();
        for body in bodies {
            used.known.extend(body.highlighted.iter().cloned());
            for key in &body.code_keys {
                if let Some(html) = self.highlights.get(*key) {
                    used.known.entry(*key).or_insert_with(|| html.to_string());
                }
            }
        }
        used
    }
}

/// What the parse stage hands on: the site, unless its problems would only cascade in the later
/// stages, and every problem found.
pub(crate) struct Assembled {
    /// The site, also when it has problems that leave the rest renderable (a page's front
    /// matter, a broken link, an unknown component), so that the later stages still check the
    /// rest; `None` when the data, a component schema or the site's structure (clashing URLs,
    /// the menu, no home page) has errors.
    pub(crate) site: Option<Site>,
    /// Every problem found, in no particular order.
    pub(crate) problems: Vec<Diagnostic>,
}

/// The site from its outline and its rendered bodies (in the outline's page order): anchors
/// checked, URLs unique, pages arranged into sections.
pub(crate) fn assemble(outline: Outline, bodies: Vec<RenderedMarkdown>) -> Assembled {
    let Outline {
        config,
        data,
        pages: prepared,
        generated,
        files,
        mut diagnostics,
        mut blocking,
        unreadable,
        ..
    } = outline;
    let mut anchors = Vec::new();
    let mut pages: Vec<Page> = Vec::with_capacity(prepared.len() + generated.len());
    for (page, mut body) in prepared.into_iter().zip(bodies) {
        diagnostics.append(&mut body.diagnostics);
        anchors.append(&mut body.anchors);
        pages.push(page_from(page, body));
    }
    data_pages::bind_library_section(&mut pages);
    pages.extend(generated);
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    check_anchors(&pages, anchors, &mut diagnostics);
    let taxonomies = taxonomies::collect_taxonomies(&config, &pages, &mut diagnostics);
    let structural = diagnostics.len();
    check_unique_paths(&pages, &mut diagnostics);
    check_menu(&config, &pages, &mut diagnostics);
    blocking |= diagnostics.len() > structural;
    if !pages.iter().any(|p| p.kind == PageKind::Home) {
        blocking = true;
        if diagnostics.is_empty() {
            diagnostics.push(
                Diagnostic::new("content/_index.md", 1, 1, "the site has no home page")
                    .with_help("create `content/_index.md` with at least `title:` in its front matter"),
            );
        }
    }
    if blocking {
        return Assembled { site: None, problems: diagnostics };
    }
    let mut with_errors: BTreeSet<String> = unreadable.into_iter().collect();
    let blamed: HashSet<&std::path::Path> = diagnostics.iter().map(|d| d.path.as_path()).collect();
    with_errors.extend(pages.iter().filter(|p| blamed.contains(p.display.as_path())).map(|p| p.path.clone()));
    let tree = build_tree(&pages);
    let backlinks = tree::build_backlinks(&pages);
    let site = Site { config, pages, tree, files, data, backlinks, taxonomies, with_errors };
    Assembled { site: Some(site), problems: diagnostics }
}

/// A page's front matter as read: its typed fields and where the body starts (unless it could
/// not be read at all), and the problems found.
pub(crate) type FrontMatterResult = (Option<(FrontMatter, usize)>, Vec<Diagnostic>);

/// A memory of front matter already read (`hinge serve`'s cache): given a page's display path,
/// its text and the reader, it answers from memory when it has read that text before against
/// the same templates and taxonomies (the caller keys it by those), else calls the reader.
pub(crate) type FrontMatterMemo<'a> =
    dyn Fn(&Path, &str, &FrontMatterReader<'_>) -> FrontMatterResult + Sync + 'a;

/// Reads one page's front matter from its display path and text.
pub(crate) type FrontMatterReader<'a> = dyn Fn(&Path, &str) -> FrontMatterResult + Sync + 'a;

/// Reads a markdown file's front matter and checks it: the page (unless its front matter could
/// not be read at all) and the problems found.
fn prepare(file: TextFile, read: &FrontMatterReader<'_>) -> (String, Option<Prepared>, Vec<Diagnostic>) {
    let TextFile { rel, display, text } = file;
    let (read, problems) = read(&display, &text);
    let page = read.map(|(meta, body_offset)| Prepared {
        body_offset,
        file: SourcePath { rel: rel.clone(), display },
        text,
        meta,
    });
    (rel, page, problems)
}

fn link_index(
    pages: &[Prepared],
    files: &[SourceFile],
    excluded: &[Prepared],
    config: &SiteConfig,
) -> LinkIndex {
    let mut targets: HashMap<String, String> =
        pages.iter().map(|p| (p.file.rel.clone(), page_kind_and_path(&p.file.rel).1)).collect();
    targets.extend(files.iter().map(|f| (f.rel.clone(), f.rel.clone())));
    LinkIndex {
        targets,
        excluded: excluded.iter().map(|p| p.file.rel.clone()).collect(),
        base_path: config.base_path.clone(),
        images: images::ImageRules {
            sizes: files.iter().map(|f| (f.rel.clone(), f.bytes.len() as u64)).collect(),
            config: config.images.clone(),
        },
    }
}

fn page_from(prepared: Prepared, body: RenderedMarkdown) -> Page {
    let Prepared { file, text, meta, .. } = prepared;
    let (kind, path) = page_kind_and_path(&file.rel);
    Page {
        kind,
        path,
        meta,
        html: body.html,
        toc: body.toc,
        heading_ids: body.heading_ids.into_iter().collect(),
        words: body.words,
        rel: file.rel,
        display: file.display,
        source_text: text,
        data: None,
        components: body.components,
        references: body.references,
        links: body.links,
        body_links: body.body_links,
        search_words: body.search_words,
    }
}

/// Reports every link to an anchor that its target page does not have.
fn check_anchors(pages: &[Page], anchors: Vec<PendingAnchor>, diagnostics: &mut Vec<Diagnostic>) {
    // Pages generated from data get their ids from templates; the output link check covers them.
    let ids: HashMap<&str, &HashSet<String>> =
        pages.iter().filter(|p| p.data.is_none()).map(|p| (p.rel.as_str(), &p.heading_ids)).collect();
    for pending in anchors {
        let Some(target_ids) = ids.get(pending.target.as_str()) else { continue };
        if target_ids.contains(&pending.anchor) {
            continue;
        }
        let help = match did_you_mean(&pending.anchor, target_ids.iter().map(String::as_str)) {
            Some(id) => format!("did you mean `#{id}`?"),
            None => format!("`{}` has no heading with that id", pending.target),
        };
        diagnostics.push(pending.location.with_help(help));
    }
}

/// Reports every `menu` entry in `site.yaml` whose `page` is not a page of the site.
fn check_menu(config: &SiteConfig, pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    for item in &config.menu {
        let MenuTarget::Page(rel) = &item.target else { continue };
        if pages.iter().any(|p| &p.rel == rel) {
            continue;
        }
        let help = match did_you_mean(rel, pages.iter().map(|p| p.rel.as_str())) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "name a file under content/, e.g. `guide/_index.md`".to_string(),
        };
        let (line, column) = item.at;
        diagnostics.push(
            Diagnostic::new(
                CONFIG_FILE,
                line,
                column,
                format!("the menu names `{rel}`, which is not a page"),
            )
            .with_help(help),
        );
    }
}

fn check_unique_paths(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.path, page) {
            diagnostics.push(
                Diagnostic::new(
                    &page.display,
                    1,
                    1,
                    format!(
                        "`{}` and `{}` both produce the URL `/{}`",
                        first.display.display(),
                        page.display.display(),
                        page.path
                    ),
                )
                .with_help("rename or move one of them"),
            );
        }
    }
}

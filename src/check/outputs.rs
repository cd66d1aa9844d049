//! Stage 4, check: every output path has exactly one producer.
//!
//! A content file named `sitemap.xml`, an alias equal to a page, `guide/page/2.md` beside the
//! section's second listing page: two producers of one path would race in the parallel write and
//! leave one of them, or a mix. Each such pair is a located error naming both; so is a file whose
//! path another output uses as a folder (`atom.xml` and `atom.xml/index.html`).

use crate::diagnostic::Diagnostic;
use crate::model::url::alias_path;
use crate::model::{Page, Site};
use crate::parse::frontmatter::locate_in_front_matter;
use crate::render::templates::Templates;
use crate::render::{Origin, OutputFile, Rendered};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One diagnostic per output path written by more than one producer, or both file and folder.
pub(crate) fn check_outputs(rendered: &Rendered, site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<&str, Vec<&OutputFile>> = BTreeMap::new();
    for file in &rendered.files {
        by_path.entry(file.path.as_str()).or_default().push(file);
    }
    let mut problems = Vec::new();
    for (path, producers) in &by_path {
        if let [first, second, ..] = producers.as_slice() {
            problems.push(clash((site, templates), path, first, second, "written twice"));
        }
        // A folder `path/` in use: the first output under it, found in order right after.
        let folder = format!("{path}/");
        if let Some((_, under)) = by_path.range(folder.as_str()..).next()
            && under[0].path.starts_with(&folder)
        {
            problems.push(clash((site, templates), path, producers[0], under[0], "both a file and a folder"));
        }
    }
    problems
}

/// The error for two producers of `path`, located at the more specific of them.
fn clash(
    (site, templates): (&Site, &Templates),
    path: &str,
    a: &OutputFile,
    b: &OutputFile,
    what: &str,
) -> Diagnostic {
    let (first, second) = if rank(&a.origin) <= rank(&b.origin) { (a, b) } else { (b, a) };
    let message = format!(
        "the output `{path}` is {what}: by {} and by {}",
        describe(site, first),
        describe(site, second)
    );
    let help = "rename or remove one of them, so that each output path has one producer";
    if let Some((page, i)) = alias_of(site, first).or_else(|| alias_of(site, second)) {
        let (line, column) =
            locate_in_front_matter(&page.display, &page.source_text, &format!("aliases.{i}"));
        return Diagnostic::new(&page.display, line, column, message)
            .with_snippet_from(&page.source_text)
            .with_help(help);
    }
    Diagnostic::new(source_of(site, templates, &first.origin), 1, 1, message).with_help(help)
}

/// The page and alias index behind a redirect page, if `file` is one.
fn alias_of<'a>(site: &'a Site, file: &OutputFile) -> Option<(&'a Page, usize)> {
    if file.origin != Origin::Template("redirect.html".into()) {
        return None;
    }
    site.pages.iter().find_map(|page| {
        let i =
            page.meta.aliases.iter().position(|a| alias_path(a).as_deref() == Some(file.path.as_str()))?;
        Some((page, i))
    })
}

/// Which origin the error is located at: the user's own files before hinge's generated ones.
fn rank(origin: &Origin) -> u8 {
    match origin {
        Origin::Copied(_) => 0,
        Origin::Page { .. } => 1,
        Origin::Bundled(_) => 2,
        Origin::Template(_) => 3,
        Origin::Generated => 4,
    }
}

/// The file a producer comes from.
fn source_of(site: &Site, templates: &Templates, origin: &Origin) -> PathBuf {
    match origin {
        Origin::Page { page, .. } => site.pages[*page].display.clone(),
        Origin::Copied(path) | Origin::Bundled(path) => path.clone(),
        Origin::Template(name) => {
            templates.displays.get(name).cloned().unwrap_or_else(|| PathBuf::from("templates").join(name))
        }
        Origin::Generated => PathBuf::from("site.yaml"),
    }
}

/// A producer in words, for the message.
fn describe(site: &Site, file: &OutputFile) -> String {
    match &file.origin {
        Origin::Page { page, .. } => format!("the page `{}`", site.pages[*page].display.display()),
        Origin::Copied(path) => format!("the file `{}`", path.display()),
        Origin::Bundled(path) => format!("the bundle of `{}`", path.display()),
        Origin::Template(name) if name == "redirect.html" => match alias_of(site, file) {
            Some((page, i)) => {
                format!("the alias `{}` of `{}`", page.meta.aliases[i], page.display.display())
            }
            None => "an alias's redirect page".to_string(),
        },
        Origin::Template(name) => format!("the generated `{}` (template `{name}`)", file.path),
        Origin::Generated => format!("hinge's generated `{}`", file.path),
    }
}

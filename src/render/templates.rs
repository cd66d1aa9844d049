//! Templates: the theme's tera templates, overridden file by file by the site's.
//!
//! [`load_templates`] registers the template functions (the only two URL-making ones are
//! `url(path=...)` and `asset(path=...)`; the rest are listed in `functions/`) before compiling
//! every template once; a syntax error in any template is
//! reported with the template's file and line, and all broken templates are reported together.
//! [`template_diagnostic`] turns tera's errors into located [`Diagnostic`]s.

use super::assets::AssetManifest;
use super::body::splices_body;
pub(crate) use super::functions::function_inputs;
use super::functions::{self, FunctionInputs};
use crate::diagnostic::Diagnostic;
use crate::html::{FoundUrl, scan_html};
use crate::model::TextFile;
use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{ErrorKind, Tera};

/// The compiled templates and where each came from.
pub(crate) struct Templates {
    /// The tera instance, shared read-only by all rendering threads.
    pub(crate) tera: Tera,
    /// Template name → file relative to the site root.
    pub(crate) displays: BTreeMap<String, PathBuf>,
    /// Template name → source text, to quote lines in messages.
    pub(crate) sources: BTreeMap<String, String>,
    /// Template name → every link attribute it writes (`href="{{ url(path='a/') }}"`), with
    /// where: the places a broken link in a rendered page can have come from.
    pub(crate) links: BTreeMap<String, Vec<FoundUrl>>,
    /// Whether every template only prints or tests `page.content`, so a page's body is spliced
    /// into its template's output instead of passed through the template (`body.rs`).
    pub(crate) splices_body: bool,
}

/// Compiles every template with `url` and `asset` registered.
pub(crate) fn load_templates(
    files: &BTreeMap<String, TextFile>,
    base_path: &str,
    manifest: Arc<AssetManifest>,
    globals: tera::Context,
    inputs: FunctionInputs,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut displays = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut links = BTreeMap::new();
    // A component's schema beside its template (`components/NAME.yaml`) is not a template.
    for (name, file) in files.iter().filter(|(name, _)| !is_component_schema(name)) {
        displays.insert(name.clone(), file.display.clone());
        sources.insert(name.clone(), file.text.clone());
        links.insert(name.clone(), scan_html(&file.text).1);
    }
    let splices_body = splices_body(sources.values().map(String::as_str));
    let tera = new_tera(base_path, manifest, globals, inputs);
    let mut templates = Templates { tera, displays, sources, links, splices_body };
    let mut broken: BTreeSet<String> = BTreeSet::new();
    for (name, text) in &templates.sources {
        if let Some((offset, message)) = too_deep(text) {
            let (line, column) = crate::diagnostic::line_column(text, offset);
            diagnostics.push(located(&templates, name, line, column, message));
            broken.insert(name.clone());
        }
    }
    loop {
        let batch: Vec<(&String, &String)> =
            templates.sources.iter().filter(|(name, _)| !broken.contains(*name)).collect();
        let mut tera = templates.tera.clone();
        match tera.add_raw_templates(batch) {
            Ok(()) => {
                templates.tera = tera;
                break;
            }
            Err(err) => {
                let reports = tera_reports(&err);
                if !reports.is_empty() {
                    for report in &reports {
                        broken.insert(report.name.clone());
                        diagnostics.push(report_diagnostic(&templates, report));
                    }
                    continue;
                }
                let culprit = culprit(&err);
                let already_reported =
                    matches!(err.kind(), ErrorKind::MissingParent { parent, .. } if broken.contains(parent));
                if !already_reported {
                    diagnostics.push(template_diagnostic(&err, &templates, None));
                }
                match culprit {
                    Some(name) if !broken.contains(&name) => {
                        broken.insert(name);
                    }
                    _ => break,
                }
            }
        }
    }
    if diagnostics.is_empty() { Ok(templates) } else { Err(diagnostics) }
}

/// One of the located reports tera joins into a message when templates refer to filters,
/// functions or templates that do not exist.
#[derive(Debug, PartialEq)]
struct TeraReport {
    name: String,
    line: usize,
    column: usize,
    message: String,
}

/// The reports inside a `Msg` error (`error: MESSAGE` then ` --> NAME:LINE:COLUMN`), so each
/// becomes a diagnostic at the template's real file instead of one unlocated message.
fn tera_reports(err: &tera::Error) -> Vec<TeraReport> {
    let ErrorKind::Msg(text) = err.kind() else { return Vec::new() };
    let mut reports = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let Some(at) = lines.next().and_then(|l| l.trim_start().strip_prefix("--> ")) else { continue };
        let mut parts = at.rsplitn(3, ':');
        let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else { continue };
        reports.push(TeraReport { name: name.to_string(), line, column, message: message.to_string() });
    }
    reports
}

fn report_diagnostic(templates: &Templates, report: &TeraReport) -> Diagnostic {
    located(templates, &report.name, report.line, report.column, report.message.clone())
}

/// Whether a template file is a user component's YAML schema.
fn is_component_schema(name: &str) -> bool {
    name.starts_with("components/") && name.ends_with(".yaml")
}

/// The name of the template an error is about, if tera says.
fn culprit(err: &tera::Error) -> Option<String> {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            Some(report.filename().to_string())
        }
        ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
        _ => None,
    }
}

fn new_tera(
    base_path: &str,
    manifest: Arc<AssetManifest>,
    globals: tera::Context,
    inputs: FunctionInputs,
) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    functions::register(&mut tera, base_path, manifest, inputs);
    tera.global_context().extend(globals);
    tera
}

impl Templates {
    /// Renders template `name`, returning its text and the assets it asked for.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> (Result<String, tera::Error>, BTreeSet<String>) {
        functions::recording_assets(|| {
            let mut out = CappedOutput { bytes: Vec::with_capacity(16 * 1024) };
            self.tera.render_to(name, context, &mut out)?;
            Ok(String::from_utf8(out.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        })
    }
}

/// The most one render may write: a loop that runs away stops here with an error.
const MAX_OUTPUT_BYTES: usize = 64 << 20;

/// The deepest that block tags (`for`, `if`, `block`, ...) may nest in one template.
const MAX_BLOCK_DEPTH: usize = 32;

/// The deepest that `for` loops may nest in one template.
const MAX_LOOP_DEPTH: usize = 4;

/// A render's output, refused past [`MAX_OUTPUT_BYTES`].
struct CappedOutput {
    bytes: Vec<u8>,
}

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first place a template nests block tags or loops deeper than the limits, as
/// (byte offset, message). Tags are found by their `{%` delimiters; `raw` blocks are skipped.
fn too_deep(text: &str) -> Option<(usize, String)> {
    let mut open: Vec<bool> = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{%") {
        let at = rest + found;
        let tag = text[at + 2..].trim_start_matches(['-', '+']).trim_start();
        let word: &str = tag.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
        rest = at + 2;
        match word {
            "raw" => rest = text[rest..].find("endraw").map_or(text.len(), |i| rest + i + 6),
            "for" | "if" | "block" | "filter" | "component" => {
                open.push(word == "for");
                let loops = open.iter().filter(|is_loop| **is_loop).count();
                if loops > MAX_LOOP_DEPTH {
                    return Some((at, format!("loops nest more than {MAX_LOOP_DEPTH} deep here")));
                }
                if open.len() > MAX_BLOCK_DEPTH {
                    return Some((at, format!("block tags nest more than {MAX_BLOCK_DEPTH} deep here")));
                }
            }
            w if w.starts_with("end") => {
                open.pop();
            }
            _ => {}
        }
    }
    None
}

/// Converts a tera error into a diagnostic located in the template file.
pub(crate) fn template_diagnostic(
    err: &tera::Error,
    templates: &Templates,
    rendering: Option<&Path>,
) -> Diagnostic {
    let mut diagnostic = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let span = report.span();
            let mut message = report.message().to_string();
            let mut source = err.source();
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            located(templates, name, span.start_line, span.start_col + 1, message)
        }
        ErrorKind::MissingParent { current, parent } => {
            let line = find_line(templates, current, parent);
            located(templates, current, line, 1, format!("template extends `{parent}`, which does not exist"))
        }
        ErrorKind::CircularInclude { tpl, include_chain } => {
            let next = include_chain.get(1).map_or("include", String::as_str);
            let line = find_line(templates, tpl, next);
            let chain = include_chain.join("` includes `");
            located(templates, tpl, line, 1, format!("templates include each other in a cycle: `{chain}`"))
        }
        ErrorKind::CircularExtend { tpl, inheritance_chain } => {
            let line = find_line(templates, tpl, "extends");
            let chain = inheritance_chain.join("` extends `");
            located(templates, tpl, line, 1, format!("templates extend each other in a cycle: `{chain}`"))
        }
        kind @ ErrorKind::Msg(_) => match tera_reports(err).first() {
            Some(report) => report_diagnostic(templates, report),
            None => unlocated(rendering, kind.to_string()),
        },
        ErrorKind::Io(std::io::ErrorKind::FileTooLarge) => unlocated(
            rendering,
            format!("the output passed {} MB; is a template loop running away?", MAX_OUTPUT_BYTES >> 20),
        ),
        ErrorKind::TemplateNotFound(name) => {
            unlocated(rendering, format!("template `{name}` not found in templates/ or the theme"))
        }
        other => unlocated(rendering, other.to_string()),
    };
    if let Some(page) = rendering {
        diagnostic = diagnostic.with_help(format!("while rendering `{}`", page.display()));
    }
    diagnostic
}

/// An error tera gives no place for: blamed on the page being rendered, or on `templates/`.
fn unlocated(rendering: Option<&Path>, message: String) -> Diagnostic {
    let message = message.strip_prefix("error: ").unwrap_or(&message).to_string();
    match rendering {
        Some(page) => Diagnostic::new(page, 1, 1, message),
        None => Diagnostic::new("templates/", 1, 1, message),
    }
}

fn located(templates: &Templates, name: &str, line: usize, column: usize, message: String) -> Diagnostic {
    let display = templates.displays.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
    let diagnostic = Diagnostic::new(display, line, column, message);
    match templates.sources.get(name) {
        Some(text) => diagnostic.with_snippet_from(text),
        None => diagnostic,
    }
}

/// The 1-based line of the first occurrence of `needle` in template `name`, or 1.
pub(crate) fn find_line(templates: &Templates, name: &str, needle: &str) -> usize {
    templates
        .sources
        .get(name)
        .and_then(|text| text.find(needle).map(|i| text[..i].matches('\n').count() + 1))
        .unwrap_or(1)
}

/// The link attribute of a template that wrote a URL ending in `needle` (the URL without its
/// base path), as (template name, line, column): the page's own template first, then layouts
/// and partials, then the rest (components last).
pub(crate) fn find_in_templates<'a>(
    templates: &'a Templates,
    first: &str,
    needle: &str,
) -> Option<(&'a str, usize, usize)> {
    let rank = |name: &str| match name {
        n if n == first => 0,
        "base.html" => 1,
        n if n.starts_with("partials/") => 2,
        n if n.starts_with("components/") => 4,
        _ => 3,
    };
    let mut names: Vec<&String> = templates.sources.keys().collect();
    names.sort_by_key(|n| (rank(n), n.as_str()));
    names.into_iter().find_map(|name| {
        let link = templates.links[name].iter().find(|link| link.value.contains(needle))?;
        let (line, column) = crate::diagnostic::line_column(&templates.sources[name], link.offset);
        Some((name.as_str(), line, column))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, TextFile> {
        list.iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    TextFile {
                        rel: n.to_string(),
                        display: format!("themes/t/templates/{n}").into(),
                        text: t.to_string(),
                    },
                )
            })
            .collect()
    }

    fn compile(list: &[(&str, &str)], base_path: &str) -> Templates {
        load_templates(&files(list), base_path, Default::default(), Default::default(), Default::default())
            .unwrap()
    }

    #[test]
    fn a_render_returns_the_assets_it_used() {
        let mut manifest = AssetManifest::default();
        manifest.add_generated("img/dot.svg", b"<svg/>".to_vec());
        let list = [("a.html", "{{ asset(path='img/dot.svg') }}"), ("b.html", "{{ url(path='') }}")];
        let t =
            load_templates(&files(&list), "/", Arc::new(manifest), Default::default(), Default::default())
                .unwrap();
        let (html, used) = t.render("a.html", &tera::Context::new());
        assert!(html.unwrap().starts_with("/img/dot."));
        assert_eq!(used, BTreeSet::from(["img/dot.svg".to_string()]));
        let (_, used) = t.render("b.html", &tera::Context::new());
        assert!(used.is_empty(), "nothing is left over from an earlier render");
    }

    #[test]
    fn num_filter_drops_needless_decimals() {
        let t = compile(&[("a.html", "{{ 40.0 | num }}/{{ 2.5 | num }}/{{ 3 | num }}")], "/");
        assert_eq!(t.tera.render("a.html", &tera::Context::new()).unwrap(), "40/2.5/3");
    }

    #[test]
    fn url_function_honours_the_base_path() {
        let t = compile(&[("a.html", "{{ url(path='/guide/') }}|{{ url(path='') }}")], "/repo/");
        assert_eq!(t.tera.render("a.html", &tera::Context::new()).unwrap(), "/repo/guide/|/repo/");
    }

    #[test]
    fn unknown_filters_and_includes_are_located_in_their_files_once() {
        let t = files(&[
            ("a.html", "ok\n{{ 1 | nofilter }}\n"),
            ("b.html", "{% include \"nope.html\" %}\n"),
            ("c.html", "fine"),
        ]);
        let errs = load_templates(&t, "/", Default::default(), Default::default(), Default::default())
            .err()
            .unwrap();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(
            (errs[0].path.as_path(), errs[0].line, errs[0].column),
            (Path::new("themes/t/templates/a.html"), 2, 8)
        );
        assert_eq!(errs[0].message, "Unknown filter `nofilter`");
        assert_eq!(errs[1].path, Path::new("themes/t/templates/b.html"));
        assert_eq!(errs[1].message, "Unknown template `nope.html`");
    }

    #[test]
    fn loops_nested_too_deep_are_refused_at_the_loop() {
        let five = "{% for a in x %}{% for b in a %}{% for c in b %}{% for d in c %}\n  {% for e in d %}{{ e }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
        let t = files(&[("a.html", five)]);
        let errs = load_templates(&t, "/", Default::default(), Default::default(), Default::default())
            .err()
            .unwrap();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (2, 3));
        assert!(errs[0].message.contains("loops nest more than 4 deep"), "{}", errs[0].message);
        let deep_ifs = "{% if x %}".repeat(40) + &"{% endif %}".repeat(40);
        assert!(too_deep(&deep_ifs).unwrap().1.contains("block tags nest more than 32"));
        assert_eq!(too_deep("{% raw %}{% for %}{% for %}{% for %}{% for %}{% for %}{% endraw %}"), None);
    }

    #[test]
    fn a_runaway_loop_stops_at_the_output_cap() {
        let t = compile(
            &[(
                "a.html",
                "{% for a in range(end=10000) %}{% for b in range(end=10000) %}0123456789{% endfor %}{% endfor %}",
            )],
            "/",
        );
        let (result, _) = t.render("a.html", &tera::Context::new());
        let err = result.unwrap_err();
        let d = template_diagnostic(&err, &t, Some(Path::new("content/x.md")));
        assert!(d.message.contains("passed 64 MB"), "{}", d.message);
    }

    #[test]
    fn every_broken_template_is_reported_with_its_line() {
        let t = files(&[("a.html", "ok\n{% if %}\n"), ("b.html", "{{ x }\n"), ("c.html", "fine")]);
        let errs = load_templates(&t, "/", Default::default(), Default::default(), Default::default())
            .err()
            .unwrap();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].path, Path::new("themes/t/templates/a.html"));
        assert_eq!(errs[0].line, 2);
        assert_eq!(errs[1].path, Path::new("themes/t/templates/b.html"));
    }

    #[test]
    fn unknown_asset_is_a_render_error_with_a_suggestion() {
        let t = compile(&[("a.html", "\n{{ asset(path='css/mian.css') }}")], "/");
        let err = t.tera.render("a.html", &tera::Context::new()).unwrap_err();
        let d = template_diagnostic(&err, &t, Some(Path::new("content/x.md")));
        assert_eq!(d.line, 2);
        assert!(d.message.contains("unknown asset"), "{d:?}");
        assert_eq!(d.help.as_deref(), Some("while rendering `content/x.md`"));
    }
}

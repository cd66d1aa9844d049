//! Templates: the theme's tera templates, overridden file by file by the site's.
//!
//! [`load_templates`] registers the template functions (the only two URL-making ones are
//! `url(path=...)` and `asset(path=...)`; the rest are listed in `functions/`) before compiling
//! every template once; a syntax error in any template is
//! reported with the template's file and line, and all broken templates are reported together.
//! [`template_diagnostic`] turns tera's errors into located [`Diagnostic`]s.

use super::assets::AssetManifest;
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
    let mut templates =
        Templates { tera: new_tera(base_path, manifest, globals, inputs), displays, sources, links };
    let mut broken: BTreeSet<String> = BTreeSet::new();
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
        functions::recording_assets(|| self.tera.render(name, context))
    }
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
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new("templates", 1, 1, format!("template `{name}` not found"))
        }
        other => Diagnostic::new("templates", 1, 1, other.to_string()),
    };
    if let Some(page) = rendering {
        diagnostic = diagnostic.with_help(format!("while rendering `{}`", page.display()));
    }
    diagnostic
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

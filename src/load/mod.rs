//! Stage 1, load: read every source the build needs into memory.
//!
//! Walks `content/`, the theme's `templates/` and `static/`, the site's `templates/` and
//! `static/` overrides, and reads `site.yaml`. Hands on [`Sources`]: paths and bytes, nothing
//! parsed yet except the configuration (which names the theme to load).

use crate::diagnostic::Diagnostic;
use crate::fsutil;
use crate::model::{SiteConfig, SourceFile, Statics, TextFile, is_data_file};
use config::CONFIG_FILE;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub(crate) mod config;
pub(crate) mod highlights;

/// Why the sources could not be loaded.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// hinge was not pointed at a site (no `site.yaml`), or its command line is wrong.
    NotASite(String),
    /// `site.yaml` or the theme choice is wrong.
    Content(Vec<Diagnostic>),
    /// Reading a file failed.
    Io(anyhow::Error),
}

/// Everything read from disk, text already decoded, keyed by relative path so overrides and
/// lookups are simple.
#[derive(Debug)]
pub(crate) struct Sources {
    /// The parsed configuration.
    pub(crate) config: SiteConfig,
    /// Markdown pages and data files under `content/`, sorted by relative path.
    pub(crate) texts: Vec<TextFile>,
    /// Every other file under `content/`, copied as it is.
    pub(crate) files: Vec<SourceFile>,
    /// Templates by name: the theme's, replaced file by file by the site's `templates/`.
    pub(crate) templates: BTreeMap<String, TextFile>,
    /// Static files by path: the theme's `static/`, replaced file by file by the site's `static/`.
    pub(crate) statics: Statics,
    /// Fonts by path: the theme's `fonts/`, replaced file by file by the site's `fonts/` (the
    /// social cards' text; never published).
    pub(crate) fonts: BTreeMap<String, SourceFile>,
    /// Files that could not be decoded as UTF-8, one problem each: reported with the others.
    pub(crate) problems: Vec<Diagnostic>,
}

/// What `load_sources` needs to know.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// The site root (the directory holding `site.yaml`).
    pub(crate) root: PathBuf,
    /// A base URL that replaces the configured one.
    pub(crate) base_url: Option<String>,
}

/// Reads the configuration and every source file under `options.root`.
pub(crate) fn load_sources(options: &LoadOptions) -> Result<Sources, LoadError> {
    let root = &options.root;
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(LoadError::NotASite(format!(
            "no `{CONFIG_FILE}` in `{}`: run hinge from a site's root directory or pass --root",
            root.display()
        )));
    }
    let config_file = SourceFile {
        rel: CONFIG_FILE.into(),
        display: CONFIG_FILE.into(),
        bytes: fsutil::read(&config_path).map_err(LoadError::Io)?,
    };
    let mut problems = Vec::new();
    let config_text = decode(vec![config_file], |_| true, &mut problems).0.pop().map(|f| f.text);
    let config_text = match config_text {
        Some(text) if problems.is_empty() => text,
        _ => return Err(LoadError::Content(problems)),
    };
    if let Some(bad) = options.base_url.as_deref().and_then(|b| config::split_base_url(b).err()) {
        return Err(LoadError::NotASite(format!(
            "{bad} (given by --base-url or HINGE_BASE_URL); write an absolute URL such as \
             `https://USER.github.io/REPO/`, or `/`"
        )));
    }
    let config =
        config::parse_config(&config_text, options.base_url.as_deref()).map_err(LoadError::Content)?;

    let theme_dir = Path::new("themes").join(&config.theme);
    if !root.join(&theme_dir).is_dir() {
        return Err(LoadError::Content(vec![
            Diagnostic::new(CONFIG_FILE, 1, 1, format!("theme `{}` not found in `themes/`", config.theme))
                .with_help("set `theme` to the name of a directory under `themes/`"),
        ]));
    }
    let read = |dir: &Path| read_tree(root, dir).map_err(LoadError::Io);
    let content = read(Path::new("content"))?;
    let templates = overlay(read(&theme_dir.join("templates"))?, read(Path::new("templates"))?);
    let statics = overlay(read(&theme_dir.join("static"))?, read(Path::new("static"))?);
    let fonts = overlay(read(&theme_dir.join("fonts"))?, read(Path::new("fonts"))?);
    let mut problems = Vec::new();
    let (texts, files) = decode(content, |rel| rel.ends_with(".md") || is_data_file(rel), &mut problems);
    let (templates, _) = decode(templates.into_values().collect(), |_| true, &mut problems);
    let (styles_and_scripts, binaries) = decode(
        statics.into_values().collect(),
        |rel| rel.ends_with(".css") || rel.ends_with(".js"),
        &mut problems,
    );
    let by_rel = |files: Vec<TextFile>| files.into_iter().map(|f| (f.rel.clone(), f)).collect();
    let statics = Statics {
        texts: by_rel(styles_and_scripts),
        binaries: binaries.into_iter().map(|f| (f.rel.clone(), f)).collect(),
    };
    Ok(Sources { config, texts, files, templates: by_rel(templates), statics, fonts, problems })
}

/// Decodes the files that `is_text` names as UTF-8 text, once, dropping a leading byte-order
/// mark; the others stay bytes. A text file that is not valid UTF-8 is one located problem (at
/// its first bad byte) and is decoded with replacement characters, so that the build goes on to
/// report it together with every other problem, and nothing else about the file.
fn decode(
    files: Vec<SourceFile>,
    is_text: impl Fn(&str) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<TextFile>, Vec<SourceFile>) {
    let mut texts = Vec::new();
    let mut binaries = Vec::new();
    for SourceFile { rel, display, bytes } in files {
        if !is_text(&rel) {
            binaries.push(SourceFile { rel, display, bytes });
            continue;
        }
        let text = match String::from_utf8(without_bom(bytes)) {
            Ok(text) => text,
            Err(e) => {
                let valid_up_to = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                problems.push(not_utf8(&display, &text, e.as_bytes(), valid_up_to));
                text
            }
        };
        texts.push(TextFile { rel, display, text });
    }
    (texts, binaries)
}

/// A text file's bytes without a leading UTF-8 byte-order mark, as every stage reads them.
pub(crate) fn without_bom(bytes: Vec<u8>) -> Vec<u8> {
    match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    }
}

/// A diagnostic for a file that is not valid UTF-8 from byte `valid_up_to` on, located there.
fn not_utf8(display: &Path, lossy: &str, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let (line, column) = crate::diagnostic::line_column(valid, valid.len());
    let message = format!("file is not valid UTF-8 (invalid byte at offset {valid_up_to})");
    Diagnostic::new(display, line, column, message)
        .with_snippet_from(lossy)
        .with_help("save the file with UTF-8 encoding")
}

/// Reads every visible file under `root/dir`, sorted by path; a missing directory is empty.
fn read_tree(root: &Path, dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    let walker = WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || is_published(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&base)?.to_path_buf();
            paths.push(rel);
        }
    }
    paths
        .into_par_iter()
        .map(|rel: PathBuf| {
            let bytes = fsutil::read(&base.join(&rel))?;
            let rel_str =
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Ok(SourceFile { display: dir.join(&rel), rel: rel_str, bytes })
        })
        .collect()
}

/// Whether a file or folder found in a source tree is part of the site: everything but hidden
/// files and editors' backups, except `.well-known/` (security.txt, app links), which hosts
/// serve from the site root and hinge copies like any other folder.
fn is_published(name: &str) -> bool {
    name == WELL_KNOWN || !is_ignored(name)
}

/// The one hidden folder a site publishes.
const WELL_KNOWN: &str = ".well-known";

/// Hidden files and editors' backup files are never part of a site.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

/// Merges two file lists by relative path; `top` replaces `base` where both have a file.
fn overlay(base: Vec<SourceFile>, top: Vec<SourceFile>) -> BTreeMap<String, SourceFile> {
    base.into_iter().chain(top).map(|f| (f.rel.clone(), f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_is_published_other_hidden_names_are_not() {
        assert!(is_published(".well-known"));
        assert!(is_published("_headers"));
        assert!(!is_published(".DS_Store"));
    }

    #[test]
    fn ignored_names() {
        assert!(is_ignored(".git"));
        assert!(is_ignored("a.md~"));
        assert!(is_ignored(".a.md.swp"));
        assert!(!is_ignored("a.md"));
    }

    #[test]
    fn overlay_replaces_by_path() {
        let file =
            |rel: &str, b: &[u8]| SourceFile { rel: rel.into(), display: rel.into(), bytes: b.to_vec() };
        let merged = overlay(vec![file("a", b"1"), file("b", b"1")], vec![file("b", b"2")]);
        assert_eq!(merged["a"].bytes, b"1");
        assert_eq!(merged["b"].bytes, b"2");
    }
}

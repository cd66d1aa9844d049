//! Stage 1, load: read every source the build needs into memory.
//!
//! Walks `content/`, the theme's `templates/` and `static/`, the site's `templates/` and
//! `static/` overrides, and reads `site.yaml`. Hands on [`Sources`]: paths and bytes, nothing
//! parsed yet except the configuration (which names the theme to load).

use crate::diagnostic::Diagnostic;
use crate::fsutil;
use crate::model::{SiteConfig, SourceFile};
use config::CONFIG_FILE;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub(crate) mod config;

/// Why the sources could not be loaded.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// hinge was not pointed at a site (no `site.yaml`).
    NotASite(String),
    /// `site.yaml` or the theme choice is wrong.
    Content(Vec<Diagnostic>),
    /// Reading a file failed.
    Io(anyhow::Error),
}

/// Everything read from disk, keyed by relative path so overrides and lookups are simple.
#[derive(Debug)]
pub struct Sources {
    /// The parsed configuration.
    pub config: SiteConfig,
    /// Files under `content/`, sorted by relative path.
    pub content: Vec<SourceFile>,
    /// Templates by name: the theme's, replaced file by file by the site's `templates/`.
    pub templates: BTreeMap<String, SourceFile>,
    /// Static files by path: the theme's `static/`, replaced file by file by the site's `static/`.
    pub statics: BTreeMap<String, SourceFile>,
}

/// What `load_sources` needs to know.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The site root (the directory holding `site.yaml`).
    pub root: PathBuf,
    /// A base URL that replaces the configured one.
    pub base_url: Option<String>,
}

/// Reads the configuration and every source file under `options.root`.
pub fn load_sources(options: &LoadOptions) -> Result<Sources, LoadError> {
    let root = &options.root;
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(LoadError::NotASite(format!(
            "no `{CONFIG_FILE}` in `{}`: run hinge from a site's root directory or pass --root",
            root.display()
        )));
    }
    let config_bytes = fsutil::read(&config_path).map_err(LoadError::Io)?;
    let config_text = String::from_utf8(config_bytes).map_err(|e| {
        LoadError::Content(vec![not_utf8(Path::new(CONFIG_FILE), e.utf8_error().valid_up_to())])
    })?;
    let config = config::parse_config(&config_text, options.base_url.as_deref())
        .map_err(|d| LoadError::Content(vec![d]))?;

    let theme_dir = Path::new("themes").join(&config.theme);
    if !root.join(&theme_dir).is_dir() {
        return Err(LoadError::Content(vec![
            Diagnostic::new(CONFIG_FILE, 1, 1, format!("theme `{}` not found in `themes/`", config.theme))
                .with_help("set `theme` to the name of a directory under `themes/`"),
        ]));
    }
    let content = read_tree(root, Path::new("content")).map_err(LoadError::Io)?;
    let templates = overlay(
        read_tree(root, &theme_dir.join("templates")).map_err(LoadError::Io)?,
        read_tree(root, Path::new("templates")).map_err(LoadError::Io)?,
    );
    let statics = overlay(
        read_tree(root, &theme_dir.join("static")).map_err(LoadError::Io)?,
        read_tree(root, Path::new("static")).map_err(LoadError::Io)?,
    );
    Ok(Sources { config, content, templates, statics })
}

/// A diagnostic for a file that is not valid UTF-8 from byte `valid_up_to` on.
pub fn not_utf8(display: &Path, valid_up_to: usize) -> Diagnostic {
    Diagnostic::new(display, 1, 1, format!("file is not valid UTF-8 (invalid byte at offset {valid_up_to})"))
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
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
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

/// Hidden files and editors' backup files are never part of a site.
fn is_ignored(name: &str) -> bool {
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

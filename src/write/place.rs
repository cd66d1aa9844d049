//! Where the output may go: checked before anything is read or written.
//!
//! A build replaces its output directory as a whole, so the output may never hold the site's
//! sources (the root itself, `site.yaml`, `content/`, `themes/`, `templates/`, `static/`) nor
//! sit inside them (where the next build would read its own output back as content). A symlinked
//! output is followed: the swap happens at the link's target, so the link keeps pointing at the
//! fresh site.

use super::{MARKER, Refusal};
use std::path::{Component, Path, PathBuf};

/// The parts of a site root that a build reads.
const SOURCES: [&str; 5] = ["site.yaml", "content", "themes", "templates", "static"];

/// Resolves `out` (following a symlink to its target) and checks that replacing it can neither
/// delete nor re-read the sources of the site at `root`, and that hinge owns it.
pub(crate) fn resolve_output(root: &Path, out: &Path) -> Result<PathBuf, Refusal> {
    let target = real_path(out)?;
    let root = real_path(root)?;
    if root.starts_with(&target) {
        return Err(Refusal(format!(
            "refusing to build into `{}`: it {} the site root `{}`, and a build replaces its output \
             as a whole, which would delete the site's sources; choose an --output outside the site's sources",
            out.display(),
            if root == target { "is" } else { "contains" },
            root.display()
        )));
    }
    for name in SOURCES {
        let source = real_path(&root.join(name))?;
        if target.starts_with(&source) || source.starts_with(&target) {
            return Err(Refusal(format!(
                "refusing to build into `{}`: it is {} the site's `{name}`, which hinge reads on every \
                 build; choose an --output such as `public` beside `site.yaml`",
                out.display(),
                if target.starts_with(&source) { "inside" } else { "a folder holding" },
            )));
        }
    }
    super::check_output_dir(&target)?;
    Ok(target)
}

/// The absolute path `path` stands for, symlinks resolved as far as the path exists; the part
/// that does not exist yet is appended with `.` and `..` taken away.
pub(crate) fn real_path(path: &Path) -> Result<PathBuf, Refusal> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let here = std::env::current_dir()
            .map_err(|e| Refusal(format!("cannot read the current directory: {e}")))?;
        here.join(path)
    };
    let absolute = lexical(&absolute);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return Ok(rest.iter().rev().fold(real, |p: PathBuf, part| p.join(part)));
        }
        if existing.symlink_metadata().is_ok() {
            return Err(Refusal(format!(
                "`{}` is a symlink to a missing target; point it at a folder or remove it",
                existing.display()
            )));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// `path` with `.` dropped and each `..` removing the part before it.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `dir` is a previous hinge output (it holds the marker file).
pub(crate) fn is_hinge_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        tmp
    }

    #[test]
    fn an_output_holding_or_inside_the_sources_is_refused() {
        let tmp = site();
        let root = tmp.path().join("site");
        for bad in ["", "..", "content", "content/public", "site.yaml", "themes/x"] {
            let err = resolve_output(&root, &root.join(bad)).unwrap_err();
            assert!(err.0.starts_with("refusing to build into"), "{bad}: {}", err.0);
        }
        assert_eq!(
            resolve_output(&root, &root.join("public")).unwrap(),
            real_path(&root).unwrap().join("public")
        );
        assert!(resolve_output(&root, &tmp.path().join("elsewhere")).is_ok());
    }

    #[test]
    fn a_symlinked_output_resolves_to_its_target() {
        let tmp = site();
        let root = tmp.path().join("site");
        let target = tmp.path().join("served");
        std::fs::create_dir(&target).unwrap();
        std::os::unix::fs::symlink(&target, root.join("public")).unwrap();
        assert_eq!(resolve_output(&root, &root.join("public")).unwrap(), real_path(&target).unwrap());
        std::os::unix::fs::symlink(root.join("content"), root.join("sneaky")).unwrap();
        assert!(resolve_output(&root, &root.join("sneaky")).is_err(), "a link into content/ is refused");
    }

    #[test]
    fn lexical_drops_dots() {
        assert_eq!(lexical(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}

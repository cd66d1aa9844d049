//! Stage 5, write: put the rendered site on disk, all at once or not at all.
//!
//! The files go into a temporary sibling of the output directory, which is then swapped in at
//! once ([`swap`]: one `renameat2(RENAME_EXCHANGE)` on Linux); a failed build never touches the
//! previous output. A marker file identifies a directory as hinge's own, and hinge refuses to
//! replace any non-empty directory without it, so nothing a user owns is ever deleted; nor an
//! output that holds or sits in the site's sources ([`place`]). One build at a time writes into
//! an output, and a stopped build's leftovers are cleared by the next ([`guard`]).

use crate::fsutil;
use crate::render::OutputFile;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) mod guard;
pub(crate) mod highlights;
pub(crate) mod place;
mod swap;

/// The file that marks a directory as hinge output.
pub(crate) const MARKER: &str = ".hinge-output";

/// Why an output directory may not be used.
#[derive(Debug)]
pub(crate) struct Refusal(pub String);

/// Checks that `out` is missing, empty, or a previous hinge output.
pub(crate) fn check_output_dir(out: &Path) -> Result<(), Refusal> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Refusal(format!("output path `{}` exists and is not a directory", out.display())));
    }
    let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(Refusal(format!(
            "refusing to replace `{}`: it is not empty and was not written by hinge (no `{MARKER}` file); \
             choose another --output or empty it yourself",
            out.display()
        )))
    }
}

/// The staging folder of one build, a temporary sibling of the output: pages are written into it as they are rendered
/// ([`Staging::stream`]), the rest of the site and the marker at the end, and only then is it
/// swapped in ([`Staging::finish`]). Dropped unfinished (a failed build), it is deleted, and
/// the previous output was never touched.
#[derive(Debug)]
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Output paths already written, which [`Staging::finish`] skips.
    streamed: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The first write that failed while streaming, reported by [`Staging::finish`].
    failed: std::sync::Mutex<Option<anyhow::Error>>,
    finished: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `out` (clearing a leftover one), removed by the
    /// signal handler if the process is stopped.
    pub(crate) fn open(out: &Path) -> Result<Staging> {
        let out = absolute(out)?;
        let dir = guard::sibling(&out, "new");
        if dir.exists() {
            fsutil::remove_dir_all(&dir)?;
        }
        guard::clean_up_on_signal();
        *lock(&guard::STAGING) = Some(dir.clone());
        fsutil::create_dir_all(&dir)?;
        let (streamed, failed) = Default::default();
        Ok(Staging { out, dir, streamed, failed, finished: false })
    }

    /// Writes one file now (from any thread). A failure is kept for [`Staging::finish`], so the
    /// build still reports its located problems (e.g. two producers of one path) first.
    pub(crate) fn stream(&self, file: &OutputFile) {
        let written = write_file(&self.dir, file, true);
        match written {
            Ok(()) => {
                lock(&self.streamed).insert(file.path.clone());
            }
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    /// Writes the files not streamed yet and the marker, then swaps the folder in; returns the
    /// path of the retired previous site, for the caller to delete once the new one is
    /// announced ([`remove_retired`]). `out` was resolved by [`place::resolve_output`], and the
    /// caller holds its [`guard::OutputLock`].
    pub(crate) fn finish(mut self, files: &[OutputFile]) -> Result<Option<PathBuf>> {
        if let Some(e) = lock(&self.failed).take() {
            return Err(e);
        }
        let streamed = std::mem::take(&mut *lock(&self.streamed));
        let rest: Vec<&OutputFile> = files.iter().filter(|f| !streamed.contains(&f.path)).collect();
        write_tree(&rest, &self.dir)?;
        test_pause();
        let retired = guard::sibling(&self.out, "old");
        // Holding the lock through the swap keeps a signal from landing between its renames.
        let held = lock(&guard::STAGING);
        let swapped = swap::swap_in(&self.dir, &self.out, &retired);
        drop(held);
        self.finished = swapped.is_ok();
        swapped
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        *lock(&guard::STAGING) = None;
        if !self.finished && self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes one file under `root`, creating its folder first when `make_dir` is set.
fn write_file(root: &Path, file: &OutputFile, make_dir: bool) -> Result<()> {
    let path = root.join(&file.path);
    if make_dir && let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    std::fs::write(&path, file.bytes.as_slice())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// Deletes the previous site that [`Staging::finish`] retired, after the new one is in place.
pub(crate) fn remove_retired(retired: &Path) {
    if let Err(e) = std::fs::remove_dir_all(retired) {
        tracing::warn!("could not remove the previous site at `{}`: {e}", retired.display());
    }
}

/// `HINGE_TEST_PAUSE_BEFORE_SWAP=MS` holds a written staging folder for the integration tests
/// that stop or overlap builds at that moment.
fn test_pause() {
    if let Some(ms) = std::env::var("HINGE_TEST_PAUSE_BEFORE_SWAP").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn write_tree(files: &[&OutputFile], root: &Path) -> Result<()> {
    fsutil::create_dir_all(root)?;
    create_dirs(files, root)?;
    files.par_iter().try_for_each(|f| write_file(root, f, false))?;
    fsutil::write(
        &root.join(MARKER),
        b"This directory was generated by hinge; it is replaced on every build.\n",
    )
}

/// Creates every directory the files need, shallowest first, each level in parallel: with
/// thousands of pages, one `mkdir` per directory is most of the cost of writing.
fn create_dirs(files: &[&OutputFile], root: &Path) -> Result<()> {
    let mut by_depth: BTreeSet<(usize, PathBuf)> = BTreeSet::new();
    for file in files {
        let mut dir = Path::new(&file.path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !by_depth.insert((d.components().count(), d.to_path_buf())) {
                break;
            }
            dir = d.parent();
        }
    }
    let mut levels: Vec<Vec<PathBuf>> = Vec::new();
    for (depth, dir) in by_depth {
        if levels.len() < depth {
            levels.resize_with(depth, Vec::new);
        }
        levels[depth - 1].push(dir);
    }
    for level in levels {
        level.par_iter().try_for_each(|dir| {
            let path = root.join(dir);
            match std::fs::create_dir(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    Err(anyhow::Error::new(e)
                        .context(format!("failed to create directory `{}`", path.display())))
                }
                _ => Ok(()),
            }
        })?;
    }
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir().context("failed to read the current directory")?.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(files: &[OutputFile], out: &Path) -> Result<Option<PathBuf>> {
        Staging::open(out)?.finish(files)
    }
    use crate::render::Origin;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec().into(), origin: Origin::Generated }
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[file("index.html", "one"), file("a/b/index.html", "b")], &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "b");
        let retired = write_site(&[file("index.html", "two")], &out).unwrap().expect("old site retired");
        assert_eq!(std::fs::read_to_string(retired.join("index.html")).unwrap(), "one");
        remove_retired(&retired);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a").exists(), "stale files are gone");
        let leftovers: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_a_directory_it_does_not_own() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), "precious").unwrap();
        assert!(check_output_dir(&out).is_err());
        assert!(write_site(&[file("index.html", "x")], &out).is_err());
        assert_eq!(std::fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
        std::fs::create_dir(tmp.path().join("empty")).unwrap();
        assert!(check_output_dir(&tmp.path().join("empty")).is_ok());
    }
}

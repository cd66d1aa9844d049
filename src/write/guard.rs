//! One build at a time into one output, and nothing left behind by a build that was stopped.
//!
//! [`OutputLock`] holds an exclusive lock on `.NAME.hinge-lock` beside the output for the whole
//! build: a second build into the same output waits for the first (and says so). Holding it, the
//! build clears what killed builds left: a half-written staging folder (`.NAME.hinge-new-PID`) is
//! deleted, and a retired site (`.NAME.hinge-old-PID`) is put back when the output itself is
//! missing (a kill between the two renames of the fallback swap), else deleted. On SIGINT and
//! SIGTERM the staging folder of the running build is removed before the process exits.

use super::place::is_hinge_output;
use anyhow::{Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The staging folder being written, removed by the signal handler; its lock is also held
/// through the swap, so a signal never lands between the two renames of the fallback.
pub(crate) static STAGING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The names of the files hinge keeps beside an output called `name`.
pub(crate) fn sibling(out: &Path, kind: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = out.parent().unwrap_or(Path::new("/"));
    parent.join(format!(".{name}.hinge-{kind}-{}", std::process::id()))
}

/// An exclusive lock on builds into one output; released (and its file removed) on drop.
#[derive(Debug)]
pub(crate) struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock for `out`, waiting (and saying so on stderr) while another build holds it,
    /// then clears what killed builds left beside it.
    pub(crate) fn acquire(out: &Path) -> Result<OutputLock> {
        let parent = out.parent().context("the output directory has no parent")?;
        crate::fsutil::create_dir_all(parent)?;
        let name = out.file_name().context("the output directory has no name")?.to_string_lossy();
        let path = parent.join(format!(".{name}.hinge-lock"));
        let mut said = false;
        let file = loop {
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .with_context(|| format!("failed to open the lock file `{}`", path.display()))?;
            if file.try_lock().is_err() {
                if !said {
                    eprintln!("waiting for another hinge build into `{}` to finish...", out.display());
                    said = true;
                }
                file.lock().with_context(|| format!("failed to lock `{}`", path.display()))?;
            }
            // The holder before us removes the file as it leaves: lock the file now at the path.
            if same_file(&file, &path) {
                break file;
            }
        };
        recover(out);
        Ok(OutputLock { file, path })
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The lock file of the build whose staging folder is `staging` (`.NAME.hinge-new-PID`).
fn lock_beside(staging: &Path) -> Option<PathBuf> {
    let name = staging.file_name()?.to_str()?;
    let (stem, _) = name.rsplit_once(".hinge-new-")?;
    Some(staging.with_file_name(format!("{stem}.hinge-lock")))
}

/// Deletes staging folders of killed builds and restores a missing output from a retired one.
fn recover(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let prefix = format!(".{}.hinge-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let mut retired: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = file_name.strip_prefix(&prefix) else { continue };
        let path = entry.path();
        if kind.starts_with("new-") {
            tracing::info!("removing `{}`, left by a stopped build", path.display());
            let _ = std::fs::remove_dir_all(&path);
        } else if kind.starts_with("old-") && is_hinge_output(&path) {
            let modified = entry.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            retired.push((modified, path));
        }
    }
    retired.sort();
    if !out.exists()
        && let Some((_, newest)) = retired.pop()
        && std::fs::rename(&newest, out).is_ok()
    {
        eprintln!("restored `{}` from `{}`, left by a stopped build", out.display(), newest.display());
    }
    for (_, path) in retired {
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Installs, once, the SIGINT/SIGTERM handler that removes the staging folder being written.
pub(crate) fn clean_up_on_signal() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let staging = STAGING.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(path) = staging.as_ref() {
                // Writer threads may still add files: retry until the folder is gone.
                for _ in 0..5 {
                    if std::fs::remove_dir_all(path).is_ok() || !path.exists() {
                        break;
                    }
                }
            }
            if let Some(lock) = staging.as_deref().and_then(lock_beside) {
                let _ = std::fs::remove_file(lock);
            }
            eprintln!("interrupted: the previous output is unchanged");
            std::process::exit(130);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_removed_and_a_missing_output_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.hinge-old-77777");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join(super::super::MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "old site").unwrap();
        std::fs::create_dir(tmp.path().join(".public.hinge-new-88888")).unwrap();
        let lock = OutputLock::acquire(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old site");
        drop(lock);
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("public")]);
    }
}

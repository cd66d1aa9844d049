//! Filesystem calls with context.
//!
//! Every read and write hinge makes goes through these helpers, so a failure always names the
//! path it was about.

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Writes bytes to a file, creating its parent directories.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
}

/// Creates a directory and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("failed to create directory `{}`", path.display()))
}

/// Removes a directory tree.
pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    fs::remove_dir_all(path).with_context(|| format!("failed to remove `{}`", path.display()))
}

/// Renames a file or directory.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("failed to rename `{}` to `{}`", from.display(), to.display()))
}

//! The swap: the staging folder becomes the output in one step.
//!
//! On Linux, `renameat2(RENAME_EXCHANGE)` exchanges the two directories atomically: at every
//! instant the output path holds either the old site or the new one, whole. Elsewhere (or on a
//! filesystem without the call) it is two renames, old out of the way then new in; a build killed
//! between them leaves the old site beside the output, and the next build puts it back.

use super::check_output_dir;
use crate::fsutil;
use anyhow::{Result, bail};
use std::path::Path;

/// Puts `staging` at `out`; the previous output (if any) ends at `retired`, whose path is returned.
pub(crate) fn swap_in(staging: &Path, out: &Path, retired: &Path) -> Result<Option<std::path::PathBuf>> {
    if !out.exists() {
        fsutil::rename(staging, out)?;
        return Ok(None);
    }
    if let Err(refusal) = check_output_dir(out) {
        bail!(refusal.0);
    }
    if exchange(staging, out)? {
        // The old site is now at the staging path: retire it under its own name.
        fsutil::rename(staging, retired)?;
    } else {
        fsutil::rename(out, retired)?;
        if let Err(e) = fsutil::rename(staging, out) {
            let _ = fsutil::rename(retired, out);
            return Err(e);
        }
    }
    Ok(Some(retired.to_path_buf()))
}

/// Exchanges `a` and `b` atomically; `Ok(false)` when the system or filesystem cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let from = CString::new(a.as_os_str().as_bytes())?;
    let to = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let status = unsafe {
        libc::renameat2(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if status == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(anyhow::Error::new(err).context(format!(
            "failed to exchange `{}` and `{}`",
            a.display(),
            b.display()
        ))),
    }
}

/// Exchanges `a` and `b` atomically; `Ok(false)`: this system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_path_always_holds_a_whole_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (staging, out, retired) =
            (tmp.path().join("new"), tmp.path().join("public"), tmp.path().join("old"));
        for (dir, text) in [(&staging, "new"), (&out, "old")] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join(super::super::MARKER), "").unwrap();
            std::fs::write(dir.join("index.html"), text).unwrap();
        }
        assert_eq!(swap_in(&staging, &out, &retired).unwrap(), Some(retired.clone()));
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(retired.join("index.html")).unwrap(), "old");
        assert!(!staging.exists());
    }
}

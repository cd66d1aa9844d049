//! Reads the code blocks earlier builds highlighted (`.hinge-cache/highlights.json` under the
//! site root). The cache only saves time: a missing, unreadable or stale file is an empty cache,
//! never an error.

use crate::model::Highlights;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The cache file, under the site root.
pub(crate) fn highlights_file(root: &Path) -> PathBuf {
    root.join(".hinge-cache").join("highlights.json")
}

/// The cached blocks, or none when the file is missing or not hinge's.
pub(crate) fn read_highlights(root: &Path) -> Highlights {
    let path = highlights_file(root);
    let Ok(bytes) = std::fs::read(&path) else { return Highlights::default() };
    match serde_json::from_slice::<HashMap<u64, String>>(&bytes) {
        Ok(known) => Highlights { known },
        Err(err) => {
            tracing::debug!(path = %path.display(), %err, "ignoring an unreadable highlight cache");
            Highlights::default()
        }
    }
}

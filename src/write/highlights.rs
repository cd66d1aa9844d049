//! Saves the code blocks a build used (`.hinge-cache/highlights.json`), so the next build of an
//! unchanged block reuses its HTML; blocks the site no longer has are dropped, so the file holds
//! what the site uses and no more. Written to a temporary name and renamed: a reader never sees
//! half a file. A failure only costs the next build time, so it is logged, not an error.

use crate::fsutil;
use crate::model::Highlights;
use std::path::Path;

/// Writes `highlights` to `file` (created with its folder), replacing what was there.
pub(crate) fn save_highlights(file: &Path, highlights: &Highlights) {
    let result = serde_json::to_vec(&highlights.known).map_err(anyhow::Error::from).and_then(|bytes| {
        let partial = file.with_extension("json.partial");
        fsutil::write(&partial, &bytes)?;
        std::fs::rename(&partial, file).map_err(anyhow::Error::from)
    });
    if let Err(err) = result {
        tracing::warn!(path = %file.display(), "could not save the highlight cache: {err:#}");
    }
}

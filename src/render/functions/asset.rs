//! `asset(path='css/main.css')`: the fingerprinted URL of a static file.
//!
//! Which assets a render used decides which fingerprinted copies are written, so every render
//! returns them: [`recording_assets`] runs one render and hands back, with its result, the
//! logical paths that `asset()` resolved during it. The set lives only for that call, on the
//! rendering thread (tera renders a template on the calling thread), and is never shared.

use crate::diagnostic::did_you_mean;
use crate::model::url::site_url;
use crate::render::assets::AssetManifest;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult};

thread_local! {
    /// The assets resolved by the render running on this thread, if one is recording.
    static USED: RefCell<Option<BTreeSet<String>>> = const { RefCell::new(None) };
}

pub(super) fn register(tera: &mut Tera, base_path: &str, manifest: Arc<AssetManifest>) {
    let base = base_path.to_string();
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        let logical = path.trim_start_matches('/');
        match manifest.resolve(logical) {
            Some(hashed) => {
                USED.with(|used| used.borrow_mut().as_mut().map(|set| set.insert(logical.to_string())));
                Ok(site_url(&base, hashed))
            }
            None => {
                let hint = did_you_mean(path, manifest.assets.keys().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(tera::Error::message(format!("unknown asset `{path}`: no such file in `static/`{hint}")))
            }
        }
    });
}

/// Runs `render` and returns its result with the assets `asset()` resolved during it.
pub(crate) fn recording_assets<T>(render: impl FnOnce() -> T) -> (T, BTreeSet<String>) {
    let outer = USED.with(|used| used.replace(Some(BTreeSet::new())));
    let result = render();
    let used = USED.with(|used| used.replace(outer)).unwrap_or_default();
    (result, used)
}

//! The template functions and filters, one per file, all registered here.
//!
//! To add one: write `NAME.rs` with a `register` function, and call it from [`register`] below;
//! tera needs every function registered before the templates are compiled.

mod asset;
mod num;
mod url;

pub(crate) use asset::recording_assets;

use super::assets::AssetManifest;
use std::sync::Arc;
use tera::Tera;

/// Registers `url(path=...)`, `asset(path=...)` and the `num` filter on `tera`.
pub(crate) fn register(tera: &mut Tera, base_path: &str, manifest: Arc<AssetManifest>) {
    url::register(tera, base_path);
    asset::register(tera, base_path, manifest);
    num::register(tera);
}

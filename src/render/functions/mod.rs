//! The template functions and filters, one per file, all registered here.
//!
//! To add one: write `NAME.rs` with a `register` function, and call it from [`register`] below;
//! tera needs every function registered before the templates are compiled. What a function
//! needs from the build arrives in [`FunctionInputs`], made once per build.

mod asset;
mod date;
mod load_data;
mod markdown;
mod now;
mod num;
mod pages;
mod slugify;
mod url;

pub(crate) use asset::recording_assets;

use super::assets::AssetManifest;
use crate::model::Site;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;

/// What the functions read besides their arguments: the site root (for `load_data`), every
/// page (for `get_page` and `get_section`) and the site's newest date (for `now`).
#[derive(Debug, Default)]
pub(crate) struct FunctionInputs {
    root: PathBuf,
    pages: Arc<pages::PageIndex>,
    latest: Option<String>,
}

/// The inputs of the template functions for `site`, whose sources are under `root`.
pub(crate) fn function_inputs(site: &Site, root: &Path) -> FunctionInputs {
    let latest = site.pages.iter().flat_map(|p| [p.meta.date, p.meta.updated]).flatten().max();
    FunctionInputs {
        root: root.to_path_buf(),
        pages: Arc::new(pages::page_index(site)),
        latest: latest.map(|d| d.to_string()),
    }
}

/// Registers every function (`url`, `asset`, `get_page`, `get_section`, `load_data`, `now`) and
/// filter (`num`, `date`, `markdown`, `slugify`) on `tera`.
pub(crate) fn register(
    tera: &mut Tera,
    base_path: &str,
    manifest: Arc<AssetManifest>,
    inputs: FunctionInputs,
) {
    url::register(tera, base_path);
    asset::register(tera, base_path, manifest);
    num::register(tera);
    date::register(tera);
    markdown::register(tera);
    slugify::register(tera);
    pages::register(tera, inputs.pages);
    load_data::register(tera, inputs.root);
    now::register(tera, inputs.latest);
}

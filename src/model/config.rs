//! The site's configuration as every stage reads it, parsed from `site.yaml` by the load stage.

use serde::{Deserialize, Serialize};

/// A unit of weight for the calculators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Unit {
    /// Kilograms.
    #[default]
    Kg,
    /// Pounds.
    Lb,
}

/// The validated site configuration.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteConfig {
    /// The site's title.
    pub(crate) title: String,
    /// A one-sentence description, the fallback for pages without one.
    pub(crate) description: String,
    /// The absolute base URL, always ending in `/`.
    pub(crate) base_url: String,
    /// The path part of the base URL, starting and ending in `/` (e.g. `/rehab-guide/`).
    pub(crate) base_path: String,
    /// The language tag for `<html lang>`.
    pub(crate) language: String,
    /// The theme directory name under `themes/`.
    pub(crate) theme: String,
    /// The calculators' default unit.
    pub(crate) default_unit: Unit,
    /// The author, if given.
    pub(crate) author: Option<String>,
    /// The custom domain written to `CNAME`, if given.
    pub(crate) cname: Option<String>,
    /// Days after which a page's `reviewed.on` date makes `hinge check` warn.
    pub(crate) review_max_age_days: Option<u32>,
}

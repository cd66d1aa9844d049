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
    /// Draw a social card (`og:image`) for every page; off, pages have no `og:image`.
    pub(crate) social_cards: bool,
    /// The main navigation, in the editor's order (empty: no navigation).
    pub(crate) menu: Vec<MenuItem>,
    /// The editor's own site-wide fields (`extra:`), passed to templates as `site.extra`.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// How photos are checked and resized (`images:`).
    pub(crate) images: ImageConfig,
    /// The taxonomies pages may use (`tags`, `equipment`), in the order declared.
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
}

/// One taxonomy declared in `site.yaml`: `{name: tags, paginate_by: 20}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaxonomyConfig {
    /// Its name, the front-matter key and the URL's first segment (`tags` → `/tags/`).
    pub(crate) name: String,
    /// List this many pages per term page (`/tags/TERM/page/2/` and on); all on one if unset.
    pub(crate) paginate_by: Option<usize>,
    /// Where in `site.yaml` it is declared (line, column).
    pub(crate) at: (usize, usize),
}

/// `site.yaml`'s `images:` block: the limits and sizes of the responsive image pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ImageConfig {
    /// The largest source image accepted, in bytes; a larger one is a located error.
    pub(crate) max_bytes: u64,
    /// The widths, in pixels, each image is resized to (never wider than the original).
    pub(crate) widths: Vec<u32>,
    /// The WebP and JPEG quality, 1 to 100.
    pub(crate) quality: u8,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig { max_bytes: 2_000_000, widths: vec![480, 800, 1200], quality: 80 }
    }
}

/// One entry of the main navigation, as `site.yaml`'s `menu` lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MenuItem {
    /// The link text; for a `page` entry without one, the page's short title.
    pub(crate) name: Option<String>,
    /// Where it leads.
    pub(crate) target: MenuTarget,
    /// Where in `site.yaml` it is written (line, column), for the parse stage's checks.
    pub(crate) at: (usize, usize),
}

/// Where a menu entry leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) enum MenuTarget {
    /// A content file (`guide/_index.md`, `progressions/return.yaml`), checked to exist.
    Page(String),
    /// A URL: absolute (`https://...`) as written, or a path under the site (`exercises/`).
    Url(String),
}

//! `site.yaml`: the site's configuration.
//!
//! The raw file is deserialized strictly (an unknown key is a located error with a suggestion),
//! then turned into a [`SiteConfig`] whose base URL is already split into the absolute URL used
//! in the sitemap and the path prefix every page URL starts with.

use crate::diagnostic::Diagnostic;
use crate::model::{ImageConfig, MenuItem, MenuTarget, SiteConfig, TaxonomyConfig, Unit};
use crate::yaml::{self, SpanIndex, YamlBlock};
use serde::Deserialize;
use std::path::Path;

/// The configuration file's name, at the site root.
pub(crate) const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    default_unit: Unit,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default)]
    review_max_age_days: Option<u32>,
    #[serde(default = "social_cards_on")]
    social_cards: bool,
    #[serde(default)]
    menu: Vec<RawMenuItem>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    images: ImageConfig,
    #[serde(default)]
    taxonomies: Vec<RawTaxonomy>,
}

/// One `taxonomies` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: String,
    #[serde(default)]
    paginate_by: Option<usize>,
}

/// One `menu` entry as written: a name and either a `url` or a `page`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}

fn social_cards_on() -> bool {
    true
}

fn default_theme() -> String {
    "default".to_string()
}

/// Parses `site.yaml`'s text; `base_url_override` (from the CLI or environment) wins over the file.
pub(crate) fn parse_config(text: &str, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostic> {
    let path = Path::new(CONFIG_FILE);
    let block = YamlBlock { text, first_line: 1 };
    let raw: RawConfig = yaml::parse(path, text, block)?;
    let spans = SpanIndex::new(block);
    let (base_url_line, _) = spans.locate_key("base_url");
    let base = base_url_override.unwrap_or(&raw.base_url);
    let (base_url, base_path) = split_base_url(base).map_err(|message| {
        Diagnostic::new(path, base_url_line, 1, message)
            .with_snippet_from(text)
            .with_help("write an absolute URL such as `https://USER.github.io/REPO/`, or `/`")
    })?;
    if let Some(cname) = raw.cname.as_ref().filter(|c| c.contains('/') || c.trim().is_empty()) {
        let (line, _) = spans.locate_key("cname");
        return Err(Diagnostic::new(path, line, 1, format!("`cname` must be a bare domain, not `{cname}`"))
            .with_snippet_from(text)
            .with_help("write only the host name, e.g. `guide.example.org`"));
    }
    let menu = menu_items(raw.menu, &spans, text)?;
    let taxonomies = taxonomies(raw.taxonomies, &spans, text)?;
    check_images(&raw.images, &spans, text)?;
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language,
        theme: raw.theme,
        default_unit: raw.default_unit,
        author: raw.author,
        cname: raw.cname,
        review_max_age_days: raw.review_max_age_days,
        social_cards: raw.social_cards,
        menu,
        extra: raw.extra,
        taxonomies,
        images: raw.images,
    })
}

/// Checks each taxonomy's name is a URL segment (`tags`, `body-part`), declared once.
fn taxonomies(
    raw: Vec<RawTaxonomy>,
    spans: &SpanIndex,
    text: &str,
) -> Result<Vec<TaxonomyConfig>, Diagnostic> {
    let mut declared: Vec<TaxonomyConfig> = Vec::with_capacity(raw.len());
    for (i, taxonomy) in raw.into_iter().enumerate() {
        let at = spans.locate(&format!("taxonomies.{i}.name"));
        let fail = |message: String, help: &str| {
            Diagnostic::new(CONFIG_FILE, at.0, at.1, message).with_snippet_from(text).with_help(help)
        };
        let name = taxonomy.name;
        let segment = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !segment {
            return Err(fail(
                format!("taxonomy name `{name}` is not a URL segment"),
                "use lowercase letters, digits and `-`, e.g. `tags` or `body-part`",
            ));
        }
        if declared.iter().any(|t| t.name == name) {
            return Err(fail(format!("taxonomy `{name}` is declared twice"), "keep one of them"));
        }
        if taxonomy.paginate_by == Some(0) {
            return Err(fail(
                "`paginate_by` must be at least 1".into(),
                "leave it out to list every page on one",
            ));
        }
        declared.push(TaxonomyConfig { name, paginate_by: taxonomy.paginate_by, at });
    }
    Ok(declared)
}

/// The `images:` block's widths are positive and its quality is 1 to 100.
fn check_images(images: &ImageConfig, spans: &SpanIndex, text: &str) -> Result<(), Diagnostic> {
    let fail = |key: &str, message: &str| {
        let (line, column) = spans.locate(&format!("images.{key}"));
        Diagnostic::new(Path::new(CONFIG_FILE), line, column, message).with_snippet_from(text)
    };
    if images.widths.is_empty() || images.widths.iter().any(|w| *w == 0 || *w > 8192) {
        return Err(fail("widths", "`images.widths` must list widths from 1 to 8192 pixels"));
    }
    if !(1..=100).contains(&images.quality) {
        return Err(fail("quality", "`images.quality` must be from 1 to 100"));
    }
    if images.max_bytes == 0 {
        return Err(fail("max_bytes", "`images.max_bytes` must be more than 0"));
    }
    Ok(())
}

/// Checks each `menu` entry names exactly one of `url` and `page`, and a name for a `url`.
fn menu_items(raw: Vec<RawMenuItem>, spans: &SpanIndex, text: &str) -> Result<Vec<MenuItem>, Diagnostic> {
    let path = Path::new(CONFIG_FILE);
    let mut items = Vec::with_capacity(raw.len());
    for (i, item) in raw.into_iter().enumerate() {
        let at = spans.locate(&format!("menu.{i}"));
        let fail = |message: &str, help: &str| {
            Diagnostic::new(path, at.0, at.1, message).with_snippet_from(text).with_help(help)
        };
        let target = match (item.url, item.page) {
            (Some(url), None) => MenuTarget::Url(url),
            (None, Some(page)) => MenuTarget::Page(page.trim_start_matches('/').to_string()),
            (Some(_), Some(_)) => {
                return Err(fail("a menu entry has both `url` and `page`", "keep one of them"));
            }
            (None, None) => {
                return Err(fail(
                    "a menu entry needs `url` or `page`",
                    "write `page: guide/_index.md` (a file under content/) or `url: https://...`",
                ));
            }
        };
        if item.name.is_none() && matches!(target, MenuTarget::Url(_)) {
            return Err(fail("a menu entry with a `url` needs a `name`", "add `name: ...`, the link text"));
        }
        items.push(MenuItem { name: item.name, target, at });
    }
    Ok(items)
}

/// Splits a base URL into its normalised absolute form and its path prefix.
///
/// `https://u.github.io/repo` gives `("https://u.github.io/repo/", "/repo/")`; a bare path such
/// as `/` or `/docs/` is accepted for local use and has no host.
pub(crate) fn split_base_url(input: &str) -> Result<(String, String), String> {
    let input = input.trim();
    let after_scheme = input.strip_prefix("https://").or_else(|| input.strip_prefix("http://"));
    let (origin, path) = match after_scheme {
        Some(rest) => {
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("base URL `{input}` has no host"));
            }
            let origin_len = input.len() - rest.len() + host_end;
            (&input[..origin_len], &input[origin_len..])
        }
        None if input.starts_with('/') => ("", input),
        None => return Err(format!("base URL `{input}` is neither an http(s) URL nor a path")),
    };
    if path.contains(['?', '#', ' ']) {
        return Err(format!("base URL `{input}` must not contain a query, fragment or space"));
    }
    let trimmed = path.trim_matches('/');
    let base_path = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
    Ok((format!("{origin}{base_path}"), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_split_and_normalised() {
        assert_eq!(
            split_base_url("https://u.github.io/rehab-guide").unwrap(),
            ("https://u.github.io/rehab-guide/".into(), "/rehab-guide/".into())
        );
        assert_eq!(split_base_url("https://example.org").unwrap().1, "/");
        assert_eq!(split_base_url("/").unwrap(), ("/".into(), "/".into()));
        assert!(split_base_url("example.org").is_err());
        assert!(split_base_url("https:///x").is_err());
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let text = "title: T\nbase_url: https://e.org/\ntheeme: default\n";
        let err = parse_config(text, None).unwrap_err();
        assert_eq!((err.path.to_str(), err.line, err.column), (Some("site.yaml"), 3, 1));
        assert_eq!(err.help.as_deref(), Some("did you mean `theme`?"));
    }

    #[test]
    fn override_wins_over_the_file() {
        let text = "title: T\nbase_url: https://e.org/\n";
        let config = parse_config(text, Some("https://u.github.io/repo/")).unwrap();
        assert_eq!(config.base_path, "/repo/");
        assert_eq!(config.default_unit, Unit::Kg);
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn menu_entries_are_checked() {
        let text = "title: T\nbase_url: /\nmenu:\n  - name: Guide\n    page: guide/_index.md\n  - name: X\n";
        let err = parse_config(text, None).unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (6, "a menu entry needs `url` or `page`"));
        let ok = parse_config(&text.replace("  - name: X\n", "  - {name: Src, url: https://e.org/}\n"), None);
        let menu = ok.unwrap().menu;
        assert_eq!(menu[0].target, MenuTarget::Page("guide/_index.md".into()));
        assert_eq!(menu[1].target, MenuTarget::Url("https://e.org/".into()));
    }

    #[test]
    fn bad_unit_is_an_error() {
        let text = "title: T\nbase_url: /\ndefault_unit: stone\n";
        let err = parse_config(text, None).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unknown variant `stone`"), "{}", err.message);
    }
}

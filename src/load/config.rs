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
///
/// Every independent problem is reported in one run: fields serde cannot read are found in
/// rounds (see [`yaml::parse_all`]), then each check below runs on what was read.
pub(crate) fn parse_config(
    text: &str,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = Path::new(CONFIG_FILE);
    let block = YamlBlock { text, first_line: 1 };
    let salvaged = yaml::parse_all::<RawConfig>(path, text, block);
    let mut problems = salvaged.problems;
    let Some(raw) = salvaged.value else { return Err(problems) };
    let spans = SpanIndex::new(block);
    let fail = |key: &str, message: String, help: &str| {
        let (line, column) = spans.locate(key);
        Diagnostic::new(path, line, column, message).with_snippet_from(text).with_help(help)
    };
    let base = base_url_override.unwrap_or(&raw.base_url);
    let split = split_base_url(base).map_err(|message| {
        fail("base_url", message, "write an absolute URL such as `https://USER.github.io/REPO/`, or `/`")
    });
    if let Some(cname) = raw.cname.as_ref().filter(|c| c.contains('/') || c.trim().is_empty()) {
        let message = format!("`cname` must be a bare domain, not `{cname}`");
        problems.push(fail("cname", message, "write only the host name, e.g. `guide.example.org`"));
    }
    let menu = menu_items(raw.menu, &spans, text, &mut problems);
    let taxonomies = taxonomies(raw.taxonomies, &spans, text, &mut problems);
    check_images(&raw.images, &spans, text, &mut problems);
    let (base_url, base_path) = match split {
        Ok(split) if problems.is_empty() => split,
        bad => {
            problems.extend(bad.err());
            problems.sort_by_key(|d| (d.line, d.column));
            return Err(problems);
        }
    };
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

/// The declared taxonomies whose name is a URL segment (`tags`, `body-part`), declared once;
/// each other entry is a problem.
fn taxonomies(
    raw: Vec<RawTaxonomy>,
    spans: &SpanIndex,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyConfig> {
    let mut declared: Vec<TaxonomyConfig> = Vec::with_capacity(raw.len());
    for (i, taxonomy) in raw.into_iter().enumerate() {
        let at = spans.locate(&format!("taxonomies.{i}.name"));
        let fail = |message: String, help: &str| {
            Diagnostic::new(CONFIG_FILE, at.0, at.1, message).with_snippet_from(text).with_help(help)
        };
        let name = taxonomy.name;
        let segment = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        let problem = if !segment {
            Some(fail(
                format!("taxonomy name `{name}` is not a URL segment"),
                "use lowercase letters, digits and `-`, e.g. `tags` or `body-part`",
            ))
        } else if declared.iter().any(|t| t.name == name) {
            Some(fail(format!("taxonomy `{name}` is declared twice"), "keep one of them"))
        } else if taxonomy.paginate_by == Some(0) {
            Some(fail("`paginate_by` must be at least 1".into(), "leave it out to list every page on one"))
        } else {
            None
        };
        match problem {
            Some(problem) => problems.push(problem),
            None => declared.push(TaxonomyConfig { name, paginate_by: taxonomy.paginate_by, at }),
        }
    }
    declared
}

/// Checks the `images:` block's widths are positive and its quality is 1 to 100, a problem per
/// bad key.
fn check_images(images: &ImageConfig, spans: &SpanIndex, text: &str, problems: &mut Vec<Diagnostic>) {
    let fail = |key: &str, message: &str| {
        let (line, column) = spans.locate(&format!("images.{key}"));
        Diagnostic::new(Path::new(CONFIG_FILE), line, column, message).with_snippet_from(text)
    };
    if images.widths.is_empty() || images.widths.iter().any(|w| *w == 0 || *w > 8192) {
        problems.push(fail("widths", "`images.widths` must list widths from 1 to 8192 pixels"));
    }
    if !(1..=100).contains(&images.quality) {
        problems.push(fail("quality", "`images.quality` must be from 1 to 100"));
    }
    if images.max_bytes == 0 {
        problems.push(fail("max_bytes", "`images.max_bytes` must be more than 0"));
    }
}

/// The `menu` entries that name exactly one of `url` and `page`, and a name for a `url`; each
/// other entry is a problem.
fn menu_items(
    raw: Vec<RawMenuItem>,
    spans: &SpanIndex,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<MenuItem> {
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
                problems.push(fail("a menu entry has both `url` and `page`", "keep one of them"));
                continue;
            }
            (None, None) => {
                problems.push(fail(
                    "a menu entry needs `url` or `page`",
                    "write `page: guide/_index.md` (a file under content/) or `url: https://...`",
                ));
                continue;
            }
        };
        if item.name.is_none() && matches!(target, MenuTarget::Url(_)) {
            problems.push(fail("a menu entry with a `url` needs a `name`", "add `name: ...`, the link text"));
            continue;
        }
        items.push(MenuItem { name: item.name, target, at });
    }
    items
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
        let err = &parse_config(text, None).unwrap_err()[0];
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
        let err = &parse_config(text, None).unwrap_err()[0];
        assert_eq!((err.line, err.message.as_str()), (6, "a menu entry needs `url` or `page`"));
        let ok = parse_config(&text.replace("  - name: X\n", "  - {name: Src, url: https://e.org/}\n"), None);
        let menu = ok.unwrap().menu;
        assert_eq!(menu[0].target, MenuTarget::Page("guide/_index.md".into()));
        assert_eq!(menu[1].target, MenuTarget::Url("https://e.org/".into()));
    }

    #[test]
    fn bad_unit_is_an_error() {
        let text = "title: T\nbase_url: /\ndefault_unit: stone\n";
        let err = &parse_config(text, None).unwrap_err()[0];
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unknown variant `stone`"), "{}", err.message);
    }

    #[test]
    fn every_independent_problem_is_reported_in_one_run() {
        let text = "title: T\nbase_url: example.org\ntheeme: default\nsocial_cards: maybe\n\
                    cname: https://e.org/x\nmenu:\n  - name: X\n  - {name: Y, url: /y/, page: y.md}\n\
                    taxonomies:\n  - name: Tags\n  - name: tags\n  - name: tags\n\
                    images:\n  quality: 0\n";
        let problems = parse_config(text, None).unwrap_err();
        let found: Vec<(usize, &str)> = problems.iter().map(|d| (d.line, d.message.as_str())).collect();
        let lines: Vec<usize> = found.iter().map(|f| f.0).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7, 8, 10, 12, 14], "{found:#?}");
        assert!(found[0].1.contains("neither an http(s) URL nor a path"), "{found:#?}");
        assert!(found[6].1.contains("not a URL segment") && found[7].1.contains("declared twice"));
    }
}

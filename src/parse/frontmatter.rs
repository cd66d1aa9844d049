//! Front matter: the YAML block between `---` lines at the top of every markdown page.
//!
//! [`split_front_matter`] finds the block and the body without copying, remembering the line the
//! YAML starts on so that errors point at the right line of the whole file; [`FrontMatter`] is
//! the strict schema.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{FrontMatter, Review, TextFile};
use crate::yaml::{self, SpanIndex, YamlBlock};
use serde::Deserialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::Path;

/// The keys a page may set, as written: parsed strictly (an unknown key is an error), dates
/// still text until [`check_front_matter`] makes them dates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    /// The page title (required).
    title: String,
    /// A short title for navigation and breadcrumbs (defaults to `title`).
    #[serde(default)]
    link_title: Option<String>,
    /// One sentence for search results and link previews.
    #[serde(default)]
    description: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    date: Option<String>,
    /// Date of the last substantial update, `YYYY-MM-DD`.
    #[serde(default)]
    updated: Option<String>,
    /// Position among siblings; lower comes first, pages without a weight come last.
    #[serde(default)]
    weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    draft: bool,
    /// A template to use instead of the default for the page's kind.
    #[serde(default)]
    template: Option<String>,
    /// Old URL paths that should redirect to this page.
    #[serde(default)]
    aliases: Vec<String>,
    /// For a section: list this many pages per listing page (`section/page/2/` and on).
    #[serde(default)]
    paginate_by: Option<usize>,
    /// Whether to show the table of contents (default: shown when the page has 3+ headings).
    #[serde(default)]
    toc: Option<bool>,
    /// Who last reviewed the page and when; shown on the page and aged by `hinge check`.
    #[serde(default)]
    reviewed: Option<RawReview>,
    /// The editor's own fields, any YAML, for templates (`page.extra.NAME`).
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A page's last review: `reviewed: {by: ..., on: YYYY-MM-DD}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    /// Who reviewed it, as shown to readers.
    by: String,
    /// When, `YYYY-MM-DD`.
    on: String,
}

/// The keys of [`RawFrontMatter`]: a taxonomy may not take one of these names.
pub(crate) const FRONT_MATTER_KEYS: [&str; 14] = [
    "title",
    "link_title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "template",
    "aliases",
    "paginate_by",
    "toc",
    "reviewed",
    "extra",
    "taxonomies",
];

/// Reads the front matter of `text` (the page file at `display`) and checks it: every problem
/// found is located at its key; the body starts at the returned offset. A key named like one of
/// `taxonomies` (declared in `site.yaml`) lists that taxonomy's terms. The fields are checked
/// independently: an unknown key does not hide a bad date, and a page whose front matter can be
/// salvaged (everything but the bad keys reads) is returned with its problems, so that its body
/// is still checked; `None` when even that fails (no title, broken YAML).
pub(crate) fn read_front_matter(
    display: &Path,
    text: &str,
    templates: &BTreeMap<String, TextFile>,
    taxonomies: &[String],
) -> (Option<(FrontMatter, usize)>, Vec<Diagnostic>) {
    let split = match split_front_matter(display, text) {
        Ok(split) => split,
        Err(problem) => return (None, vec![problem]),
    };
    let (fields, terms) = split_taxonomy_keys(split.yaml.text, taxonomies);
    let block = |text| YamlBlock { text, first_line: split.yaml.first_line };
    let raw = yaml::parse_all::<RawFrontMatter>(display, text, block(&fields));
    let mut problems: Vec<Diagnostic> =
        raw.problems.into_iter().map(|d| undeclared_taxonomy(d, taxonomies)).collect();
    // Most pages have no taxonomy keys: nothing to read then.
    let terms = if terms.trim().is_empty() {
        Some(BTreeMap::new())
    } else {
        let read = yaml::parse_all::<BTreeMap<String, Vec<String>>>(display, text, block(&terms));
        problems.extend(read.problems);
        read.value
    };
    let (Some(raw), Some(terms)) = (raw.value, terms) else { return (None, problems) };
    let mut check = FieldCheck { display, text, yaml: split.yaml, spans: OnceCell::new(), problems };
    let meta = check.fields(raw, terms, templates);
    (Some((meta, split.body_offset)), check.problems)
}

/// The checks of front-matter values that serde cannot make, each located at its key.
struct FieldCheck<'a> {
    display: &'a Path,
    text: &'a str,
    yaml: YamlBlock<'a>,
    /// Where each value is, read only to locate a problem (most pages have none).
    spans: OnceCell<SpanIndex>,
    problems: Vec<Diagnostic>,
}

impl FieldCheck<'_> {
    /// Records a problem at the key (or, for a dotted path, the value) at `path`.
    fn locate(&mut self, path: &str, message: String, help: &str) {
        let yaml = self.yaml;
        let spans = self.spans.get_or_init(|| SpanIndex::new(yaml));
        let (line, column) = if path.contains('.') { spans.locate(path) } else { spans.locate_key(path) };
        let d = Diagnostic::new(self.display, line, column, message).with_snippet_from(self.text);
        self.problems.push(if help.is_empty() { d } else { d.with_help(help) });
    }

    /// A date value checked; `None` (and a problem) when it is not a date.
    fn date(&mut self, path: &str, value: Option<&str>) -> Option<time::Date> {
        const DATE_HELP: &str = "write the date as YYYY-MM-DD, e.g. 2026-11-21";
        match value.map(parse_date) {
            Some(Err(message)) => {
                self.locate(path, format!("`{path}`: {message}"), DATE_HELP);
                None
            }
            other => other.and_then(Result::ok),
        }
    }

    /// Checks every field of `raw` and `terms` and returns the typed front matter; a value that
    /// fails its check is left out (a bad date is no date, an unknown template the default).
    fn fields(
        &mut self,
        mut raw: RawFrontMatter,
        terms: BTreeMap<String, Vec<String>>,
        templates: &BTreeMap<String, TextFile>,
    ) -> FrontMatter {
        let (date, updated) =
            (self.date("date", raw.date.as_deref()), self.date("updated", raw.updated.as_deref()));
        let on = raw.reviewed.as_ref().and_then(|r| self.date("reviewed.on", Some(&r.on)));
        if raw.reviewed.as_ref().is_some_and(|r| r.by.trim().is_empty()) {
            self.locate("reviewed", "`reviewed.by` is empty".into(), "name who reviewed the page");
        }
        if raw.title.trim().is_empty() {
            self.locate("title", "`title` is empty".into(), "give the page a title");
        }
        if let Some(template) = raw.template.clone().filter(|t| !templates.contains_key(t)) {
            let help = did_you_mean(&template, templates.keys().map(String::as_str))
                .map(|t| format!("did you mean `{t}`?"))
                .unwrap_or_else(|| {
                    "name a file in the theme's `templates/` or the site's `templates/`".into()
                });
            self.locate("template", format!("template `{template}` does not exist"), &help);
            raw.template = None;
        }
        for (name, list) in &terms {
            if let Some(i) = list.iter().position(|t| t.trim().is_empty()) {
                let message = format!("an empty term in `{name}`");
                self.locate(&format!("{name}.{i}"), message, "write the term, or remove it");
            }
        }
        let reviewed = raw.reviewed.as_ref().zip(on).map(|(r, on)| Review { by: r.by.clone(), on });
        let terms = terms
            .into_iter()
            .map(|(name, list)| (name, list.into_iter().filter(|t| !t.trim().is_empty()).collect()));
        typed(raw, (date, updated), reviewed, terms.collect())
    }
}

/// The checked front matter from its raw fields and the values already checked.
fn typed(
    raw: RawFrontMatter,
    (date, updated): (Option<time::Date>, Option<time::Date>),
    reviewed: Option<Review>,
    taxonomies: BTreeMap<String, Vec<String>>,
) -> FrontMatter {
    FrontMatter {
        title: raw.title,
        link_title: raw.link_title,
        description: raw.description,
        date,
        updated,
        weight: raw.weight,
        draft: raw.draft,
        template: raw.template,
        aliases: raw.aliases,
        paginate_by: raw.paginate_by,
        toc: raw.toc,
        reviewed,
        extra: raw.extra,
        taxonomies,
    }
}

/// An unknown front-matter key close to a declared taxonomy's name is a misspelt taxonomy; with
/// taxonomies declared, the help names them too.
fn undeclared_taxonomy(mut diagnostic: Diagnostic, taxonomies: &[String]) -> Diagnostic {
    let Some(key) = diagnostic.message.strip_prefix("unknown field `").and_then(|r| r.split('`').next())
    else {
        return diagnostic;
    };
    if taxonomies.is_empty() {
        return diagnostic;
    }
    let key = key.to_string();
    let declared = taxonomies.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
    let fields = FRONT_MATTER_KEYS.iter().copied().filter(|k| *k != "taxonomies");
    let close = did_you_mean(&key, fields.chain(taxonomies.iter().map(String::as_str)));
    if let Some(name) = close.filter(|c| taxonomies.iter().any(|t| t == c)) {
        diagnostic.message = format!("`{key}` is not a taxonomy of this site");
        diagnostic.help = Some(format!("did you mean `{name}`? (site.yaml declares {declared})"));
    } else if close.is_none() {
        diagnostic.help = Some(format!(
            "{}; or a taxonomy: site.yaml declares {declared}",
            diagnostic.help.take().unwrap_or_default()
        ));
    }
    diagnostic
}

/// Splits front-matter YAML into two texts with the same lines: the keys that name one of
/// `taxonomies` (with their indented, `- ` or comment lines), and everything else. Each leaves
/// the other's lines empty, so both keep the file's line and column numbers.
fn split_taxonomy_keys(yaml: &str, taxonomies: &[String]) -> (String, String) {
    let mut fields = String::with_capacity(yaml.len());
    let mut terms = String::new();
    let mut in_terms = false;
    for line in yaml.split_inclusive('\n') {
        let continues = line.trim().is_empty() || line.starts_with([' ', '\t', '-', '#']);
        if !continues {
            let key = line.split_once(':').map_or("", |(key, _)| key.trim());
            in_terms = taxonomies.iter().any(|t| t == key);
        }
        let (to, other) = if in_terms { (&mut terms, &mut fields) } else { (&mut fields, &mut terms) };
        to.push_str(line);
        if line.ends_with('\n') {
            other.push('\n');
        }
    }
    (fields, terms)
}

/// The two parts of a page file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SplitPage<'a> {
    /// The YAML block.
    pub(crate) yaml: YamlBlock<'a>,
    /// Byte offset of the markdown body in the file.
    pub(crate) body_offset: usize,
}

/// Finds the front matter block at the top of `text` (after an optional byte-order mark).
pub(crate) fn split_front_matter<'a>(display: &Path, text: &'a str) -> Result<SplitPage<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::new(display, 1, 1, "missing front matter")
            .with_snippet_from(text)
            .with_help("start the file with a `---` line, then `title: ...`, then another `---` line"));
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(SplitPage {
                yaml: YamlBlock { text: &text[yaml_start..offset], first_line: 2 },
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(display, 1, 1, "front matter is not closed")
        .with_snippet_from(text)
        .with_help("end the front matter with a line holding only `---`"))
}

/// The (line, column) of the value at `path` (`aliases.2`, `reviewed.on`) in the front matter of
/// `text`; the top of the file when the front matter cannot be read.
pub(crate) fn locate_in_front_matter(display: &Path, text: &str, path: &str) -> (usize, usize) {
    split_front_matter(display, text).map(|split| SpanIndex::new(split.yaml).locate(path)).unwrap_or((1, 1))
}

/// Parses a date written `YYYY-MM-DD`, optionally followed by an RFC 3339 time of day
/// (`T10:00:00Z`, `T10:00+01:00`), which is checked and then dropped.
pub(crate) fn parse_date(value: &str) -> Result<time::Date, String> {
    let (day, time) = value.split_at(value.len().min(10));
    let date =
        parse_calendar_date(day).map_err(|m| m.replacen(&format!("`{day}`"), &format!("`{value}`"), 1))?;
    if time.is_empty() || time_of_day_ok(time) {
        Ok(date)
    } else {
        Err(format!("`{value}` is not a date in the form YYYY-MM-DD"))
    }
}

/// `Thh:mm`, `Thh:mm:ss` or `Thh:mm:ss.fff`, then an optional `Z` or `±hh:mm`.
fn time_of_day_ok(time: &str) -> bool {
    let Some(rest) = time.strip_prefix('T') else { return false };
    let (clock, zone) = match rest.find(['Z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let two = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|n| n <= max);
    let mut parts = clock.split(':');
    let (h, m, s) = (parts.next(), parts.next(), parts.next());
    let seconds_ok = s.is_none_or(|s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        two(whole, 60) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    let zone_ok = match zone.split_at(zone.len().min(1)) {
        ("", "") | ("Z", "") => true,
        ("+" | "-", offset) => offset.split_once(':').is_some_and(|(h, m)| two(h, 23) && two(m, 59)),
        _ => false,
    };
    parts.next().is_none()
        && h.is_some_and(|h| two(h, 23))
        && m.is_some_and(|m| two(m, 59))
        && seconds_ok
        && zone_ok
}

/// Parses a calendar date written `YYYY-MM-DD`, rejecting days a month does not have.
pub(crate) fn parse_calendar_date(value: &str) -> Result<time::Date, String> {
    let invalid = || format!("`{value}` is not a date in the form YYYY-MM-DD");
    let bytes = value.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<i32>().map_err(|_| invalid());
    let month = time::Month::try_from(number(5..7)? as u8)
        .map_err(|_| format!("`{value}` has no month {}", &value[5..7]))?;
    time::Date::from_calendar_date(number(0..4)?, month, number(8..10)? as u8)
        .map_err(|_| format!("`{value}` is not a day of the calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_checked_and_a_salvaged_page_is_kept() {
        let text = "---\ntitle: T\ndescripton: x\ndate: 21/11/2026\ntemplate: nope.html\ntags: [a, \"\"]\n---\nBody\n";
        let (page, problems) = read_front_matter(Path::new("a.md"), text, &BTreeMap::new(), &["tags".into()]);
        let found: Vec<(usize, &str)> = problems.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].1.starts_with("unknown field `descripton`") && found[0].0 == 3, "{found:?}");
        assert!(found.iter().any(|(line, m)| *line == 4 && m.contains("not a date")), "{found:?}");
        assert!(found.iter().any(|(line, m)| *line == 5 && m.contains("does not exist")), "{found:?}");
        assert!(found.iter().any(|(line, m)| *line == 6 && m.contains("empty term")), "{found:?}");
        let (meta, offset) = page.expect("the rest of the front matter reads");
        assert_eq!((meta.title.as_str(), meta.date, meta.template), ("T", None, None));
        assert_eq!(meta.taxonomies["tags"], ["a"]);
        assert_eq!(&text[offset..], "Body\n");
        let (page, problems) =
            read_front_matter(Path::new("a.md"), "---\nweight: 1\n---\n", &BTreeMap::new(), &[]);
        assert!(page.is_none() && problems.len() == 1, "no title: nothing to salvage, one error");
    }

    #[test]
    fn taxonomy_keys_are_split_off_keeping_their_lines() {
        let yaml = "title: T\ntags:\n  - a\n# note\n- b\nweight: 2\ngear: [x]\n";
        let (fields, terms) = split_taxonomy_keys(yaml, &["tags".into(), "gear".into()]);
        assert_eq!(fields, "title: T\n\n\n\n\nweight: 2\n\n");
        assert_eq!(terms, "\ntags:\n  - a\n# note\n- b\n\ngear: [x]\n");
    }

    #[test]
    fn splits_block_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(split.yaml.text, "title: A\n");
        assert_eq!(split.yaml.first_line, 2);
        assert_eq!(&text[split.body_offset..], "# Body\n");
    }

    #[test]
    fn handles_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        let split = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(split.yaml.text, "title: A\r\n");
        assert_eq!(&text[split.body_offset..], "body");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        assert!(split_front_matter(Path::new("a.md"), "# no\n").unwrap_err().message.contains("missing"));
        assert!(
            split_front_matter(Path::new("a.md"), "---\ntitle: a\n")
                .unwrap_err()
                .message
                .contains("not closed")
        );
    }

    #[test]
    fn calendar_dates_are_real_days() {
        assert_eq!(parse_calendar_date("2026-12-01").unwrap().to_string(), "2026-12-01");
        assert!(parse_calendar_date("2024-02-29").is_ok());
        assert!(parse_calendar_date("2026-02-31").unwrap_err().contains("not a day"));
        assert!(parse_calendar_date("2026-13-01").unwrap_err().contains("no month"));
        assert!(parse_calendar_date("2026-12-01 noon").is_err());
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2026-11-21").unwrap().to_string(), "2026-11-21");
        assert_eq!(parse_date("2026-11-21T10:00:00Z").unwrap().to_string(), "2026-11-21");
        assert!(parse_date("2026-11-21T10:00+01:00").is_ok());
        assert!(parse_date("2026-11-21T10:00:00.250-05:00").is_ok());
        assert!(parse_date("21/11/2026").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("2026-02-31 sometime").is_err(), "not a day, and not a time either");
        assert!(parse_date("2026-11-21 sometime").is_err());
        assert!(parse_date("2026-11-21T25:00").is_err());
        assert!(parse_date("2026-11-21T10:00<b>").is_err());
    }
}

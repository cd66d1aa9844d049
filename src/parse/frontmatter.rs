//! Front matter: the YAML block between `---` lines at the top of every markdown page.
//!
//! [`split_front_matter`] finds the block and the body without copying, remembering the line the
//! YAML starts on so that errors point at the right line of the whole file; [`FrontMatter`] is
//! the strict schema.

use crate::diagnostic::Diagnostic;
use crate::yaml::YamlBlock;
use std::path::Path;

/// The two parts of a page file.
#[derive(Debug, Clone, Copy)]
pub struct SplitPage<'a> {
    /// The YAML block.
    pub yaml: YamlBlock<'a>,
    /// Byte offset of the markdown body in the file.
    pub body_offset: usize,
}

/// Finds the front matter block at the top of `text` (after an optional byte-order mark).
pub fn split_front_matter<'a>(display: &Path, text: &'a str) -> Result<SplitPage<'a>, Diagnostic> {
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

/// Checks that a date is `YYYY-MM-DD` (optionally followed by a time), naming the key if not.
pub fn validate_date(value: &str) -> Result<(), String> {
    let date = value.get(..10).unwrap_or(value);
    let bytes = date.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(format!("`{value}` is not a date in the form YYYY-MM-DD"));
    }
    let month: u32 = date[5..7].parse().unwrap_or(0);
    let day: u32 = date[8..10].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(format!("`{value}` is not a valid date"));
    }
    Ok(())
}

/// Parses a calendar date written `YYYY-MM-DD`, rejecting days a month does not have.
pub fn parse_calendar_date(value: &str) -> Result<time::Date, String> {
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
        assert!(validate_date("2026-11-21").is_ok());
        assert!(validate_date("2026-11-21T10:00:00Z").is_ok());
        assert!(validate_date("21/11/2026").is_err());
        assert!(validate_date("2026-13-01").is_err());
    }
}

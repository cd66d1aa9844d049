//! The one place hinge parses YAML.
//!
//! Front matter, `site.yaml` and the data files all go through [`parse`], which turns the YAML
//! crate's errors into [`Diagnostic`]s located in the whole file (not the YAML block) and adds a
//! "did you mean" for unknown keys and values. Swapping the YAML crate means editing this file only.

use crate::diagnostic::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A YAML block inside a larger file: its text and where it starts in that file.
#[derive(Debug, Clone, Copy)]
pub struct YamlBlock<'a> {
    /// The YAML text alone.
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

/// Deserializes `block` into `T`, reporting errors against `file_text`, the whole file at `path`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    block: YamlBlock<'_>,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so a missing required key is reported as such.
    let text = if block.text.trim().is_empty() { "{}" } else { block.text };
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(path, file_text, block, &err))
}

fn to_diagnostic(path: &Path, file_text: &str, block: YamlBlock<'_>, err: &serde_yaml::Error) -> Diagnostic {
    let (line, column) =
        err.location().map_or((block.first_line, 1), |loc| (block.first_line + loc.line() - 1, loc.column()));
    let message = rebase_locations(&err.to_string(), block.first_line);
    let help = suggestion(&message);
    Diagnostic::new(path, line, column, message).with_snippet_from(file_text).with_optional_help(help)
}

/// serde_yaml writes " at line L column C" after its messages, counted in the YAML block: the
/// first (the error's own location, which hinge prints itself) is dropped, later ones (such as
/// "while scanning a quoted scalar at line 2 column 14") are re-counted from the top of the file.
fn rebase_locations(message: &str, first_line: usize) -> String {
    const MARK: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let line: usize = after[..digits].parse().unwrap_or(0);
        let tail = &after[digits..];
        let column_len = tail
            .strip_prefix(" column ")
            .map_or(0, |c| " column ".len() + c.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(c.len()));
        if !first {
            out.push_str(&format!("{MARK}{}{}", line + first_line - 1, &tail[..column_len]));
        }
        first = false;
        rest = &tail[column_len..];
    }
    out.push_str(rest);
    out
}

/// For "unknown field `x`, expected one of `a`, `b`", suggests the closest expected name.
fn suggestion(message: &str) -> Option<String> {
    let rest =
        message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !candidates.is_empty() => Some(format!(
            "expected one of: {}",
            candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        weight: Option<i64>,
    }

    fn parse_doc(file: &str, first_line: usize, yaml: &str) -> Result<Doc, Diagnostic> {
        parse(Path::new("f.md"), file, YamlBlock { text: yaml, first_line })
    }

    #[test]
    fn unknown_key_is_located_in_the_file_with_a_suggestion() {
        let file = "---\ntitle: A\ntitel: B\n---\n";
        let err = parse_doc(file, 2, "title: A\ntitel: B\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.starts_with("unknown field `titel`"), "{}", err.message);
        assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(err.snippet.as_deref(), Some("titel: B"));
    }

    #[test]
    fn wrong_type_is_located() {
        let file = "---\ntitle: A\nweight: heavy\n---\n";
        let err = parse_doc(file, 2, "title: A\nweight: heavy\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }

    #[test]
    fn empty_block_reports_the_missing_key() {
        let err = parse_doc("---\n---\n", 2, "").unwrap_err();
        assert!(err.message.contains("missing field `title`"), "{}", err.message);
    }

    #[test]
    fn nested_locations_are_recounted_from_the_top_of_the_file() {
        let message = "found end at line 3 column 1, while scanning a quoted scalar at line 2 column 14";
        assert_eq!(rebase_locations(message, 2), "found end, while scanning a quoted scalar at line 3 column 14");
    }

    #[test]
    fn broken_syntax_is_located() {
        let file = "---\ntitle: [oops\n---\n";
        let err = parse_doc(file, 2, "title: [oops\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }
}

//! The one place hinge parses YAML.
//!
//! Front matter, `site.yaml` and the data files all go through [`parse`], which turns the YAML
//! crate's errors into [`Diagnostic`]s located in the whole file (not the YAML block) and adds a
//! "did you mean" for unknown keys and values; [`parse_all`] reads a document in rounds, so that
//! every independent error of a file is reported at once (`yaml/salvage.rs`). Swapping the YAML
//! crate means editing this module only.

use crate::diagnostic::{Diagnostic, did_you_mean};
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

mod salvage;

pub(crate) use salvage::{Removed, parse_all};

/// How deep mappings and sequences may nest in one YAML document.
pub(crate) const MAX_YAML_DEPTH: usize = 32;

/// Checks, in one linear pass over the parser's events, what serde would accept but hinge must
/// not: nesting deeper than [`MAX_YAML_DEPTH`] (work and stack grow with it) and numbers that are
/// not finite (`.nan`, `.inf`, `1e999`), which would publish "NaN" or `null`. Located at the value.
fn guard(path: &Path, file_text: &str, block: YamlBlock<'_>) -> Result<(), Diagnostic> {
    let mut check = Guard { depth: 0, problem: None };
    let _ = Parser::new_from_str(block.text).load(&mut check, false);
    match check.problem {
        Some((mark, message, help)) => {
            let (line, column) = (mark.line() + block.first_line - 1, mark.col() + 1);
            Err(Diagnostic::new(path, line, column, message).with_snippet_from(file_text).with_help(help))
        }
        None => Ok(()),
    }
}

/// The state of [`guard`]'s pass: the current depth and the first problem.
struct Guard {
    depth: usize,
    problem: Option<(Marker, String, &'static str)>,
}

impl MarkedEventReceiver for Guard {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.problem.is_some() {
            return;
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                self.depth += 1;
                if self.depth > MAX_YAML_DEPTH {
                    let message = format!("YAML nested more than {MAX_YAML_DEPTH} levels deep");
                    self.problem = Some((mark, message, "flatten the data: hinge stops here"));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            Event::Scalar(value, TScalarStyle::Plain, ..) if !is_finite_number(&value) => {
                let message = format!("`{value}` is not a finite number");
                self.problem = Some((mark, message, "write a number such as `5` or `2.5`"));
            }
            _ => {}
        }
    }
}

/// False for a plain scalar that YAML or serde would read as NaN or an infinity (`.nan`,
/// `-.Inf`, `nan`, `inf`, or digits out of `f64`'s range such as `1e999`); true otherwise.
pub(crate) fn is_finite_number(scalar: &str) -> bool {
    let unsigned = scalar.strip_prefix(['+', '-']).unwrap_or(scalar);
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), ".nan" | ".inf" | "nan" | "inf" | "infinity") {
        return false;
    }
    let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    !(numeric && scalar.parse::<f64>().is_ok_and(|n| !n.is_finite()))
}

/// A YAML block inside a larger file: its text and where it starts in that file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlBlock<'a> {
    /// The YAML text alone.
    pub(crate) text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub(crate) first_line: usize,
}

/// A whole YAML document as a plain value (for `load_data`); the error names line and column.
pub(crate) fn parse_value(text: &str) -> Result<serde_json::Value, String> {
    serde_yaml::from_str(text).map_err(|e| format!("not valid YAML: {e}"))
}

/// Where each value of a YAML document starts, by path (`stages.2.exercises.0`), so that checks
/// made after deserializing (unknown ids, unordered ranges) can point at the exact line.
#[derive(Debug, Default, Clone)]
pub(crate) struct SpanIndex {
    spans: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

impl SpanIndex {
    /// Indexes the values of `block`; an unparsable document gives an empty index.
    pub(crate) fn new(block: YamlBlock<'_>) -> Self {
        let mut builder = SpanBuilder { first_line: block.first_line, ..SpanBuilder::default() };
        let mut parser = Parser::new_from_str(block.text);
        let _ = parser.load(&mut builder, false);
        SpanIndex { spans: builder.spans, keys: builder.keys }
    }

    /// The (line, column) of the key that names the value at `path`, else as `locate`.
    pub(crate) fn locate_key(&self, path: &str) -> (usize, usize) {
        self.keys.get(path).copied().unwrap_or_else(|| self.locate(path))
    }

    /// The (line, column) of the value at `path`, or of its nearest recorded ancestor.
    pub(crate) fn locate(&self, path: &str) -> (usize, usize) {
        let mut current = path;
        loop {
            if let Some(&at) = self.spans.get(current) {
                return at;
            }
            match current.rfind('.') {
                Some(i) => current = &current[..i],
                None => return self.spans.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

/// Follows the parser's events, keeping the path of the value being read.
#[derive(Default)]
struct SpanBuilder {
    first_line: usize,
    stack: Vec<Frame>,
    spans: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

impl SpanBuilder {
    /// The path of the value about to be read, advancing the enclosing container.
    fn next_value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                Some(p)
            }
            Some(Frame::Mapping { path, key }) => key.take().map(|k| join(path, &k)),
        }
    }

    fn record(&mut self, path: &str, mark: Marker) {
        self.spans.entry(path.to_string()).or_insert((mark.line() + self.first_line - 1, mark.col() + 1));
    }
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() { part.to_string() } else { format!("{path}.{part}") }
}

impl MarkedEventReceiver for SpanBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping { path, key }) = self.stack.last_mut()
                    && key.is_none()
                {
                    let key_path = join(path, &value);
                    *key = Some(value);
                    self.keys.insert(key_path.clone(), (mark.line() + self.first_line - 1, mark.col() + 1));
                    self.record(&key_path, mark);
                    return;
                }
                if let Some(path) = self.next_value_path() {
                    self.spans.insert(path, (mark.line() + self.first_line - 1, mark.col() + 1));
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.next_value_path().unwrap_or_default();
                self.record(&path, mark);
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Mapping { path, key: None }
                } else {
                    Frame::Sequence { path, next: 0 }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
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
    let start = message.find("unknown field `").or_else(|| message.find("unknown variant `"))?;
    let rest = &message[start..];
    let rest = rest.strip_prefix("unknown field `").or_else(|| rest.strip_prefix("unknown variant `"))?;
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

    /// The document read in rounds, or its first problem.
    fn parse_doc(file: &str, first_line: usize, yaml: &str) -> Result<Doc, Diagnostic> {
        let salvaged = parse_all(Path::new("f.md"), file, YamlBlock { text: yaml, first_line });
        match (salvaged.value, salvaged.problems.into_iter().next()) {
            (Some(doc), None) => Ok(doc),
            (_, first) => Err(first.expect("no value comes with a problem")),
        }
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
    fn span_index_points_at_values_by_path() {
        let text = "title: T\nstages:\n  - id: a\n    exercises: [x, y]\n  - id: b\n";
        let spans = SpanIndex::new(YamlBlock { text, first_line: 1 });
        assert_eq!(spans.locate("title"), (1, 8));
        assert_eq!(spans.locate_key("title"), (1, 1));
        assert_eq!(spans.locate_key("stages.1.id"), (5, 5));
        assert_eq!(spans.locate("stages.0.exercises.1"), (4, 20));
        assert_eq!(spans.locate("stages.1.id"), (5, 9));
        assert_eq!(spans.locate("stages.1.nothing"), spans.locate("stages.1"), "falls back to the parent");
        let shifted = SpanIndex::new(YamlBlock { text, first_line: 3 });
        assert_eq!(shifted.locate("title"), (3, 8));
    }

    #[test]
    fn nested_locations_are_recounted_from_the_top_of_the_file() {
        let message = "found end at line 3 column 1, while scanning a quoted scalar at line 2 column 14";
        assert_eq!(
            rebase_locations(message, 2),
            "found end, while scanning a quoted scalar at line 3 column 14"
        );
    }

    #[test]
    fn non_finite_numbers_and_deep_nesting_are_located() {
        for bad in [".nan", ".inf", "-.Inf", "1e999", "NaN"] {
            let file = format!("---\ntitle: A\nweight: {bad}\n---\n");
            let err = parse_doc(&file, 2, &format!("title: A\nweight: {bad}\n")).unwrap_err();
            assert_eq!((err.line, err.column), (3, 9), "{bad}: {err:?}");
            assert!(err.message.contains("not a finite number"), "{}", err.message);
        }
        assert!(is_finite_number("2.5") && is_finite_number("Nancy") && is_finite_number("1e308"));
        let deep = format!("title: {}1{}\n", "[".repeat(40), "]".repeat(40));
        let err = parse_doc(&deep, 1, &deep).unwrap_err();
        assert_eq!((err.line, err.column), (1, 7 + MAX_YAML_DEPTH), "the document is the first level");
        assert!(err.message.contains("nested more than"), "{}", err.message);
    }

    #[test]
    fn broken_syntax_is_located() {
        let file = "---\ntitle: [oops\n---\n";
        let err = parse_doc(file, 2, "title: [oops\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }
}

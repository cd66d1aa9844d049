//! The one place hinge parses YAML.
//!
//! Front matter, `site.yaml` and the data files all go through [`parse`], which turns the YAML
//! crate's errors into [`Diagnostic`]s located in the whole file (not the YAML block) and adds a
//! "did you mean" for unknown keys and values. Swapping the YAML crate means editing this file only.

use crate::diagnostic::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML block inside a larger file: its text and where it starts in that file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlBlock<'a> {
    /// The YAML text alone.
    pub(crate) text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub(crate) first_line: usize,
}

/// Deserializes `block` into `T`, reporting errors against `file_text`, the whole file at `path`.
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    block: YamlBlock<'_>,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so a missing required key is reported as such.
    let text = if block.text.trim().is_empty() { "{}" } else { block.text };
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(path, file_text, block, &err))
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
    fn broken_syntax_is_located() {
        let file = "---\ntitle: [oops\n---\n";
        let err = parse_doc(file, 2, "title: [oops\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }
}

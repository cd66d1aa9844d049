//! Reading a YAML document in rounds, so that one run reports every independent error of a file.
//!
//! serde stops at the first value it cannot read. [`parse_all`] records that error, blanks the
//! offending entry out of the text (a space in place of each of its characters, so every line
//! and column stays where it was) and reads the document again, until it reads or the error is
//! at its root. Removing a wrongly typed value can leave its mapping without a required field:
//! that consequence is not reported, and the mapping's own entry is removed next, up to the
//! nearest list item or optional field. What is left is the salvaged value; the regions removed
//! are handed back as [`Removed`], so that later checks do not blame what was already blamed.

use super::{YamlBlock, guard, to_diagnostic};
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// At most this many rounds per document: each finds one error or removes one consequence.
const MAX_ROUNDS: usize = 64;

/// What [`parse_all`] read.
#[derive(Debug)]
pub(crate) struct Salvaged<T> {
    /// The value read once every bad entry was removed; `None` when the root itself failed.
    pub(crate) value: Option<T>,
    /// Every independent error, located in the whole file, in the order found.
    pub(crate) problems: Vec<Diagnostic>,
    /// The regions that were removed to read the rest.
    pub(crate) removed: Removed,
}

/// Regions of a file removed while salvaging it, as (line, column) ranges, end exclusive.
#[derive(Debug, Default, Clone)]
pub(crate) struct Removed(Vec<((usize, usize), (usize, usize))>);

impl Removed {
    /// Whether the position `(line, column)` of the file lies in a removed region.
    pub(crate) fn contains(&self, at: (usize, usize)) -> bool {
        self.0.iter().any(|(start, end)| *start <= at && at < *end)
    }

    /// Whether nothing was removed.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Deserializes `block` into `T` in rounds (see the module doc), locating every error in
/// `file_text`, the whole file at `path`.
pub(crate) fn parse_all<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    block: YamlBlock<'_>,
) -> Salvaged<T> {
    let mut salvaged = Salvaged { value: None, problems: Vec::new(), removed: Removed::default() };
    if let Err(problem) = guard(path, file_text, block) {
        salvaged.problems.push(problem);
        return salvaged;
    }
    // The first round reads the text as it is: most documents have no error, and need no copy.
    let mut attempt = read::<T>(block.text);
    let mut working: Vec<char> = Vec::new();
    let mut voids: Vec<(String, String)> = Vec::new();
    for round in 0..MAX_ROUNDS {
        let err = match attempt {
            Ok(value) => {
                salvaged.value = Some(value);
                return salvaged;
            }
            Err(err) => err,
        };
        if round == 0 {
            working = block.text.chars().collect();
        }
        let at = dotted(err.path());
        let inner = err.into_inner();
        let Some(at) = at else {
            salvaged.problems.push(to_diagnostic(path, file_text, block, &inner));
            return salvaged;
        };
        let (target, consequence) = classify(&inner.to_string(), at, &voids);
        if !consequence {
            salvaged.problems.push(to_diagnostic(path, file_text, block, &inner));
        }
        let ranges = EntryRanges::of(&working);
        let Some(&(start, end)) = ranges.entries.get(&target.path).filter(|_| !target.path.is_empty()) else {
            return salvaged;
        };
        if target.leaves_a_void {
            record_void(&mut voids, &target.path);
        }
        salvaged.removed.0.push((position(&working, start, block), position(&working, end, block)));
        working[start..end].iter_mut().filter(|c| !matches!(c, '\n' | '\r')).for_each(|c| *c = ' ');
        attempt = read(&working.iter().collect::<String>());
    }
    salvaged
}

/// One round: `text` deserialized, an empty document read as an empty mapping (so a missing
/// required key is reported as such).
fn read<T: DeserializeOwned>(text: &str) -> Result<T, serde_path_to_error::Error<serde_yaml::Error>> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text))
}

/// The entry to remove after an error, and whether removing it may leave a required field
/// missing in its parent.
struct Target {
    path: String,
    leaves_a_void: bool,
}

/// What to remove after an error at `at` with `message`, and whether the error is only a
/// consequence of an earlier removal (a field missing because hinge removed it, or a value
/// holding a removed part).
fn classify(message: &str, at: String, voids: &[(String, String)]) -> (Target, bool) {
    if let Some(field) = quoted_after(message, "missing field `") {
        let consequence = voids.iter().any(|(parent, key)| *parent == at && key == field);
        return (Target { path: at, leaves_a_void: true }, consequence);
    }
    if message.contains("unknown field `") {
        return (Target { path: at, leaves_a_void: false }, false);
    }
    let inside = |parent: &str| at.is_empty() || parent == at || parent.starts_with(&format!("{at}."));
    let consequence = voids.iter().any(|(parent, _)| inside(parent));
    (Target { path: at, leaves_a_void: true }, consequence)
}

/// The text between `prefix` and the next backtick in `message`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let start = message.find(prefix)? + prefix.len();
    message[start..].split('`').next()
}

/// Remembers that the entry at `path` was removed from its parent. Removing a list item moves
/// the later items up by one, so the voids recorded inside them move too.
fn record_void(voids: &mut Vec<(String, String)>, path: &str) {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    if let Ok(index) = key.parse::<usize>() {
        let list = if parent.is_empty() { String::new() } else { format!("{parent}.") };
        voids.retain(|(p, _)| !(p == path || p.starts_with(&format!("{path}."))));
        for (p, _) in voids.iter_mut() {
            let Some(rest) = p.strip_prefix(&list) else { continue };
            let (item, tail) = rest.split_once('.').unwrap_or((rest, ""));
            if let Some(later) = item.parse::<usize>().ok().filter(|i| *i > index) {
                let tail = if tail.is_empty() { String::new() } else { format!(".{tail}") };
                *p = format!("{list}{}{tail}", later - 1);
            }
        }
    }
    voids.push((parent.to_string(), key.to_string()));
}

/// serde's path to the failing value as hinge writes it (`signs.3.tier`); `None` when a step
/// of it is unknown.
fn dotted(path: &serde_path_to_error::Path) -> Option<String> {
    let mut parts = Vec::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => parts.push(index.to_string()),
            serde_path_to_error::Segment::Map { key } => parts.push(key.clone()),
            serde_path_to_error::Segment::Enum { .. } => {}
            serde_path_to_error::Segment::Unknown => return None,
        }
    }
    Some(parts.join("."))
}

/// The (line, column) in the whole file of character `index` of the block.
fn position(chars: &[char], index: usize, block: YamlBlock<'_>) -> (usize, usize) {
    let before = &chars[..index.min(chars.len())];
    let line = before.iter().filter(|c| **c == '\n').count();
    let column = before.iter().rev().take_while(|c| **c != '\n').count();
    (line + block.first_line, column + 1)
}

/// The character range of every entry of a document, by path: a mapping entry from its key to
/// the next key (or the mapping's end), a list item from its `-` (or its start, in a flow list)
/// to the next item. Blanking a range leaves valid YAML without that entry.
#[derive(Default)]
struct EntryRanges<'a> {
    chars: &'a [char],
    stack: Vec<Container>,
    entries: HashMap<String, (usize, usize)>,
}

/// A mapping or list being read, with the starts of its entries so far.
struct Container {
    path: String,
    mapping: bool,
    key: Option<String>,
    next: usize,
    children: Vec<(String, usize)>,
}

impl<'a> EntryRanges<'a> {
    /// The entries of the document in `chars` (an unparsable document gives fewer or none).
    fn of(chars: &'a [char]) -> Self {
        let text: String = chars.iter().collect();
        let mut ranges = EntryRanges { chars, ..EntryRanges::default() };
        let _ = Parser::new_from_str(&text).load(&mut ranges, false);
        ranges
    }

    /// Notes the start of the value about to be read and returns its path; `None` for a key.
    fn begin_value(&mut self, mark: Marker, scalar_key: Option<&str>) -> Option<String> {
        let chars = self.chars;
        let Some(top) = self.stack.last_mut() else { return Some(String::new()) };
        if top.mapping {
            return match top.key.take() {
                Some(key) => Some(join(&top.path, &key)),
                None => {
                    let first = top.children.is_empty();
                    let key = scalar_key.unwrap_or("?").to_string();
                    top.children.push((join(&top.path, &key), mark.index()));
                    top.key = Some(key);
                    if first {
                        self.start_item_at_first_key(mark.index());
                    }
                    None
                }
            };
        }
        let path = join(&top.path, &top.next.to_string());
        top.next += 1;
        top.children.push((path.clone(), item_start(chars, mark.index())));
        Some(path)
    }

    /// A block mapping that is a list item starts at its first key (the parser marks it after
    /// that key): moves the item's start there, unless it is already before (a flow `{`).
    fn start_item_at_first_key(&mut self, key: usize) {
        let chars = self.chars;
        let Some([parent, _]) = self.stack.last_chunk_mut::<2>() else { return };
        if parent.mapping {
            return;
        }
        if let Some(item) = parent.children.last_mut().filter(|(_, start)| *start > key) {
            item.1 = item_start(chars, key);
        }
    }

    /// Closes the innermost container at `mark`, giving each of its entries its range.
    fn end(&mut self, mark: Marker) {
        let Some(container) = self.stack.pop() else { return };
        let ends = container.children.iter().skip(1).map(|(_, start)| *start).chain([mark.index()]);
        for ((path, start), end) in container.children.iter().zip(ends) {
            self.entries.insert(path.clone(), (*start, end.max(*start)));
        }
    }
}

/// Where a list item starts: its `-` in a block list, else the value itself.
fn item_start(chars: &[char], index: usize) -> usize {
    let mut at = index.min(chars.len());
    while at > 0 && matches!(chars[at - 1], ' ' | '\t') {
        at -= 1;
    }
    if at > 0 && chars[at - 1] == '-' { at - 1 } else { index }
}

/// `path.part`, or `part` at the root.
fn join(path: &str, part: &str) -> String {
    if path.is_empty() { part.to_string() } else { format!("{path}.{part}") }
}

impl MarkedEventReceiver for EntryRanges<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.begin_value(mark, Some(&value));
            }
            Event::Alias(..) => {
                self.begin_value(mark, Some("?"));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let mapping = matches!(event, Event::MappingStart(..));
                let path = self.begin_value(mark, None).unwrap_or_else(|| "?".to_string());
                self.stack.push(Container { path, mapping, key: None, next: 0, children: Vec::new() });
            }
            Event::MappingEnd | Event::SequenceEnd => self.end(mark),
            _ => {}
        }
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
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        size: i64,
    }

    fn salvage(text: &str) -> Salvaged<Doc> {
        parse_all(Path::new("f.yaml"), text, YamlBlock { text, first_line: 1 })
    }

    fn found(s: &Salvaged<Doc>) -> Vec<(usize, usize, String)> {
        s.problems.iter().map(|d| (d.line, d.column, d.message.clone())).collect()
    }

    #[test]
    fn every_independent_error_is_found_and_the_rest_is_read() {
        let text = "title: T\ntitel: x\nweight: heavy\nitems:\n  - {id: a, size: 1}\n  - id: b\n    size: big\n  - id: c\n    colour: red\n    size: 3\n";
        let s = salvage(text);
        let problems = found(&s);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert_eq!((problems[0].0, problems[0].1), (2, 1));
        assert!(problems[0].2.contains("unknown field `titel`"));
        assert_eq!((problems[1].0, problems[1].1), (3, 9), "{problems:?}");
        assert!(problems[2].2.contains("invalid type"), "{problems:?}");
        assert_eq!(problems[2].0, 7);
        assert!(problems[3].2.contains("unknown field `colour`"), "{problems:?}");
        assert_eq!(problems[3].0, 9);
        let doc = s.value.expect("salvaged");
        assert_eq!(doc.weight, None, "the bad weight is removed");
        let ids: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"], "the item that cannot be read is left out, not reported twice");
        assert!(s.removed.contains((3, 9)) && s.removed.contains((7, 5)) && !s.removed.contains((1, 1)));
    }

    #[test]
    fn a_missing_required_field_is_reported_once_and_a_root_error_stops() {
        let s = salvage("weight: 2\nextra: 1\n");
        let problems = found(&s);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].2.contains("unknown field `extra`"), "{problems:?}");
        assert!(problems[1].2.contains("missing field `title`"), "{problems:?}");
        assert!(s.value.is_none());
        let s = salvage("title: [1, 2]\nweight: x\n");
        assert_eq!(found(&s).len(), 2, "both bad values, not the title's absence: {:?}", found(&s));
        assert!(s.value.is_none(), "a required field of the root cannot be removed");
    }

    #[test]
    fn flow_entries_are_removed_cleanly() {
        let s = salvage("{title: T, weight: x, items: [{id: a, size: q}, {id: b, size: 2}]}\n");
        assert_eq!(found(&s).len(), 2, "{:?}", found(&s));
        assert_eq!(s.value.expect("salvaged").items.len(), 1);
    }

    #[test]
    fn broken_syntax_is_one_error() {
        let s = salvage("title: \"open\nweight: 1\n");
        assert_eq!(s.problems.len(), 1);
        assert!(s.value.is_none());
    }

    #[test]
    fn voids_move_up_with_the_items_after_a_removed_one() {
        let mut voids = vec![("items.3".to_string(), "size".to_string()), ("items.1".into(), "id".into())];
        record_void(&mut voids, "items.1");
        assert_eq!(voids, [("items.2".to_string(), "size".to_string()), ("items".into(), "1".into())]);
    }
}

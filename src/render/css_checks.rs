//! Checks on the stylesheets before lightningcss bundles them.
//!
//! The bundler recurses once per nesting level (`a{a{...}}`, `@media` in `@media`), so a deep
//! file would overflow the stack and kill the build (or `hinge serve`) with no location: a file
//! nested deeper than [`MAX_CSS_DEPTH`] is a located error instead. An `@import` cycle, which the
//! bundler silently cuts (dropping rules), is a located error too.

use crate::diagnostic::Diagnostic;
use crate::model::TextFile;
use crate::model::url::normalize;
use std::collections::BTreeMap;

/// How deep blocks, parentheses and brackets may nest in one stylesheet.
pub(crate) const MAX_CSS_DEPTH: usize = 64;

/// Every stylesheet nested too deep, and every `@import` cycle.
pub(crate) fn check_stylesheets(texts: &BTreeMap<String, TextFile>) -> Vec<Diagnostic> {
    let sheets: BTreeMap<&str, &TextFile> =
        texts.iter().filter(|(k, _)| k.ends_with(".css")).map(|(k, f)| (k.as_str(), f)).collect();
    let mut problems: Vec<Diagnostic> = sheets.values().filter_map(|f| too_deep(f)).collect();
    if problems.is_empty() {
        problems.extend(import_cycle(&sheets));
    }
    problems
}

/// The place where `file` first nests deeper than [`MAX_CSS_DEPTH`], outside comments and strings.
fn too_deep(file: &TextFile) -> Option<Diagnostic> {
    let text = &file.text;
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            quote @ (b'"' | b'\'') => i = skip_string(bytes, i + 1, quote),
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_CSS_DEPTH {
                    let message = format!("CSS nested more than {MAX_CSS_DEPTH} levels deep");
                    return Some(
                        Diagnostic::at_offset(&file.display, text, i, message).with_help(
                            "flatten the nesting: hinge stops here rather than overflow its stack",
                        ),
                    );
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the closing `quote` of a string whose text starts at `i` (or the end).
fn skip_string(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i.min(bytes.len())
}

/// The `@import`s of a stylesheet: the byte offset of each and the logical path it names.
fn imports(logical: &str, text: &str) -> Vec<(usize, String)> {
    let dir = logical.rsplit_once('/').map_or("", |(d, _)| d);
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(at) = text[search..].find("@import") {
        let start = search + at;
        search = start + "@import".len();
        let rest = text[search..].trim_start();
        let rest = rest.strip_prefix("url(").unwrap_or(rest).trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let Some(end) = rest[1..].find(quote) else { continue };
        if let Some(path) = normalize(dir, &rest[1..1 + end]) {
            found.push((start, path));
        }
    }
    found
}

/// The first `@import` that closes a cycle, located where it is written.
fn import_cycle(sheets: &BTreeMap<&str, &TextFile>) -> Option<Diagnostic> {
    let graph: BTreeMap<&str, Vec<(usize, String)>> =
        sheets.iter().map(|(k, f)| (*k, imports(k, &f.text))).collect();
    let mut done: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for start in sheets.keys() {
        let mut path: Vec<&str> = Vec::new();
        if let Some(d) = visit(start, &graph, sheets, &mut path, &mut done) {
            return Some(d);
        }
    }
    None
}

/// Depth-first search from `node`; `path` holds the files being imported right now.
fn visit<'a>(
    node: &'a str,
    graph: &'a BTreeMap<&'a str, Vec<(usize, String)>>,
    sheets: &BTreeMap<&str, &TextFile>,
    path: &mut Vec<&'a str>,
    done: &mut std::collections::BTreeSet<&'a str>,
) -> Option<Diagnostic> {
    if done.contains(node) {
        return None;
    }
    path.push(node);
    for (offset, target) in graph.get(node).into_iter().flatten() {
        if let Some(at) = path.iter().position(|p| p == target) {
            let mut cycle: Vec<&str> = path[at..].to_vec();
            cycle.push(target);
            let file = sheets[node];
            let message = format!("CSS `@import` cycle: {}", cycle.join(" imports "));
            return Some(
                Diagnostic::at_offset(&file.display, &file.text, *offset, message)
                    .with_help("remove one of these imports: a cycle would silently drop rules"),
            );
        }
        if let Some((key, _)) = graph.get_key_value(target.as_str())
            && let Some(d) = visit(key, graph, sheets, path, done)
        {
            return Some(d);
        }
    }
    path.pop();
    done.insert(node);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(files: &[(&str, &str)]) -> BTreeMap<String, TextFile> {
        files
            .iter()
            .map(|(rel, text)| {
                let file = TextFile {
                    rel: rel.to_string(),
                    display: format!("static/{rel}").into(),
                    text: text.to_string(),
                };
                (rel.to_string(), file)
            })
            .collect()
    }

    #[test]
    fn deep_nesting_is_located() {
        let deep = format!("/* {{{{{{ */ b{{}}\n{}{}", "a{".repeat(800), "}".repeat(800));
        let problems = check_stylesheets(&texts(&[("css/main.css", &deep)]));
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (2, 2 * MAX_CSS_DEPTH + 2));
        let fine = format!("{}{}", "a{".repeat(MAX_CSS_DEPTH), "}".repeat(MAX_CSS_DEPTH));
        assert!(check_stylesheets(&texts(&[("css/main.css", &fine)])).is_empty());
    }

    #[test]
    fn an_import_cycle_is_located_at_the_import_that_closes_it() {
        let files = texts(&[
            ("css/main.css", "@import \"_a.css\";\n"),
            ("css/_a.css", "a{}\n@import url('_b.css');\n"),
            ("css/_b.css", "@import \"./_a.css\";\n"),
        ]);
        let problems = check_stylesheets(&files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, std::path::PathBuf::from("static/css/_b.css"));
        assert!(problems[0].message.contains("css/_a.css imports css/_b.css imports css/_a.css"));
    }
}

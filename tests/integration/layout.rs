//! The source layout keeps its promise: imports run one way, commands -> stages -> model.
//!
//! Every `crate::` path in `src/` is read as text; a stage may use the model, the shared edges
//! and the stages before it in the pipeline, never a later stage or a command; the model uses
//! nothing else of the crate; the edges use only each other.

use crate::support::repo;
use std::path::Path;

/// The pipeline in order; a folder may import only what comes before it (and itself).
const STAGES: [&str; 5] = ["load", "parse", "render", "check", "write"];
/// Shared edges every stage may use.
const EDGES: [&str; 4] = ["diagnostic", "yaml", "html", "fsutil"];

/// The top-level module a `src/` file belongs to (`parse` for `src/parse/markdown.rs`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// Every top-level module named after `crate::` in `text`, outside comments.
fn crate_imports(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if end > 0 {
                found.push((n + 1, rest[..end].to_string()));
            }
        }
        // `use crate::{a, b}` names several modules at once.
        if let Some(group) = code.split("crate::{").nth(1).and_then(|g| g.split('}').next()) {
            for name in group.split(',').map(|s| s.trim().split("::").next().unwrap_or("")) {
                if !name.is_empty() {
                    found.push((n + 1, name.to_string()));
                }
            }
        }
    }
    found
}

/// Whether `from` may import `to`.
fn allowed(from: &str, to: &str) -> bool {
    let stage = |m: &str| STAGES.iter().position(|s| *s == m);
    match (from, to) {
        (_, "") => true,
        (f, t) if f == t => true,
        ("model", _) => false,
        (f, t) if EDGES.contains(&f) => EDGES.contains(&t) || t == "model",
        (f, t) if stage(f).is_some() => {
            t == "model" || EDGES.contains(&t) || stage(t).is_some_and(|t| t <= stage(f).unwrap())
        }
        // The commands, the command line and the crate root sit on top.
        _ => true,
    }
}

#[test]
fn imports_run_one_way() {
    let src = repo().join("src");
    let mut wrong = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        files += 1;
        let rel = path.strip_prefix(&src).unwrap();
        let from = module_of(rel);
        let text = std::fs::read_to_string(path).unwrap();
        for (line, to) in crate_imports(&text) {
            if !allowed(&from, &to) {
                wrong.push(format!("src/{}:{line}: `{from}` imports `crate::{to}`", rel.display()));
            }
        }
    }
    assert!(files > 20, "read the sources ({files} files)");
    assert!(wrong.is_empty(), "imports against the pipeline's direction:\n{}", wrong.join("\n"));
}

#[test]
fn the_rule_itself() {
    assert!(allowed("render", "parse") && allowed("render", "model") && allowed("check", "render"));
    assert!(!allowed("parse", "render") && !allowed("load", "cmd") && !allowed("model", "diagnostic"));
    assert!(!allowed("yaml", "parse") && allowed("cmd", "write"));
    assert_eq!(
        crate_imports("use crate::{check, parse};\nlet x = crate::model::url::f(); // crate::cmd"),
        [(1, "check".to_string()), (1, "parse".to_string()), (2, "model".to_string())]
    );
}

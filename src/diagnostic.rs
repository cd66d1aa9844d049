//! Located content errors.
//!
//! Every problem a build finds in the sources becomes a [`Diagnostic`]: a file, a line and a
//! column counted from the top of the whole file, a message, an optional fix and the offending
//! source line. Stages collect them instead of stopping at the first, and the CLI prints them
//! rustc-style before exiting with status 1.

use std::fmt;
use std::path::{Path, PathBuf};

/// One located problem in a source file, template or configuration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file, relative to the site root.
    pub(crate) path: PathBuf,
    /// Line number, 1-based, counted from the top of the file.
    pub(crate) line: usize,
    /// Column number, 1-based, in characters.
    pub(crate) column: usize,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it, when hinge can tell.
    pub(crate) help: Option<String>,
    /// The source line the problem is on, when known.
    pub(crate) snippet: Option<String>,
    /// A warning reports something to look at; only `--strict` makes it fail the command.
    pub(crate) warning: bool,
}

impl Diagnostic {
    /// A diagnostic at `line`:`column` of `path` with no snippet or help yet.
    pub(crate) fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            snippet: None,
            warning: false,
        }
    }

    /// The same diagnostic as a warning.
    pub(crate) fn into_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// A diagnostic located at byte `offset` of `text`, with the line as snippet.
    pub(crate) fn at_offset(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Self::new(path, line, column, message).with_snippet_from(text)
    }

    /// Adds a suggestion for fixing the problem.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds an optional suggestion for fixing the problem.
    pub(crate) fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Takes the snippet from line `self.line` of `text`, the whole file's text.
    pub(crate) fn with_snippet_from(mut self, text: &str) -> Self {
        self.snippet = text.lines().nth(self.line - 1).map(|l| l.trim_end().to_string());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.warning { "warning" } else { "error" };
        writeln!(f, "{kind}: {}", printable(&self.message))?;
        let gutter = " ".repeat(self.line.to_string().len());
        writeln!(f, "{gutter}--> {}:{}:{}", printable(&self.path.to_string_lossy()), self.line, self.column)?;
        if let Some(snippet) = &self.snippet {
            let (shown, column) = snippet_window(snippet, self.column);
            let caret_pad: String =
                shown.chars().take(column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {shown}", self.line)?;
            writeln!(f, "{gutter} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{gutter} = help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// How many characters of a source line are shown either side of the column.
const SNIPPET_REACH: usize = 60;

/// At most [`SNIPPET_REACH`] characters of `line` either side of `column`, made printable, and
/// the column within them: one long line repeated per error keeps the output linear.
fn snippet_window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(SNIPPET_REACH);
    let end = (at + SNIPPET_REACH).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push_str("...");
    }
    let column = shown.len() + printable(&chars[start..at].iter().collect::<String>()).chars().count() + 1;
    shown.push_str(&printable(&chars[start..end].iter().collect::<String>()));
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, column)
}

/// `text` with control characters (terminal escape codes among them) written as `\u{1b}`, so
/// a hostile file cannot drive the terminal that prints its errors.
pub(crate) fn printable(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Converts a byte offset into a 1-based line and a 1-based column counted in characters.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest of `candidates` to `word`, if any is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// How many errors are printed for one file; the rest are counted.
pub(crate) const MAX_ERRORS_PER_FILE: usize = 20;

/// Renders every diagnostic, sorted by file and position (at most [`MAX_ERRORS_PER_FILE`] per
/// file, the rest counted), followed by the total: "the site could not be built: N errors".
pub(crate) fn render_all(diagnostics: &[Diagnostic]) -> String {
    render_all_as(diagnostics, "the site could not be built")
}

/// As [`render_all`], the total line starting with `headline` (`hinge check` builds nothing).
pub(crate) fn render_all_as(diagnostics: &[Diagnostic], headline: &str) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut out = String::new();
    for same_file in sorted.chunk_by(|a, b| a.path == b.path) {
        for d in same_file.iter().take(MAX_ERRORS_PER_FILE) {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if same_file.len() > MAX_ERRORS_PER_FILE {
            out.push_str(&format!(
                "error: {} more errors in `{}` not shown\n\n",
                same_file.len() - MAX_ERRORS_PER_FILE,
                printable(&same_file[0].path.to_string_lossy())
            ));
        }
    }
    let n = sorted.len();
    out.push_str(&format!("error: {headline}: {n} error{}\n", if n == 1 { "" } else { "s" }));
    out
}

/// Every diagnostic as a GitHub Actions workflow command (`::error file=F,line=L,col=C::message`),
/// so a pull request shows it on the line it is about; `root` is prefixed to each path (the
/// site's folder within the repository). The help, if any, follows on a second line.
pub(crate) fn render_github(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut out = String::new();
    for d in sorted {
        let kind = if d.warning { "warning" } else { "error" };
        let path = if root == Path::new(".") { d.path.clone() } else { root.join(&d.path) };
        let file = escape_property(&path.to_string_lossy().replace('\\', "/"));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{kind} file={file},line={},col={}::{}\n",
            d.line,
            d.column,
            escape_data(&printable(&message))
        ));
    }
    out
}

/// A workflow command's message: `%`, CR and LF encoded, as the runner decodes them.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders warnings, sorted by file and position, followed by a count.
pub(crate) fn render_warnings(warnings: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = warnings.iter().collect();
    sorted.sort();
    let mut out: String = sorted.iter().map(|d| format!("{d}\n")).collect();
    let n = sorted.len();
    out.push_str(&format!("warning: {n} warning{}\n", if n == 1 { "" } else { "s" }));
    out
}

/// Merges diagnostics that differ only in which page triggered them (one broken template
/// breaks every page that uses it), naming how many pages were affected.
pub(crate) fn group_repeated(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: std::collections::BTreeMap<
        (std::path::PathBuf, usize, usize, String),
        (Diagnostic, usize),
    > = std::collections::BTreeMap::new();
    for d in diagnostics {
        let key = (d.path.clone(), d.line, d.column, d.message.clone());
        groups.entry(key).and_modify(|(_, n)| *n += 1).or_insert((d, 1));
    }
    groups
        .into_values()
        .map(|(d, n)| match (n, d.help.clone()) {
            (1, _) => d,
            (n, Some(help)) => {
                d.with_help(format!("{help} and {} other page{}", n - 1, if n == 2 { "" } else { "s" }))
            }
            (_, None) => d,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_name_file_line_and_column_with_the_text_encoded() {
        let d = Diagnostic::new("content/a,b.md", 3, 5, "50% off\nnow").with_help("fix: it");
        let out = render_github(&[d.clone().into_warning(), d], Path::new("."));
        assert_eq!(
            out,
            "::error file=content/a%2Cb.md,line=3,col=5::50%25 off%0Anow%0Ahelp: fix: it\n\
             ::warning file=content/a%2Cb.md,line=3,col=5::50%25 off%0Anow%0Ahelp: fix: it\n"
        );
        let out = render_github(&[Diagnostic::new("site.yaml", 1, 1, "x")], Path::new("site"));
        assert_eq!(out, "::error file=site/site.yaml,line=1,col=1::x\n");
    }

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4));
    }

    #[test]
    fn display_is_rustc_style_with_caret_and_help() {
        let d = Diagnostic::new("content/a.md", 2, 3, "bad thing")
            .with_snippet_from("x\n  oops\n")
            .with_help("do better");
        let s = d.to_string();
        assert!(s.contains("--> content/a.md:2:3"), "{s}");
        assert!(s.contains("2 |   oops"), "{s}");
        assert!(s.contains("  |   ^"), "{s}");
        assert!(s.contains("= help: do better"), "{s}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_escapes_shown() {
        let line = format!("{}\u{1b}[31mX{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::new("c.md", 1, 501, "bad\u{1b}[2J").with_snippet_from(&line);
        let s = d.to_string();
        assert!(!s.contains('\u{1b}'), "{s}");
        assert!(s.contains("bad\\u{1b}[2J"), "{s}");
        assert!(s.len() < 400, "{s}");
        let lines: Vec<&str> = s.lines().collect();
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 6], "\\u{1b}", "{s}");
    }

    #[test]
    fn errors_per_file_are_capped() {
        let many: Vec<Diagnostic> = (1..=100).map(|i| Diagnostic::new("a.md", i, 1, "x")).collect();
        let out = render_all(&many);
        assert_eq!(out.matches("--> a.md").count(), MAX_ERRORS_PER_FILE);
        assert!(out.contains("80 more errors in `a.md` not shown"), "{out}");
        assert!(out.ends_with("100 errors\n"));
    }

    #[test]
    fn grouping_counts_pages() {
        let d = |page: &str| {
            Diagnostic::new("t.html", 2, 3, "boom").with_help(format!("while rendering `{page}`"))
        };
        let grouped = group_repeated(vec![d("a"), d("b"), d("c")]);
        assert_eq!(grouped.len(), 1);
        assert_eq!(grouped[0].help.as_deref(), Some("while rendering `a` and 2 other pages"));
    }

    #[test]
    fn did_you_mean_suggests_close_words_only() {
        let keys = ["title", "description", "base_url"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}

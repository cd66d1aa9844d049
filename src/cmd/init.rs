//! `hinge init [DIR]`: a new site that builds and passes `hinge check` with no warnings.
//!
//! Writes `site.yaml`, a home page, one article, a `.gitignore` and the default theme (compiled
//! into the binary, so a new site needs nothing but hinge). Refuses a folder that is not empty:
//! nothing there is ever overwritten.

use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

/// The default theme, as this binary was built with it.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// `hinge init`: writes the starter site into `dir` (created if missing); exit status 2 for a
/// folder that is not empty or cannot be written.
pub(crate) fn run(dir: &Path, base_url: &str) -> u8 {
    match create(dir, base_url) {
        Ok(written) => {
            println!("created a site in {} ({written} files)", dir.display());
            let cd = if dir == Path::new(".") { String::new() } else { format!("cd {} && ", dir.display()) };
            println!("preview it with: {cd}hinge serve --open");
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

/// Writes the starter files and the theme; returns how many files were written.
pub(crate) fn create(dir: &Path, base_url: &str) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "`{}` is not empty; hinge init starts a site only in an empty or new folder",
                dir.display()
            ));
        }
    }
    let title = site_title(dir);
    let files = starter_files(&title, base_url);
    for (rel, text) in &files {
        write_new(&dir.join(rel), text.as_bytes())?;
    }
    let mut written = files.len();
    for file in theme_files(&DEFAULT_THEME) {
        write_new(&dir.join("themes/default").join(file.path()), file.contents())?;
        written += 1;
    }
    Ok(written)
}

/// Every file of the embedded theme, depth first.
fn theme_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<&include_dir::File<'_>> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(theme_files(sub));
    }
    files
}

/// The folder's name as a title (`my-site` → `My site`), or a generic one.
fn site_title(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().replace(['-', '_'], " ")))
        .filter(|n| !n.trim().is_empty() && n != ".")
        .unwrap_or_else(|| "My site".to_string());
    let mut chars = name.trim().chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `site.yaml`, the home page, one article and a `.gitignore`.
fn starter_files(title: &str, base_url: &str) -> Vec<(PathBuf, String)> {
    let title_yaml = serde_json::to_string(title).unwrap_or_else(|_| "\"My site\"".into());
    let base_yaml = serde_json::to_string(base_url).unwrap_or_else(|_| "\"/\"".into());
    let site = format!(
        "# The site's settings: every key is in the README (\"Configuring site.yaml\").\n\
         title: {title_yaml}\n\
         description: A site built with hinge.\n\
         # Where it is published, e.g. https://USER.github.io/REPO/ (`/` for a local build).\n\
         base_url: {base_yaml}\n\
         language: en\n\
         menu:\n  - name: First steps\n    page: first-steps.md\n"
    );
    let home = format!(
        "---\ntitle: {title_yaml}\ndescription: What this site is about, in one sentence.\n---\n\n\
         Welcome. Start with [the first steps](first-steps.md).\n"
    );
    let article = "---\ntitle: First steps\ndescription: How to write and preview this site.\n\
                   date: 2026-01-01\n---\n\n## Write\n\nEdit the markdown files under `content/`. \
                   Link to another page by its file: [home](_index.md).\n\n> [!TIP]\n> \
                   `hinge serve --open` rebuilds and reloads on every save.\n\n## Publish\n\n\
                   `hinge build` writes the site into `public/`; `hinge check` checks it.\n";
    vec![
        (PathBuf::from("site.yaml"), site),
        (PathBuf::from("content/_index.md"), home),
        (PathBuf::from("content/first-steps.md"), article.to_string()),
        (PathBuf::from(".gitignore"), "/public\n/.hinge-*\n".to_string()),
    ]
}

/// Writes a file that must not exist yet, creating its folders.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_is_embedded_whole() {
        let names: Vec<String> =
            theme_files(&DEFAULT_THEME).iter().map(|f| f.path().to_string_lossy().into_owned()).collect();
        assert!(names.iter().any(|n| n == "templates/base.html"), "{names:?}");
        assert!(names.iter().any(|n| n == "static/css/main.css"), "{names:?}");
    }

    #[test]
    fn titles_come_from_the_folder_name() {
        assert_eq!(site_title(Path::new("/nowhere/my-rehab_notes")), "My rehab notes");
    }
}

//! `hinge new`: valid skeletons for a new article or exercise, never overwriting a file.

use crate::cli::NewCommand;
use std::path::{Path, PathBuf};

/// `hinge new`: creates the skeleton and prints its path; an existing file is exit status 2.
pub(crate) fn run(root: &Path, what: NewCommand) -> u8 {
    let skeleton = match what {
        NewCommand::Article { path } => Skeleton::Article(path),
        NewCommand::Exercise { id } => Skeleton::Exercise(id),
    };
    if !root.join(crate::load::config::CONFIG_FILE).is_file() {
        eprintln!(
            "error: no `site.yaml` in `{}`: run `hinge new` from the site's root (or pass --root)",
            root.display()
        );
        return 2;
    }
    match create(root, &skeleton) {
        Ok(path) => {
            println!("created {}", path.display());
            if matches!(skeleton, Skeleton::Article(_)) {
                println!(
                    "it is a draft: preview it with `hinge serve --drafts`, publish it by removing `draft: true`"
                );
            }
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skeleton {
    /// A markdown article at this path under `content/`.
    Article(String),
    /// An exercise with this id.
    Exercise(String),
}

/// Writes the skeleton under `root`, returning the file written; refuses to overwrite.
pub(crate) fn create(root: &Path, skeleton: &Skeleton) -> Result<PathBuf, String> {
    let (path, text) = match skeleton {
        Skeleton::Article(rel) => article(rel)?,
        Skeleton::Exercise(id) => exercise(id)?,
    };
    let full = root.join(&path);
    if full.exists() {
        return Err(format!("`{}` already exists; hinge never overwrites a file", path.display()));
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path)
}

/// `guide/bracing`, `guide/bracing.md` and `content/guide/bracing.md` all name the same article.
fn article(rel: &str) -> Result<(PathBuf, String), String> {
    let rel = rel.trim_start_matches("./").trim_start_matches("content/").trim_start_matches('/');
    let rel = rel.strip_suffix(".md").unwrap_or(rel);
    if rel.is_empty() || rel.split('/').any(|p| p.is_empty() || p == ".." || p == ".") {
        return Err(format!("`{rel}` is not a path inside `content/`"));
    }
    let url_safe = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '/';
    if !rel.chars().all(url_safe) {
        return Err(format!(
            "`{rel}` would put capitals, spaces or other characters in the page's URL: \
             use lowercase letters, digits and hyphens, e.g. `guide/my-post`"
        ));
    }
    let up = "../".repeat(rel.matches('/').count());
    let stem = rel.rsplit('/').next().unwrap_or(rel);
    let title = title_from_slug(stem);
    let text = format!(
        "---\ntitle: {title}\ndescription: One sentence that tells a reader what this page gives them.\ndate: {date}\ndraft: true\n---\n\nStart with what the reader should do or know. Keep sentences short.\n\n## First section\n\nLink to other pages by their source file, for example [the red flags]({up}data/red-flags.yaml).\n",
        date = today()
    );
    Ok((Path::new("content").join(format!("{rel}.md")), text))
}

fn exercise(id: &str) -> Result<(PathBuf, String), String> {
    let valid = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !valid {
        return Err(format!(
            "`{id}` is not a valid exercise id: use lowercase letters, digits and hyphens, e.g. `bird-dog`"
        ));
    }
    let name = title_from_slug(id);
    let text = format!(
        "name: {name}\nsummary: One or two sentences on what it is and why it helps a sore back.\ncategory: core   # mobility, core, hinge, loaded, stretch or conditioning\ntargets: []\nequipment: []\ndose:\n  sets: 3\n  reps: \"8-10\"\n  frequency: Once a day\nsteps:\n  - Describe the first step.\ncues: []\nmistakes: []\nstop_if:\n  - Sharp pain\n  - Pain spreading into a leg\nprogress_to: []\nregress_to: []\n"
    );
    Ok((Path::new("content/exercises").join(format!("{id}.yaml")), text))
}

fn title_from_slug(slug: &str) -> String {
    let words: Vec<&str> = slug.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    title
}

/// Today's date as `YYYY-MM-DD` (UTC), from the system clock.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_778), (2026, 11, 21));
    }

    #[test]
    fn titles_and_paths() {
        assert_eq!(title_from_slug("bird-dog"), "Bird dog");
        assert_eq!(article("content/guide/brace.md").unwrap().0, Path::new("content/guide/brace.md"));
        assert!(article("../x").is_err());
        assert!(exercise("Bird Dog").is_err());
        assert!(article("Guide/My Post").unwrap_err().contains("lowercase letters"));
        assert!(article("brace").unwrap().1.contains("](data/red-flags.yaml)"));
        assert!(article("guide/brace").unwrap().1.contains("](../data/red-flags.yaml)"));
        assert!(article("guide/deep/brace").unwrap().1.contains("](../../data/red-flags.yaml)"));
    }

    #[test]
    fn refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let skeleton = Skeleton::Exercise("bird-dog".into());
        assert_eq!(create(tmp.path(), &skeleton).unwrap(), Path::new("content/exercises/bird-dog.yaml"));
        std::fs::write(tmp.path().join("content/exercises/bird-dog.yaml"), "mine").unwrap();
        assert!(create(tmp.path(), &skeleton).unwrap_err().contains("already exists"));
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("content/exercises/bird-dog.yaml")).unwrap(),
            "mine"
        );
    }
}

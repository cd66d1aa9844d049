//! `load_data(path="data/team.yaml")`: a YAML, JSON, TOML or CSV file of the site, as a value.
//!
//! The path is relative to the site root and must stay inside it (no `..` out, no absolute
//! path, no link that leads outside); the format comes from the extension, or `format="csv"`.
//! A CSV file gives `{headers: [...], records: [[...], ...]}`. Every problem is a template error,
//! located at the call.

use crate::yaml;
use std::path::{Component, Path, PathBuf};
use tera::{Kwargs, State, Tera, TeraResult};

pub(super) fn register(tera: &mut Tera, root: PathBuf) {
    tera.register_function("load_data", move |kwargs: Kwargs, _: &State| -> TeraResult<tera::Value> {
        let path: &str = kwargs.must_get("path")?;
        let format: Option<&str> = kwargs.get("format")?;
        load(&root, path, format)
            .map_err(|e| tera::Error::message(format!("load_data(path=\"{path}\"): {e}")))
    });
}

/// Reads and parses `path` under `root`.
pub(crate) fn load(root: &Path, path: &str, format: Option<&str>) -> Result<tera::Value, String> {
    let file = checked_path(root, path)?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read it: {e}"))?;
    let format = format.or_else(|| Path::new(path).extension().and_then(|e| e.to_str())).unwrap_or("");
    let value: serde_json::Value = match format {
        "yaml" | "yml" => yaml::parse_value(&text)?,
        "json" => serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))?,
        "toml" => toml::from_str(&text).map_err(|e| format!("not valid TOML: {e}"))?,
        "csv" => csv_value(&text)?,
        other => return Err(format!("unknown format `{other}`; use a .yaml, .json, .toml or .csv file")),
    };
    Ok(tera::Value::from_serializable(&value))
}

/// `root/path`, if the path is relative, has no `..`, exists, and resolves inside `root`.
fn checked_path(root: &Path, path: &str) -> Result<PathBuf, String> {
    let rel = Path::new(path);
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err("the path must be relative to the site root and stay inside it (no `..`)".into());
    }
    let file = root.join(rel);
    let real = file.canonicalize().map_err(|_| format!("no file `{path}` in the site"))?;
    let real_root = root.canonicalize().map_err(|e| e.to_string())?;
    if !real.starts_with(&real_root) || !real.is_file() {
        return Err(format!("`{path}` is not a file inside the site"));
    }
    Ok(real)
}

fn csv_value(text: &str) -> Result<serde_json::Value, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| format!("not valid CSV: {e}"))?.iter().map(String::from).collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not valid CSV: {e}"))?;
        records.push(record.iter().map(String::from).collect::<Vec<_>>());
    }
    Ok(serde_json::json!({ "headers": headers, "records": records }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "name,reps\nplank,3\n").unwrap();
        let value = load(dir.path(), "a.csv", None).unwrap();
        assert_eq!(value.to_string(), r#"{"headers": ["name", "reps"], "records": [["plank", "3"]]}"#);
        assert!(load(dir.path(), "../a.csv", None).unwrap_err().contains("no `..`"));
        assert!(load(dir.path(), "/etc/passwd", None).unwrap_err().contains("relative"));
        assert!(load(dir.path(), "b.yaml", None).unwrap_err().contains("no file `b.yaml`"));
    }
}

//! Shared helpers for the integration tests: fixture sites in temporary directories and a
//! runner for the real `hinge` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into a temporary directory, with the repository's themes beside it.
pub struct Fixture {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/sites/NAME` and the repository's `themes/`.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo().join("tests/fixtures/sites").join(name), dir.path());
        copy_tree(&repo().join("themes"), &dir.path().join("themes"));
        Fixture { dir }
    }

    /// The repository's own site (content, templates, site.yaml, themes) in a temporary directory.
    pub fn repository_site() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for part in ["content", "themes", "templates", "static"] {
            let from = repo().join(part);
            if from.is_dir() {
                copy_tree(&from, &dir.path().join(part));
            }
        }
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
        Fixture { dir }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes the files of `tests/fixtures/sites/invalid/NAME` over the site.
    pub fn apply_overlay(&self, name: &str) {
        copy_tree(&repo().join("tests/fixtures/sites/invalid").join(name), self.root());
    }

    /// Writes one file (relative to the root).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `hinge ARGS` in the site root.
    pub fn hinge(&self, args: &[&str]) -> Run {
        self.hinge_env(args, &[])
    }

    /// Runs `hinge ARGS` with extra environment variables.
    pub fn hinge_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hinge"));
        cmd.args(args).current_dir(self.root()).env_remove("HINGE_BASE_URL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run(cmd.output().expect("run hinge"))
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Every file under `dir` (relative to the root), with its bytes.
    pub fn snapshot(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.root().join(dir))
    }
}

/// Every file under `dir`, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The result of running the binary.
pub struct Run(pub Output);

impl Run {
    /// The exit code.
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Panics with both streams unless the run succeeded.
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code(), 0, "stdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

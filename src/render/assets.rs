//! Static assets: CSS bundling and fingerprinting.
//!
//! Every non-partial `.css` file in the theme's (or site's) `static/` is an entry: lightningcss
//! inlines its `@import`s, lowers it for the browser targets and minifies it, and it is written
//! only as `NAME.HASH.css`. CSS files whose name starts with `_` are partials and are not written.
//! Other files are copied as they are, and also as `NAME.HASH.EXT` when a template asks for them
//! through `asset()`. The [`AssetManifest`] maps logical paths to fingerprinted ones.

use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::model::url::normalize;
use crate::model::{Statics, TextFile};
use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::printer::PrinterOptions;
use lightningcss::stylesheet::{MinifyOptions, ParserOptions};
use lightningcss::targets::{Browsers, Targets};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The browsers the CSS is lowered for.
pub(crate) const BROWSER_TARGETS: &str = "> 0.5%, last 2 versions, Firefox ESR, not dead";

/// One asset ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// The path written without a hash, if the plain copy is published.
    pub(crate) plain_path: Option<String>,
    /// The fingerprinted path, e.g. `css/main.1a2b3c4d5e.css`.
    pub(crate) hashed_path: String,
    /// The bytes to write.
    pub(crate) bytes: Vec<u8>,
    /// Whether the fingerprinted copy is always written (bundled CSS), or only when referenced.
    pub(crate) always_hashed: bool,
    /// Where the bytes came from, for the link check.
    pub(crate) origin: Origin,
}

/// Logical asset paths mapped to their output.
#[derive(Debug, Default, Clone)]
pub(crate) struct AssetManifest {
    /// Assets by logical path (e.g. `css/main.css`).
    pub(crate) assets: BTreeMap<String, Asset>,
}

impl AssetManifest {
    /// The fingerprinted path of `logical`; `None` if there is no such asset.
    pub(crate) fn resolve(&self, logical: &str) -> Option<&str> {
        let asset = self.assets.get(logical.trim_start_matches('/'))?;
        Some(&asset.hashed_path)
    }

    /// Adds a file the build generates (such as the search index), written only fingerprinted.
    pub(crate) fn add_generated(&mut self, logical: &str, bytes: Vec<u8>) {
        let hashed_path = fingerprinted_path(logical, &content_hash(&bytes));
        self.assets.insert(
            logical.to_string(),
            Asset { plain_path: None, hashed_path, bytes, always_hashed: true, origin: Origin::Generated },
        );
    }

    /// Adds a generated file under its plain name (for `hinge serve`, which never caches).
    pub(crate) fn add_unhashed(&mut self, logical: &str, bytes: Vec<u8>) {
        let asset = Asset {
            plain_path: None,
            hashed_path: logical.to_string(),
            bytes,
            always_hashed: true,
            origin: Origin::Generated,
        };
        self.assets.insert(logical.to_string(), asset);
    }

    /// Every output file: plain copies, bundled CSS, and the fingerprinted copies of `used`.
    pub(crate) fn output_files(&self, used: &BTreeSet<String>) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for (logical, asset) in &self.assets {
            let file = |path: &String| OutputFile {
                path: path.clone(),
                bytes: std::sync::Arc::new(asset.bytes.clone()),
                origin: asset.origin.clone(),
            };
            if let Some(plain) = &asset.plain_path {
                files.push(file(plain));
            }
            if asset.always_hashed || used.contains(logical) {
                files.push(file(&asset.hashed_path));
            }
        }
        files
    }
}

/// Ten hex digits of the content's XXH3-128 hash: stable across machines and runs, and fast
/// enough to fingerprint a multi-megabyte search index in about a millisecond.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let digest = xxhash_rust::xxh3::xxh3_128(bytes);
    format!("{:010x}", digest >> 88)
}

/// `dir/name.ext` becomes `dir/name.HASH.ext`.
pub(crate) fn fingerprinted_path(path: &str, hash: &str) -> String {
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() { named } else { format!("{dir}/{named}") }
}

/// Bundles the CSS entries and fingerprints every static file.
pub(crate) fn bundle_assets(statics: &Statics) -> Result<AssetManifest, Vec<Diagnostic>> {
    let mut manifest = AssetManifest::default();
    // Too deep a stylesheet would overflow the bundler's stack; a cycle would lose rules.
    let problems = super::css_checks::check_stylesheets(&statics.texts);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut diagnostics = Vec::new();
    let provider = MemoryProvider::new(&statics.texts);
    for logical in statics.texts.keys().filter(|k| k.ends_with(".css")) {
        if logical.rsplit('/').next().is_some_and(|f| f.starts_with('_')) {
            continue;
        }
        match bundle_css(&provider, logical) {
            Ok(css) => {
                let hashed_path = fingerprinted_path(logical, &content_hash(css.as_bytes()));
                let origin = Origin::Bundled(provider.display(logical));
                let asset = Asset {
                    plain_path: None,
                    hashed_path,
                    bytes: css.into_bytes(),
                    always_hashed: true,
                    origin,
                };
                manifest.assets.insert(logical.clone(), asset);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for (logical, file) in &statics.binaries {
        let asset = Asset {
            plain_path: Some(logical.clone()),
            hashed_path: fingerprinted_path(logical, &content_hash(&file.bytes)),
            bytes: file.bytes.clone(),
            always_hashed: false,
            origin: Origin::Copied(file.display.clone()),
        };
        manifest.assets.insert(logical.clone(), asset);
    }
    diagnostics.extend(add_scripts(&mut manifest, &statics.texts));
    if diagnostics.is_empty() { Ok(manifest) } else { Err(diagnostics) }
}

/// The relative module specifiers a script imports, with their byte ranges (inside the quotes):
/// static imports and re-exports (`from './loads.js'`, `import './side.js'`) and dynamic imports
/// with a string literal (`import('./chart.js')`). Found by oxc's parser, so a specifier in a
/// comment or a string is never taken for an import; a module that does not parse is scanned as
/// text instead (the browser reports its syntax error).
pub(crate) fn relative_imports(source: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::mjs()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return scanned_imports(source);
    }
    let record = &parsed.module_record;
    let statics = record.requested_modules.values().flatten().map(|m| m.span);
    let dynamics = record.dynamic_imports.iter().map(|d| d.module_request);
    let mut found: Vec<_> = statics
        .chain(dynamics)
        .filter_map(|span| {
            let (start, end) = (span.start as usize, span.end as usize);
            let literal = source.get(start..end)?;
            let quote = literal.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let inner = literal.strip_prefix(quote)?.strip_suffix(quote)?;
            let relative = inner.starts_with("./") || inner.starts_with("../");
            relative.then(|| (start + 1..end - 1, inner.to_string()))
        })
        .collect();
    found.sort_by_key(|(range, _)| range.start);
    found.dedup_by_key(|(range, _)| range.start);
    found
}

/// The relative specifiers of a module that does not parse, found as text after `from`,
/// `import` and `import(`.
fn scanned_imports(source: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    for keyword in ["from ", "import ", "import("] {
        let mut search = 0;
        while let Some(at) = source[search..].find(keyword) {
            let start = search + at + keyword.len();
            search = start;
            let rest = &source[start..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
            let Some(end) = rest[1..].find(quote) else { continue };
            let specifier = &rest[1..1 + end];
            if specifier.starts_with("./") || specifier.starts_with("../") {
                found.push((start + 1..start + 1 + end, specifier.to_string()));
            }
        }
    }
    found.sort_by_key(|(range, _)| range.start);
    found
}

/// Fingerprints the ES modules, rewriting each relative import to the imported module's
/// fingerprinted name, so a cached page can never pair a new module with a stale import.
/// Imported modules are always written fingerprinted.
fn add_scripts(manifest: &mut AssetManifest, statics: &BTreeMap<String, TextFile>) -> Vec<Diagnostic> {
    let scripts: BTreeMap<&str, &TextFile> =
        statics.iter().filter(|(k, _)| k.ends_with(".js")).map(|(k, f)| (k.as_str(), f)).collect();
    let mut hashed: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut imported: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    // Each pass settles the modules whose imports are all settled; a cycle stops the loop.
    while hashed.len() < scripts.len() {
        let before = hashed.len();
        for (logical, file) in &scripts {
            if hashed.contains_key(*logical) {
                continue;
            }
            match settle_script(logical, file, &scripts, &hashed) {
                Settled::Done(path, bytes, imports) => {
                    imported.extend(imports);
                    hashed.insert(logical.to_string(), (path, bytes));
                }
                Settled::Broken(problem) => {
                    problems.push(problem);
                    hashed.insert(logical.to_string(), (String::new(), Vec::new()));
                }
                Settled::Waiting => {}
            }
        }
        if hashed.len() == before {
            let stuck: Vec<&str> = scripts.keys().copied().filter(|k| !hashed.contains_key(*k)).collect();
            let message = format!("modules import each other in a cycle: {}", stuck.join(", "));
            problems.push(Diagnostic::new(&scripts[stuck[0]].display, 1, 1, message));
            break;
        }
    }
    for (logical, (hashed_path, bytes)) in hashed.into_iter().filter(|(_, (path, _))| !path.is_empty()) {
        let always_hashed = imported.contains(&logical);
        let origin = Origin::Bundled(scripts[logical.as_str()].display.clone());
        let asset = Asset { plain_path: Some(logical.clone()), hashed_path, bytes, always_hashed, origin };
        manifest.assets.insert(logical, asset);
    }
    problems
}

/// The module minified by oxc (comments and whitespace gone, local names shortened, strings,
/// and so the rewritten import specifiers, kept), or as written if it does not parse as a
/// module (the browser will then report the error where the reader can see it).
fn minified(logical: &str, source: String) -> Vec<u8> {
    use oxc_codegen::{Codegen, CodegenOptions, CommentOptions};
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, &source, oxc_span::SourceType::mjs()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        tracing::debug!(module = logical, "kept unminified: it does not parse as a module");
        return source.into_bytes();
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        mangle_properties: None,
        compress: Some(CompressOptions::smallest()),
    };
    let scoping = Minifier::new(options).minify(&allocator, &mut program).scoping;
    let codegen_options =
        CodegenOptions { minify: true, comments: CommentOptions::disabled(), ..CodegenOptions::default() };
    Codegen::new().with_options(codegen_options).with_scoping(scoping).build(&program).code.into_bytes()
}

/// What one pass learnt about one module.
enum Settled {
    /// Fingerprinted: its path, its rewritten bytes and the modules it imports.
    Done(String, Vec<u8>, Vec<String>),
    /// It imports a module that does not exist.
    Broken(Diagnostic),
    /// Some of its imports are not fingerprinted yet.
    Waiting,
}

/// Rewrites one module's relative imports to the fingerprinted names of what it imports.
fn settle_script(
    logical: &str,
    file: &TextFile,
    scripts: &BTreeMap<&str, &TextFile>,
    hashed: &BTreeMap<String, (String, Vec<u8>)>,
) -> Settled {
    let text = &file.text;
    let dir = logical.rsplit_once('/').map_or("", |(d, _)| d);
    let imports = relative_imports(text);
    let targets: Vec<Option<String>> = imports.iter().map(|(_, spec)| normalize(dir, spec)).collect();
    let missing = imports
        .iter()
        .zip(&targets)
        .find(|(_, t)| t.as_ref().is_none_or(|t| !scripts.contains_key(t.as_str())));
    if let Some(((range, spec), _)) = missing {
        let message = format!("imported module `{spec}` does not exist");
        return Settled::Broken(Diagnostic::at_offset(&file.display, text, range.start, message));
    }
    if targets.iter().flatten().any(|t| !hashed.contains_key(t)) {
        return Settled::Waiting;
    }
    let mut rewritten = text.to_string();
    for ((range, spec), target) in imports.iter().zip(&targets).rev() {
        let target = target.as_deref().unwrap_or_default();
        let target_name = hashed[target].0.rsplit('/').next().unwrap_or_default();
        let prefix = spec.rsplit_once('/').map_or("./", |(p, _)| p);
        rewritten.replace_range(range.clone(), &format!("{prefix}/{target_name}"));
    }
    let bytes = minified(logical, rewritten);
    Settled::Done(
        fingerprinted_path(logical, &content_hash(&bytes)),
        bytes,
        targets.into_iter().flatten().collect(),
    )
}

/// Serves the static files to lightningcss's bundler from memory, by logical path.
struct MemoryProvider<'a> {
    texts: HashMap<PathBuf, &'a str>,
    displays: HashMap<PathBuf, &'a Path>,
}

impl<'a> MemoryProvider<'a> {
    fn new(statics: &'a BTreeMap<String, TextFile>) -> Self {
        let texts = statics
            .iter()
            .filter(|(k, _)| k.ends_with(".css"))
            .map(|(k, f)| (PathBuf::from(k), f.text.as_str()))
            .collect();
        let displays = statics.iter().map(|(k, f)| (PathBuf::from(k), f.display.as_path())).collect();
        Self { texts, displays }
    }

    fn display(&self, logical: &str) -> PathBuf {
        self.displays.get(Path::new(logical)).map_or_else(|| PathBuf::from(logical), |p| p.to_path_buf())
    }

    fn text(&self, logical: &str) -> &str {
        self.texts.get(Path::new(logical)).copied().unwrap_or("")
    }
}

/// The error a [`MemoryProvider`] reports for a file it does not have.
#[derive(Debug)]
struct MissingFile(String);

impl std::fmt::Display for MissingFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for MissingFile {}

impl SourceProvider for MemoryProvider<'_> {
    type Error = MissingFile;

    fn read<'b>(&'b self, file: &Path) -> Result<&'b str, Self::Error> {
        match self.texts.get(file) {
            Some(text) => Ok(text),
            None => Err(MissingFile(format!("imported file `{}` does not exist", file.display()))),
        }
    }

    fn resolve(&self, specifier: &str, originating_file: &Path) -> Result<ResolveResult, Self::Error> {
        let dir = originating_file.parent().and_then(Path::to_str).unwrap_or("");
        let joined = normalize(dir, specifier)
            .ok_or_else(|| MissingFile(format!("`{specifier}` points outside `static/`")))?;
        Ok(ResolveResult::File(PathBuf::from(joined)))
    }
}

fn bundle_css(provider: &MemoryProvider<'_>, entry: &str) -> Result<String, Diagnostic> {
    let targets =
        Targets::from(Browsers::from_browserslist([BROWSER_TARGETS]).ok().flatten().unwrap_or_default());
    let mut bundler = Bundler::new(
        provider,
        None,
        ParserOptions { filename: entry.to_string(), ..ParserOptions::default() },
    );
    let mut sheet = bundler.bundle(Path::new(entry)).map_err(|e| {
        let (file, line, column) = e.loc.as_ref().map_or((entry.to_string(), 1, 1), |l| {
            (l.filename.clone(), l.line as usize + 1, l.column as usize)
        });
        let display = provider.display(&file);
        Diagnostic::new(display, line, column, format!("CSS: {}", e.kind))
            .with_snippet_from(provider.text(&file))
    })?;
    let located = |message: String| Diagnostic::new(provider.display(entry), 1, 1, message);
    sheet
        .minify(MinifyOptions { targets, ..MinifyOptions::default() })
        .map_err(|e| located(format!("CSS: {e}")))?;
    let printed = sheet
        .to_css(PrinterOptions { minify: true, targets, ..PrinterOptions::default() })
        .map_err(|e| located(format!("CSS: {e}")))?;
    Ok(printed.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics(files: &[(&str, &str)]) -> Statics {
        let texts = files
            .iter()
            .map(|(rel, text)| {
                let file = TextFile {
                    rel: rel.to_string(),
                    display: format!("static/{rel}").into(),
                    text: text.to_string(),
                };
                (rel.to_string(), file)
            })
            .collect();
        Statics { texts, binaries: BTreeMap::new() }
    }

    #[test]
    fn css_is_bundled_minified_and_fingerprinted() {
        let files = statics(&[
            ("css/main.css", "@import \"_tokens.css\";\nbody {\n  color: var(--ink);\n}\n"),
            ("css/_tokens.css", ":root {\n  --ink: #111111;\n}\n"),
            ("js/app.js", "export {};\n"),
        ]);
        let manifest = bundle_assets(&files).unwrap();
        let css = &manifest.assets["css/main.css"];
        let text = String::from_utf8(css.bytes.clone()).unwrap();
        assert_eq!(text, ":root{--ink:#111}body{color:var(--ink)}");
        assert!(css.hashed_path.starts_with("css/main.") && css.hashed_path.ends_with(".css"));
        assert!(!manifest.assets.contains_key("css/_tokens.css"));
        let outputs: Vec<String> =
            manifest.output_files(&BTreeSet::new()).into_iter().map(|f| f.path).collect();
        assert_eq!(outputs, [css.hashed_path.clone(), "js/app.js".to_string()]);
        let js = manifest.resolve("js/app.js").unwrap().to_string();
        let used = BTreeSet::from(["js/app.js".to_string()]);
        assert!(manifest.output_files(&used).iter().any(|f| f.path == js));
    }

    #[test]
    fn css_errors_are_located_in_the_partial() {
        let files = statics(&[
            ("css/main.css", "@import \"_a.css\";\n"),
            ("css/_a.css", "a {\n  color: red;\n}\n}}}{ @media (\n"),
        ]);
        let err = bundle_assets(&files).unwrap_err();
        assert!(!err.is_empty());
        let missing = statics(&[("css/main.css", "@import \"_nope.css\";\n")]);
        let err = bundle_assets(&missing).unwrap_err();
        assert!(err[0].message.contains("_nope.css"), "{:?}", err[0]);
    }

    #[test]
    fn module_imports_point_at_fingerprinted_files() {
        let files = statics(&[
            (
                "js/app.js",
                "// A comment the minifier drops.\nimport { f } from './lib.js';\nimport \"./side.js\";\nf();\n",
            ),
            ("js/lib.js", "export function f() {}\n"),
            ("js/side.js", "export {};\n"),
        ]);
        let manifest = bundle_assets(&files).unwrap();
        let lib = manifest.assets["js/lib.js"].hashed_path.rsplit('/').next().unwrap().to_string();
        let app = String::from_utf8(manifest.assets["js/app.js"].bytes.clone()).unwrap();
        assert!(app.contains(&format!("from\"./{lib}\"")), "{app}");
        assert!(!app.contains("comment") && !app.contains('\n'), "minified: {app}");
        assert!(manifest.assets["js/lib.js"].always_hashed, "imported modules are always published");
        let broken = statics(&[("js/app.js", "import { f } from './nope.js';\n")]);
        let err = bundle_assets(&broken).unwrap_err();
        assert!(err[0].message.contains("./nope.js"), "{:?}", err[0]);
    }

    #[test]
    fn dynamic_imports_are_fingerprinted_and_comments_are_not_imports() {
        let files = statics(&[
            (
                "js/app.js",
                "/** @type {import('./gone.js').T} */\nconst s = 'from \"./gone.js\"';\n\
                 export const load = () => import('./lazy.js');\nexport { s };\n",
            ),
            ("js/lazy.js", "export const x = 1;\n"),
        ]);
        let manifest = bundle_assets(&files).unwrap();
        let lazy = manifest.assets["js/lazy.js"].hashed_path.rsplit('/').next().unwrap().to_string();
        let app = String::from_utf8(manifest.assets["js/app.js"].bytes.clone()).unwrap();
        // oxc may print the specifier in any quotes; it is rewritten, and a string is left alone.
        assert!(app.contains("import(") && app.contains(&format!("./{lazy}")), "{app}");
        assert!(app.contains("./gone.js") && !app.contains("./lazy.js"), "{app}");
        assert!(manifest.assets["js/lazy.js"].always_hashed, "a lazily imported module is published");
        let spans =
            relative_imports("import a from './a.js';\nexport * from \"../b.js\";\nimport('./c.js');\n");
        let names: Vec<&str> = spans.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(names, ["./a.js", "../b.js", "./c.js"]);
    }

    #[test]
    fn fingerprinted_paths_keep_dir_and_extension() {
        assert_eq!(fingerprinted_path("css/main.css", "abc"), "css/main.abc.css");
        assert_eq!(fingerprinted_path("LICENSE", "abc"), "LICENSE.abc");
    }
}

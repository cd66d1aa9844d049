//! `hinge serve`: build into memory, serve on loopback, rebuild on change, reload open tabs.
//!
//! The site is built with the server's own address as base URL and kept in memory. A watcher
//! (notify, debounced) on `content/`, `templates/`, `themes/`, `static/` and `site.yaml`
//! triggers an incremental rebuild through a [`BuildCache`]; a good build replaces the served
//! files and sends `reload` to every open tab over Server-Sent Events; a failed build keeps the
//! last good site and sends the located errors, which the reload script shows as an overlay
//! until the next good build. The reload script is a file (`/__hinge/reload.js`), injected only
//! here, so the strict Content-Security-Policy holds in preview too.

use super::build::{BuildError, BuildOptions, build_cached};
use super::cache::BuildCache;
use crate::diagnostic;
use crate::model::url::{output_path, request_path};
use crate::render::Rendered;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use notify_debouncer_full::notify::RecursiveMode;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// Where the dev server's own files live; never part of a site.
pub(crate) const INTERNAL_PREFIX: &str = "/__hinge/";

const RELOAD_JS: &str = include_str!("serve/reload.js");
const OVERLAY_CSS: &str = include_str!("serve/overlay.css");

/// What `hinge serve` is asked to do.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site root.
    pub(crate) root: PathBuf,
    /// The address to listen on (loopback unless the user asks otherwise).
    pub(crate) bind: IpAddr,
    /// The port; 0 picks a free one.
    pub(crate) port: u16,
    /// Include drafts.
    pub(crate) drafts: bool,
    /// Open the site in the default browser.
    pub(crate) open: bool,
}

/// A message to open tabs.
#[derive(Debug, Clone)]
enum LiveEvent {
    /// A new good build: reload.
    Reload(u64),
    /// A failed build: show these errors.
    Errors(String),
}

/// The site being served and the last build's errors.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    errors: Option<String>,
    version: u64,
}

struct App {
    served: RwLock<Served>,
    events: broadcast::Sender<LiveEvent>,
}

/// Runs the server until the process is stopped; a server that cannot start is exit status 2.
pub(crate) fn run(options: ServeOptions) -> u8 {
    match serve(options) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: {err:#}");
            2
        }
    }
}

fn serve(options: ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(listen(options))
}

async fn listen(options: ServeOptions) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", options.bind, options.port))?;
    let address = listener.local_addr()?;
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    let base_url = format!("http://{host}:{}/", address.port());
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        output: None,
        live: true,
        review_day: None,
    };
    let (events, _) = broadcast::channel(16);
    let app = Arc::new(App { served: RwLock::new(Served::default()), events });
    let cache = Arc::new(BuildCache::default());
    rebuild(&app, &build_options, &cache);
    println!("serving {base_url} (Ctrl-C to stop)");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&base_url).spawn();
    }
    let _watcher = watch(&options.root, Arc::clone(&app), build_options, cache)?;
    let router = Router::new()
        .route("/__hinge/events", axum::routing::get(events_stream))
        .fallback(axum::routing::get(serve_path))
        .with_state(app);
    axum::serve(listener, router).await?;
    Ok(())
}

/// Builds once and publishes the result or the errors.
fn rebuild(app: &App, options: &BuildOptions, cache: &BuildCache) {
    let started = Instant::now();
    let result = build_cached(options, Some(cache));
    let stats = cache.take_stats();
    let mut served = app.served.write().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(rendered) => {
            served.files = to_map(rendered);
            served.errors = None;
            served.version += 1;
            eprintln!(
                "rebuilt in {} ms: {} pages rendered, {} reused; {} markdown bodies rendered, {} reused",
                started.elapsed().as_millis(),
                stats.pages_rendered,
                stats.pages_reused,
                stats.markdown_rendered,
                stats.markdown_reused
            );
            let _ = app.events.send(LiveEvent::Reload(served.version));
        }
        Err(err) => {
            let report = match &err {
                BuildError::Content(d) => diagnostic::render_all(d),
                other => other.report(),
            };
            eprint!("{report}");
            served.errors = Some(report.clone());
            let _ = app.events.send(LiveEvent::Errors(report));
        }
    }
}

fn to_map(rendered: Rendered) -> HashMap<String, Arc<Vec<u8>>> {
    rendered.files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect()
}

/// The directories and files whose changes trigger a rebuild.
fn watched_paths(root: &Path) -> Vec<PathBuf> {
    ["content", "templates", "themes", "static", "site.yaml"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect()
}

fn watch(
    root: &Path,
    app: Arc<App>,
    options: BuildOptions,
    cache: Arc<BuildCache>,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(30), None, tx)?;
    for path in watched_paths(root) {
        let mode = if path.is_dir() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
        debouncer.watch(&path, mode).with_context(|| format!("cannot watch `{}`", path.display()))?;
    }
    std::thread::spawn(move || {
        for events in rx.into_iter().flatten() {
            let relevant =
                events.iter().any(|e| !e.kind.is_access() && e.paths.iter().any(|p| !is_editor_noise(p)));
            if relevant {
                rebuild(&app, &options, &cache);
            }
        }
    });
    Ok(debouncer)
}

/// Editors' swap and backup files never trigger a rebuild: they are not part of the site.
fn is_editor_noise(path: &Path) -> bool {
    crate::load::is_ignored(path.file_name().and_then(|n| n.to_str()).unwrap_or(""))
}

async fn events_stream(
    State(app): State<Arc<App>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let current = app.served.read().unwrap_or_else(|e| e.into_inner()).errors.clone();
    let initial = tokio_stream::iter(current.map(|report| Ok(Event::default().event("errors").data(report))));
    let updates = BroadcastStream::new(app.events.subscribe()).filter_map(|event| match event {
        Ok(LiveEvent::Reload(version)) => {
            Some(Ok(Event::default().event("reload").data(version.to_string())))
        }
        Ok(LiveEvent::Errors(report)) => Some(Ok(Event::default().event("errors").data(report))),
        Err(_) => None,
    });
    Sse::new(initial.chain(updates)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn serve_path(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let raw = uri.path();
    if let Some(internal) = raw.strip_prefix(INTERNAL_PREFIX) {
        return internal_file(internal);
    }
    let Some(rel) = request_path(raw) else {
        return not_found(&app);
    };
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
    let candidate = output_path(&rel);
    if let Some(bytes) = served.files.get(&candidate) {
        return file_response(StatusCode::OK, &candidate, bytes);
    }
    if served.files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("/{rel}/");
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
    }
    drop(served);
    not_found(&app)
}

fn not_found(app: &App) -> Response {
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
    match served.files.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn internal_file(name: &str) -> Response {
    match name {
        "reload.js" => {
            with_type(StatusCode::OK, "text/javascript; charset=utf-8", RELOAD_JS.as_bytes().to_vec())
        }
        "overlay.css" => {
            with_type(StatusCode::OK, "text/css; charset=utf-8", OVERLAY_CSS.as_bytes().to_vec())
        }
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file_response(status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let mime = mime_type(path);
    let body = if mime.starts_with("text/html") { inject_reload(bytes) } else { bytes.to_vec() };
    with_type(status, mime, body)
}

fn with_type(status: StatusCode, mime: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the reload script (a file, not inline, so the page's CSP still holds) before `</head>`.
pub(crate) fn inject_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = "<script type=\"module\" src=\"/__hinge/reload.js\"></script>";
    match text.find("</head>") {
        Some(at) => format!("{}{tag}\n{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The content type for a path's extension.
pub(crate) fn mime_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_script_goes_before_head_end() {
        let html = inject_reload(b"<html><head><title>x</title></head><body></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("<script type=\"module\" src=\"/__hinge/reload.js\"></script>\n</head>"));
    }
}

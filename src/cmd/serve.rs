//! `hinge serve`: build into memory, serve on loopback, rebuild on change, reload open tabs.
//!
//! The site is built with the server's own address as base URL, under the site's base path
//! (`site.yaml`'s or `--base-url`'s, so `/rehab-guide/` locally as on GitHub Pages; `/`
//! redirects there), and kept in memory. A watcher
//! (notify, debounced) on `content/`, `templates/`, `themes/`, `static/` and `site.yaml`
//! triggers an incremental rebuild through a [`BuildCache`]; a good build replaces the served
//! files and sends `reload` to every open tab over Server-Sent Events; a failed build keeps the
//! last good site and sends the located errors, which the reload script shows as an overlay
//! until the next good build. The root is watched itself and each source folder recursively,
//! re-armed when a folder is replaced, so every editor's way of saving is seen. Each connection
//! has a header-read and idle timeout, and the live-reload tabs are capped. The reload script is a file (`/__hinge/reload.js`), injected only
//! here, so the strict Content-Security-Policy holds in preview too.

use super::build::{BuildError, BuildOptions, build_cached};
use super::cache::BuildCache;
use crate::diagnostic;
use crate::load::config::{CONFIG_FILE, parse_config, split_base_url};
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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
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
    /// A base URL whose path the site is served under (else `site.yaml`'s).
    pub(crate) base_url: Option<String>,
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
    /// The path the site is served under, e.g. `/rehab-guide/`.
    base_path: String,
    served: RwLock<Served>,
    events: broadcast::Sender<LiveEvent>,
    sse_clients: AtomicUsize,
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
    let config = options.root.join(CONFIG_FILE);
    if !config.is_file() {
        anyhow::bail!(
            "no `{CONFIG_FILE}` in `{}`: run hinge serve from a site's root directory, pass --root, \
             or start a site with `hinge init`",
            options.root.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(listen(options))
}

async fn listen(options: ServeOptions) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", options.bind, options.port))?;
    let address = listener.local_addr()?;
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let base_path = served_base_path(&options)?;
    let base_url = format!("http://{host}:{}{base_path}", address.port());
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        output: None,
        live: true,
        review_day: None,
        collect_external: false,
    };
    let (events, _) = broadcast::channel(16);
    let served = RwLock::new(Served::default());
    let app = Arc::new(App { base_path, served, events, sse_clients: AtomicUsize::new(0) });
    let cache = Arc::new(BuildCache::default());
    rebuild(&app, &build_options, &cache);
    println!("serving {base_url} (Ctrl-C to stop)");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    if options.open
        && let Err(e) = opener::open_browser(&base_url)
    {
        eprintln!("warning: cannot open a browser ({e}); open {base_url} yourself");
    }
    if !options.bind.is_loopback() {
        eprintln!("{}", exposure_warning(options.bind, address.port()));
    }
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let _watcher = watch(&root, Arc::clone(&app), build_options, cache)?;
    let router = Router::new()
        .route("/__hinge/events", axum::routing::get(events_stream))
        .fallback(axum::routing::get(serve_path))
        .with_state(app);
    serve_connections(listener, router).await
}

/// The path to serve under: `--base-url`'s (or `HINGE_BASE_URL`'s), else `site.yaml`'s `base_url`
/// path, else `/` when `site.yaml` does not parse (the build then reports why).
fn served_base_path(options: &ServeOptions) -> Result<String> {
    if let Some(url) = &options.base_url {
        let (_, path) = split_base_url(url).map_err(|message| anyhow::anyhow!("--base-url: {message}"))?;
        return Ok(path);
    }
    let text = std::fs::read_to_string(options.root.join(CONFIG_FILE)).unwrap_or_default();
    Ok(parse_config(&text, None).map(|c| c.base_path).unwrap_or_else(|_| "/".to_string()))
}

/// How long a client may take to send a request's headers, and a kept-alive connection may
/// wait idle for its next request, before it is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How many connections are served at once; more wait in the listen queue.
const MAX_CONNECTIONS: usize = 256;
/// How many tabs may listen for reloads at once; each holds at most the channel's 16 events.
const MAX_SSE_CLIENTS: usize = 64;

/// Serves each connection with a header-read (and idle) timeout, at most [`MAX_CONNECTIONS`] at once.
async fn serve_connections(listener: tokio::net::TcpListener, router: Router) -> Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = Arc::clone(&slots).acquire_owned().await?;
        let (stream, _) = listener.accept().await?;
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            let _ = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
        });
    }
}

/// The line printed when the preview listens beyond this machine, with the URL others can use.
fn exposure_warning(bind: IpAddr, port: u16) -> String {
    let ip = if bind.is_unspecified() { outward_address().unwrap_or(bind) } else { bind };
    let host = if ip.is_ipv6() { format!("[{ip}]") } else { ip.to_string() };
    format!(
        "warning: listening on {bind}, not loopback: the preview is reachable from the network at \
         http://{host}:{port}/ (links in it point at this machine's loopback address)"
    )
}

/// This machine's address on its default route (a UDP socket connected nowhere sends nothing).
fn outward_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    socket.local_addr().ok().map(|a| a.ip())
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

/// Re-renders the one page whose source changed into the served site, when only its body
/// changed, and reloads the tabs; false when the edit needs a whole rebuild.
fn patch(app: &App, root: &Path, cache: &BuildCache, source: &Path) -> bool {
    let started = Instant::now();
    let Some(files) = cache.patch_page(root, source) else { return false };
    let mut served = app.served.write().unwrap_or_else(|e| e.into_inner());
    let count = files.len();
    for file in files {
        served.files.insert(file.path, file.bytes);
    }
    served.version += 1;
    eprintln!(
        "patched in {} ms: the page's body changed, {count} files replaced",
        started.elapsed().as_millis()
    );
    let _ = app.events.send(LiveEvent::Reload(served.version));
    true
}

fn to_map(rendered: Rendered) -> HashMap<String, Arc<Vec<u8>>> {
    rendered.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// How long the watcher waits after a change for more before it rebuilds: an editor's save
/// (a temporary file renamed over the old one) lands within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The parts of the site root whose changes trigger a rebuild.
const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "site.yaml"];

/// The file watcher, shared with the thread that re-arms it.
type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the site root itself (not recursively: that sees `site.yaml` replaced by an atomic
/// save, and a source folder created, renamed or replaced) and each source folder recursively.
fn watch(
    root: &Path,
    app: Arc<App>,
    options: BuildOptions,
    cache: Arc<BuildCache>,
) -> Result<Arc<Mutex<Watcher>>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch `{}`", root.display()))?;
    let watcher = Arc::new(Mutex::new(debouncer));
    for name in WATCHED {
        arm(&watcher, &root.join(name));
    }
    let (shared, root) = (Arc::clone(&watcher), root.to_path_buf());
    std::thread::spawn(move || {
        for events in rx.into_iter().flatten() {
            let changed: Vec<&Path> = events
                .iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.paths.iter().map(PathBuf::as_path))
                .filter(|p| is_source(&root, p))
                .collect();
            // A source folder replaced or created (git checkout, a folder moved back): re-arm it.
            for name in WATCHED {
                if changed.iter().any(|p| *p == root.join(name)) {
                    arm(&shared, &root.join(name));
                }
            }
            if changed.is_empty() {
                continue;
            }
            let mut distinct = changed.clone();
            distinct.sort();
            distinct.dedup();
            let patched = match distinct.as_slice() {
                [one] if one.extension().is_some_and(|e| e == "md") => patch(&app, &root, &cache, one),
                _ => false,
            };
            if !patched {
                rebuild(&app, &options, &cache);
            }
        }
    });
    Ok(watcher)
}

/// (Re)watches a source folder recursively; a missing one is simply not watched yet.
fn arm(watcher: &Mutex<Watcher>, path: &Path) {
    if !path.is_dir() {
        return;
    }
    let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
    let _ = watcher.unwatch(path);
    if let Err(e) = watcher.watch(path, RecursiveMode::Recursive) {
        eprintln!("warning: cannot watch `{}`: {e}; edits there are not seen", path.display());
    }
}

/// Whether a changed path is part of the site's sources (not the output, not editor noise).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    first.is_some_and(|f| WATCHED.contains(&f.as_str())) && !is_editor_noise(path)
}

/// Editors' swap and backup files never trigger a rebuild: they are not part of the site.
fn is_editor_noise(path: &Path) -> bool {
    crate::load::is_ignored(path.file_name().and_then(|n| n.to_str()).unwrap_or(""))
}

/// One listening tab's place among the [`MAX_SSE_CLIENTS`]; given back when its stream ends.
struct ClientSlot(Arc<App>);

impl Drop for ClientSlot {
    fn drop(&mut self) {
        self.0.sse_clients.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The live-reload stream, or 503 when [`MAX_SSE_CLIENTS`] tabs already listen.
async fn events_stream(State(app): State<Arc<App>>) -> Response {
    if app.sse_clients.fetch_add(1, Ordering::SeqCst) >= MAX_SSE_CLIENTS {
        app.sse_clients.fetch_sub(1, Ordering::SeqCst);
        return (StatusCode::SERVICE_UNAVAILABLE, "too many live-reload connections").into_response();
    }
    let slot = ClientSlot(Arc::clone(&app));
    let stream = live_events(&app).map(move |event| {
        let _held = &slot;
        event
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

/// The last errors (if any), then every reload and error event; a tab that falls more than the
/// channel's 16 events behind skips the oldest instead of holding them.
fn live_events(app: &App) -> impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<> {
    let current = app.served.read().unwrap_or_else(|e| e.into_inner()).errors.clone();
    let initial = tokio_stream::iter(current.map(|report| Ok(Event::default().event("errors").data(report))));
    let updates = BroadcastStream::new(app.events.subscribe()).filter_map(|event| match event {
        Ok(LiveEvent::Reload(version)) => {
            Some(Ok(Event::default().event("reload").data(version.to_string())))
        }
        Ok(LiveEvent::Errors(report)) => Some(Ok(Event::default().event("errors").data(report))),
        Err(_) => None,
    });
    initial.chain(updates)
}

async fn serve_path(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let raw = uri.path();
    if let Some(internal) = raw.strip_prefix(INTERNAL_PREFIX) {
        return internal_file(internal);
    }
    let base = app.base_path.as_str();
    let Some(under) = raw.strip_prefix(base) else {
        // `/` and `/rehab-guide` lead to the site; anything else outside it is not found.
        if raw == "/" || format!("{raw}/") == base {
            return (StatusCode::FOUND, [(header::LOCATION, base.to_string())]).into_response();
        }
        return not_found(&app);
    };
    let Some(rel) = request_path(under) else {
        return not_found(&app);
    };
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
    let candidate = output_path(&rel);
    if let Some(bytes) = served.files.get(&candidate) {
        return file_response(StatusCode::OK, &candidate, bytes);
    }
    if served.files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{base}{rel}/");
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

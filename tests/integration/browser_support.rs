//! Browser-test plumbing: a loopback static server that serves a built site under a sub-path,
//! and a headless Chromium session (Debian's `/usr/bin/chromium`, never a downloaded browser)
//! that records console errors, exceptions and every request the page makes.

use headless_chrome::protocol::cdp::{Network, Runtime, types::Event};
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The sub-path the site is served under, as on GitHub Pages.
pub const PREFIX: &str = "/rehab-guide/";

/// The system Chromium (the first of `chromium`, `chromium-browser`, `google-chrome` on `PATH`).
/// Without one the test fails, naming what to install: a browser test that cannot run must not
/// pass. `HINGE_SKIP_BROWSER_TESTS=1` skips them knowingly, with a loud note (`None`).
pub fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file());
    if found.is_some() {
        return found;
    }
    if skipping_knowingly("BROWSER TEST", "no Chromium on PATH") {
        return None;
    }
    panic!(
        "no Chromium on PATH (looked for {}): install Debian's `chromium` (`apt-get install -y chromium`, \
         as `bash .ci/run` does), or set HINGE_SKIP_BROWSER_TESTS=1 to skip the browser tests knowingly",
        names.join(", ")
    );
}

/// Whether `HINGE_SKIP_BROWSER_TESTS=1` asks to skip what cannot run; says so loudly if it does.
fn skipping_knowingly(what: &str, why: &str) -> bool {
    let skip = std::env::var("HINGE_SKIP_BROWSER_TESTS").as_deref() == Ok("1");
    if skip {
        eprintln!("\n*** SKIPPED {what} (HINGE_SKIP_BROWSER_TESTS=1): {why} ***\n");
    }
    skip
}

/// axe-core's script, from `target/axe/` (installed by `.ci/run` with npm). Without it the test
/// fails naming the command that installs it, unless `HINGE_SKIP_BROWSER_TESTS=1` (`None`).
pub fn axe_core() -> Option<String> {
    let path = crate::support::repo().join("target/axe/node_modules/axe-core/axe.min.js");
    if let Ok(source) = std::fs::read_to_string(&path) {
        return Some(source);
    }
    if skipping_knowingly("ACCESSIBILITY CHECK", &format!("{} missing", path.display())) {
        return None;
    }
    panic!(
        "{} is missing: run `npm install --prefix target/axe axe-core@4.14.1` (or `bash .ci/run`), \
         or set HINGE_SKIP_BROWSER_TESTS=1 to skip the browser tests knowingly",
        path.display()
    );
}

/// Serves `root` at `http://127.0.0.1:PORT/rehab-guide/` from a background thread.
pub struct StaticServer {
    /// The origin, e.g. `http://127.0.0.1:40123`.
    pub origin: String,
    /// While true, every connection is dropped unanswered, as if the network were gone.
    pub offline: Arc<std::sync::atomic::AtomicBool>,
}

impl StaticServer {
    /// Starts serving; the thread lives until the test process ends.
    pub fn start(root: &Path) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let root = root.to_path_buf();
        let offline = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let gone = Arc::clone(&offline);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if gone.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let root = root.clone();
                std::thread::spawn(move || serve_one(stream, &root));
            }
        });
        StaticServer { origin, offline }
    }

    /// Takes the server off the network (`true`) or back on.
    pub fn set_offline(&self, offline: bool) {
        self.offline.store(offline, std::sync::atomic::Ordering::SeqCst);
    }

    /// The absolute URL of a site path such as `tools/warm-up-calculator/?weight=140`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{PREFIX}{}", self.origin, path.trim_start_matches('/'))
    }
}

fn serve_one(mut stream: std::net::TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, body, mime) = match resolve(root, path) {
        Some(file) => ("200 OK", std::fs::read(&file).unwrap_or_default(), mime_type(&file)),
        None => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Maps a URL path under the prefix to a file, as GitHub Pages does (`dir/` → `dir/index.html`).
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix(PREFIX)?;
    if rel.split('/').any(|p| p == "..") {
        return None;
    }
    let candidate = root.join(rel);
    if candidate.is_file() {
        return Some(candidate);
    }
    let index = candidate.join("index.html");
    index.is_file().then_some(index)
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// What the page did that a test may want to assert on.
#[derive(Default, Debug)]
pub struct Observed {
    /// Console errors and uncaught exceptions.
    pub errors: Vec<String>,
    /// Every URL requested.
    pub requests: Vec<String>,
}

/// A Chromium tab with observers attached.
pub struct Session {
    /// Keeps the browser process alive.
    _browser: Browser,
    /// The tab.
    pub tab: Arc<Tab>,
    /// What the page did.
    pub observed: Arc<Mutex<Observed>>,
    _profile: tempfile::TempDir,
}

impl Session {
    /// Launches headless Chromium with the flags that keep it off the network.
    pub fn launch(chromium: &Path) -> Session {
        let profile = tempfile::tempdir().unwrap();
        let args: Vec<&OsStr> = [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(chromium.to_path_buf()),
            user_data_dir: Some(profile.path().to_path_buf()),
            window_size: Some((412, 915)),
            idle_browser_timeout: Duration::from_secs(120),
            args,
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options).expect("launch chromium");
        let tab = browser.new_tab().expect("tab");
        tab.set_default_timeout(Duration::from_secs(20));
        let observed = Arc::new(Mutex::new(Observed::default()));
        let sink = Arc::clone(&observed);
        tab.enable_runtime().unwrap();
        tab.enable_log().unwrap();
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .unwrap();
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let mut seen = sink.lock().unwrap_or_else(|e| e.into_inner());
            match event {
                Event::NetworkRequestWillBeSent(e) => seen.requests.push(e.params.request.url.clone()),
                Event::RuntimeExceptionThrown(e) => {
                    seen.errors.push(format!("exception: {}", e.params.exception_details.text))
                }
                Event::RuntimeConsoleAPICalled(e)
                    if matches!(e.params.Type, Runtime::ConsoleAPICalledEventTypeOption::Error) =>
                {
                    seen.errors.push(format!(
                        "console.error: {:?}",
                        e.params.args.first().and_then(|a| a.value.clone())
                    ))
                }
                Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level).contains("Error") => {
                    seen.errors.push(format!("log: {} ({:?})", e.params.entry.text, e.params.entry.url))
                }
                _ => {}
            }
        }))
        .unwrap();
        Session { _browser: browser, tab, observed, _profile: profile }
    }

    /// Sets the viewport, as a phone (narrower than 600 px) or a desktop would.
    pub fn set_viewport(&self, width: u32, height: u32) {
        use headless_chrome::protocol::cdp::Emulation;
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile: width < 600,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .unwrap();
    }

    /// Navigates and waits for the load.
    pub fn open(&self, url: &str) {
        self.tab.navigate_to(url).unwrap().wait_until_navigated().unwrap();
    }

    /// Evaluates a JavaScript expression that returns a JSON string, and parses it.
    pub fn json(&self, expression: &str) -> serde_json::Value {
        let result = self.tab.evaluate(&format!("JSON.stringify({expression})"), false).expect("evaluate");
        let text = result.value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "null".into());
        serde_json::from_str(&text).unwrap()
    }

    /// Replaces the value of the field matched by `selector` by typing `text`, as a reader would.
    pub fn type_into(&self, selector: &str, text: &str) {
        let target = serde_json::json!(selector);
        self.tab
            .evaluate(
                &format!(
                    "(() => {{ const e = document.querySelector({target}); e.focus(); e.select(); }})()"
                ),
                false,
            )
            .unwrap();
        if text.is_empty() {
            self.tab.press_key("Backspace").unwrap();
        } else {
            self.tab.type_str(text).unwrap();
        }
    }

    /// Clicks the element matched by `selector`.
    pub fn click(&self, selector: &str) {
        self.tab.wait_for_element(selector).unwrap().click().unwrap();
    }

    /// Waits up to 10 s until the JavaScript `condition` is true.
    pub fn wait_for(&self, condition: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if self.json(&format!("Boolean({condition})")) == serde_json::json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for `{condition}`");
    }

    /// Asserts nothing went wrong and nothing left the machine.
    pub fn assert_clean(&self, context: &str) {
        self.assert_clean_except(context, None);
    }

    /// Like `assert_clean`, but tolerates the browser's own "404" log line for `expected_404`.
    pub fn assert_clean_except(&self, context: &str, expected_404: Option<&str>) {
        let seen = self.observed.lock().unwrap_or_else(|e| e.into_inner());
        let errors: Vec<&String> = seen
            .errors
            .iter()
            .filter(|e| !expected_404.is_some_and(|url| e.contains("status of 404") && e.contains(url)))
            .collect();
        assert!(errors.is_empty(), "{context}: console errors {errors:?}");
        let off_machine: Vec<&String> = seen
            .requests
            .iter()
            .filter(|u| {
                !(u.starts_with("http://127.0.0.1:") || u.starts_with("data:") || u.starts_with("blob:"))
            })
            .collect();
        assert!(off_machine.is_empty(), "{context}: requests left 127.0.0.1: {off_machine:?}");
    }
}

//! Nothing lost, ever (issue 12): outputs that would delete or re-read the sources are refused,
//! one producer per output path, a stopped or overlapping build leaves the previous site whole,
//! a symlinked output is swapped at its target. Each test checks the files' bytes afterwards.

use crate::build::assert_fails_located;
use crate::support::{Fixture, repo, snapshot};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every entry beside `dir`'s files whose name marks it as hinge's staging, retired or lock file.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| ["hinge-new-", "hinge-old-", "hinge-lock"].iter().any(|kind| name.contains(kind)))
        .collect()
}

/// Starts `hinge build` in `site`, held before its swap for `pause_ms`.
fn start_paused_build(site: &Fixture, pause_ms: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hinge"))
        .arg("build")
        .current_dir(site.root())
        .env("HINGE_TEST_PAUSE_BEFORE_SWAP", pause_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hinge build")
}

/// Waits until a staging folder for `public` exists beside it.
fn wait_for_staging(root: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !leftovers(root).iter().any(|name| name.starts_with(".public.hinge-new-")) {
        assert!(Instant::now() < deadline, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    // The folder exists once its first file is being written: wait for the pause itself.
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn an_output_holding_the_sources_is_refused_before_anything_is_touched() {
    let site = Fixture::new("good");
    let outer = tempfile::tempdir().unwrap();
    let w = outer.path().join("w");
    site.hinge(&["build", "--output", w.to_str().unwrap()]).assert_ok();
    // The site copied inside its own earlier output, then built into that output.
    let src = w.join("src");
    let copied = Command::new("cp").arg("-r").arg(site.root()).arg(&src).status().unwrap();
    assert!(copied.success());
    let before = snapshot(&w);
    let run = site.hinge(&["--root", src.to_str().unwrap(), "build", "--output", w.to_str().unwrap()]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("contains the site root"), "{}", run.stderr());
    assert_eq!(snapshot(&w), before, "the sources and the old output are untouched");
    // A root that holds a marker, built into itself; and an output inside content/.
    site.write(".hinge-output", "");
    let before = site.snapshot("");
    for output in [".", "content/public", "static"] {
        let run = site.hinge(&["build", "--output", output]);
        assert_eq!(run.code(), 2, "{output}: {}", run.stderr());
        assert!(run.stderr().contains("refusing to build into"), "{}", run.stderr());
    }
    assert_eq!(site.snapshot(""), before, "nothing was written or deleted");
    assert!(leftovers(site.root()).is_empty());
}

#[test]
fn two_producers_of_one_output_path_are_a_located_error_naming_both() {
    assert_fails_located(
        "duplicate-output",
        "content/sitemap.xml:1:1",
        "the output `sitemap.xml` is written twice: by the file `content/sitemap.xml` and by the generated `sitemap.xml`",
        Some("each output path has one producer"),
    );
}

#[test]
fn a_stopped_build_leaves_the_previous_site_whole_and_the_next_build_clears_up() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write("content/guide/new.md", "---\ntitle: New\n---\n\nNew page.\n");
    // SIGTERM while the staging folder is written: it is removed, the old site stays.
    let mut child = start_paused_build(&site, 20_000);
    wait_for_staging(site.root());
    let status = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(status.success());
    let code = child.wait().unwrap().code();
    assert_eq!(code, Some(130), "the build says it was interrupted");
    assert_eq!(site.snapshot("public"), before);
    assert!(leftovers(site.root()).is_empty(), "{:?}", leftovers(site.root()));
    // SIGKILL leaves the staging folder; a kill between the fallback's renames leaves no
    // public/ but a retired site. The next build (even a failing one) clears both up.
    let mut child = start_paused_build(&site, 20_000);
    wait_for_staging(site.root());
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::rename(site.root().join("public"), site.root().join(".public.hinge-old-999999")).unwrap();
    site.write("content/guide/new.md", "---\ntitle: New\nnope: 1\n---\n");
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("restored"), "{}", run.stderr());
    assert_eq!(site.snapshot("public"), before, "public/ restored byte for byte");
    assert!(leftovers(site.root()).is_empty(), "{:?}", leftovers(site.root()));
}

#[test]
fn overlapping_builds_wait_for_each_other() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let first = start_paused_build(&site, 1_500);
    wait_for_staging(site.root());
    let second = site.hinge(&["build"]);
    second.assert_ok();
    assert!(second.stderr().contains("waiting for another hinge build"), "{}", second.stderr());
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let fresh = Fixture::new("good");
    fresh.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), fresh.snapshot("public"), "a whole site, not a mix");
    assert!(leftovers(site.root()).is_empty(), "{:?}", leftovers(site.root()));
}

#[test]
fn a_symlinked_output_is_swapped_at_its_target() {
    let site = Fixture::new("good");
    let served = tempfile::tempdir().unwrap();
    let target = served.path().join("site");
    std::fs::create_dir(&target).unwrap();
    std::os::unix::fs::symlink(&target, site.root().join("public")).unwrap();
    site.hinge(&["build"]).assert_ok();
    site.write("content/guide/new.md", "---\ntitle: Brand new\n---\n\nNew page.\n");
    site.hinge(&["build"]).assert_ok();
    let link = std::fs::symlink_metadata(site.root().join("public")).unwrap();
    assert!(link.file_type().is_symlink(), "public/ is still the link");
    assert!(target.join("guide/new/index.html").is_file(), "the link's target has the new site");
    assert_eq!(snapshot(&target), site.snapshot("public"));
    assert!(leftovers(served.path()).is_empty() && leftovers(site.root()).is_empty());
}

#[test]
fn css_nested_800_deep_is_a_located_error_not_a_crash() {
    assert_fails_located(
        "css-too-deep",
        "static/css/deep.css:1:130",
        "CSS nested more than 64 levels deep",
        Some("flatten the nesting"),
    );
}

#[test]
fn not_finite_numbers_are_refused_at_their_line_an_import_cycle_located_and_a_bom_accepted() {
    assert_fails_located(
        "data-not-finite",
        "content/data/warmup.yaml:2:18",
        "`.nan` is not a finite number",
        None,
    );
    assert_fails_located("css-import-cycle", "static/css/_cycle-b.css:1:1", "CSS `@import` cycle", None);
    let site = Fixture::new("good");
    for rel in ["site.yaml", "content/data/warmup.yaml", "content/guide/brace.md"] {
        let text = site.read(rel);
        site.write(rel, &format!("\u{feff}{text}"));
    }
    site.hinge(&["build"]).assert_ok();
    assert!(site.read("public/guide/brace/index.html").contains("Bracing"));
}

#[test]
fn messages_name_the_real_file_once_without_terminal_escapes() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    // An alias on the feed's path is located at the alias, naming both producers.
    let brace =
        site.read("content/guide/brace.md").replacen("weight: 2\n", "weight: 2\naliases: [atom.xml]\n", 1);
    site.write("content/guide/brace.md", &brace);
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("--> content/guide/brace.md:5:11"), "{}", run.stderr());
    assert!(run.stderr().contains("the alias `atom.xml` of `content/guide/brace.md`"), "{}", run.stderr());
    assert!(!run.stderr().contains("hinge-new"), "no temporary path: {}", run.stderr());
    // Escape codes in a source line are shown, not sent to the terminal; 3,000 broken links
    // on one line print at most 20 errors of bounded length.
    let links: String = (0..3000).map(|i| format!("[x](nowhere-{i}.md) ")).collect();
    site.write("content/guide/brace.md", &format!("---\ntitle: B\n---\n\n\u{1b}[2J{links}\n"));
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(!stderr.contains('\u{1b}'), "no raw escape codes");
    assert!(stderr.len() < 20_000, "{} bytes of errors", stderr.len());
    assert!(stderr.contains("2980 more errors in `content/guide/brace.md` not shown"), "{stderr}");
    // A file that is not UTF-8 is one located error, reported with the others.
    let plates = site.root().join("content/data/plates.yaml");
    let mut bytes = b"# caf\xe9\n".to_vec();
    bytes.extend(std::fs::read(&plates).unwrap());
    std::fs::write(&plates, bytes).unwrap();
    let stderr = site.hinge(&["build"]).stderr();
    assert_eq!(stderr.matches("content/data/plates.yaml").count(), 1, "{stderr}");
    assert!(stderr.contains("--> content/data/plates.yaml:1:6"), "{stderr}");
    assert!(stderr.contains("content/guide/brace.md"), "reported together: {stderr}");
    assert_eq!(site.snapshot("public"), before);
}

#[test]
fn template_errors_name_the_template_file_once_and_loops_are_bounded() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    let page = std::fs::read_to_string(repo().join("themes/default/templates/page.html")).unwrap();
    let broken =
        page.replacen("{% block main %}", "{% block main %}{{ 1 | nofilter }}{% include \"nope.html\" %}", 1);
    site.write("templates/page.html", &broken);
    let stderr = site.hinge(&["build"]).stderr();
    assert!(!stderr.contains("error: error:"), "{stderr}");
    assert!(!stderr.contains("templates:1:1"), "{stderr}");
    assert!(stderr.contains("error: Unknown filter `nofilter`\n --> templates/page.html:2:"), "{stderr}");
    assert!(stderr.contains("error: Unknown template `nope.html`\n --> templates/page.html:2:"), "{stderr}");
    assert_eq!(site.snapshot("public"), before);
    // Loops nested five deep are refused at the fifth loop, before any page is rendered.
    let loops = "{% for a in x %}{% for b in a %}{% for c in b %}{% for d in c %}{% for e in d %}{{ e }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
    site.write(
        "templates/page.html",
        &page.replacen("{% block main %}", &format!("{{% block main %}}\n{loops}"), 1),
    );
    let stderr = site.hinge(&["build"]).stderr();
    assert!(stderr.contains("loops nest more than 4 deep here\n --> templates/page.html:3:65"), "{stderr}");
    assert_eq!(site.snapshot("public"), before);
    // A loop that runs away stops at the output cap, blamed on the page being rendered.
    let runaway =
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}0123456789{% endfor %}{% endfor %}";
    site.write(
        "templates/page.html",
        &page.replacen("{% block main %}", &format!("{{% block main %}}{runaway}"), 1),
    );
    let stderr = site.hinge(&["build"]).stderr();
    assert!(stderr.contains("the output passed 64 MB; is a template loop running away?"), "{stderr}");
    assert_eq!(site.snapshot("public"), before);
}

#[test]
fn file_names_with_url_characters_build_and_are_linked_without_false_alarms() {
    let site = Fixture::new("good");
    for name in ["a#b.txt", "c?d.txt", "e%f.txt"] {
        site.write(&format!("static/{name}"), "hi\n");
    }
    site.write(
        "content/guide/x#y.md",
        "---\ntitle: Hash\n---\n\nSee [a](/a%23b.txt), [c](/c%3Fd.txt), [e](/e%25f.txt).\n",
    );
    site.write("content/guide/50% off?.md", "---\ntitle: Odd\n---\n\nBack to [hash](x%23y.md).\n");
    site.hinge(&["build"]).assert_ok();
    assert!(site.read("public/guide/x-y/index.html").contains("href=\"/a%23b.txt\""));
    assert!(site.read("public/guide/50--off-/index.html").contains("href=\"/guide/x-y/\""));
    assert_eq!(site.read("public/a#b.txt"), "hi\n");
}

#[test]
fn a_bad_base_url_and_a_second_404_page_are_blamed_where_they_come_from() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    let run = site.hinge(&["build", "--base-url", "http://x.org/a b/"]);
    assert_eq!(run.code(), 2, "a command-line mistake: {}", run.stderr());
    assert!(run.stderr().contains("(given by --base-url or HINGE_BASE_URL)"), "{}", run.stderr());
    assert!(
        !run.stderr().contains("content/_index.md") && !run.stderr().contains("site.yaml:"),
        "{}",
        run.stderr()
    );
    site.write("static/404.html", "<p>mine</p>\n");
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("the output `404.html` is written twice: by the file `static/404.html`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> static/404.html:1:1"), "{stderr}");
    assert_eq!(
        stderr.matches("error:").count(),
        2,
        "one error and the summary, no echo from the link check: {stderr}"
    );
    assert_eq!(site.snapshot("public"), before);
}

#[test]
fn work_is_linear_in_the_input() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    let headings: String = (0..20_000).map(|_| "## Same\n\n").collect();
    site.write("content/guide/same.md", &format!("---\ntitle: Same\n---\n\n{headings}"));
    let faults: String = (0..2_000).map(|_| "```faults\n```\n\n").collect();
    site.write("content/guide/faults.md", &format!("---\ntitle: Faults\n---\n\n{faults}"));
    let started = Instant::now();
    site.hinge(&["build"]).assert_ok();
    let took = started.elapsed();
    assert_ne!(site.snapshot("public"), before);
    let same = site.read("public/guide/same/index.html");
    assert!(same.contains("id=\"same-19999\""), "ids stay unique");
    assert!(took < Duration::from_secs(40), "20,000 headings and 2,000 components took {took:?}");
    // 200 KB of nested flow mappings in front matter: refused at the depth limit, quickly.
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write("content/guide/nested.md", &format!("---\ntitle: {}\n---\n", "{a: ".repeat(50_000)));
    let started = Instant::now();
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("--> content/guide/nested.md:2:"), "{}", run.stderr());
    assert!(run.stderr().contains("YAML nested more than 32 levels deep"), "{}", run.stderr());
    assert!(run.stderr().len() < 4_000, "{}", run.stderr().len());
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    assert_eq!(site.snapshot("public"), before);
}

/// A `hinge serve --bind 0.0.0.0` on a free port, its stderr in a file; killed on drop.
struct Served {
    child: Child,
    port: u16,
    stderr: std::path::PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_everywhere(site: &Fixture) -> Served {
    use std::io::BufRead;
    let stderr = site.root().join("../serve-stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hinge"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok());
    Served { child, port: port.unwrap_or_else(|| panic!("no port in `{line}`")), stderr }
}

/// Sends `request` and reads the whole answer.
/// The resident memory of process `pid`, in KB (Linux's /proc).
fn resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn exchange(port: u16, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// Polls `/guide/brace/` until it contains `text`.
fn wait_for_page(port: u16, path: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    while !exchange(port, &request).contains(text) {
        assert!(Instant::now() < deadline, "`{text}` never appeared at {path}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_sees_every_save_pattern_times_out_slow_clients_and_warns_when_exposed() {
    let site = Fixture::new("good");
    let server = serve_everywhere(&site);
    let port = server.port;
    wait_for_page(port, "/guide/brace/", "as if for a punch");
    // Atomic saves (write a temporary file, rename it over), twice: both are seen.
    let mut last = "as if for a punch".to_string();
    for word in ["Inhale", "Hold"] {
        let text = site.read("content/guide/brace.md").replace(&last, word);
        last = word.to_string();
        site.write("content/guide/brace.md.tmp", &text);
        std::fs::rename(
            site.root().join("content/guide/brace.md.tmp"),
            site.root().join("content/guide/brace.md"),
        )
        .unwrap();
        wait_for_page(port, "/guide/brace/", word);
    }
    // content/ replaced as a whole (git checkout, a folder restored), then edited.
    let root = site.root();
    std::fs::rename(root.join("content"), root.join("content.old")).unwrap();
    assert!(
        Command::new("cp")
            .arg("-r")
            .arg(root.join("content.old"))
            .arg(root.join("content"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::remove_dir_all(root.join("content.old")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let text = site.read("content/guide/brace.md").replace("Hold", "Replaced");
    site.write("content/guide/brace.md", &text);
    wait_for_page(port, "/guide/brace/", "Replaced");
    // A static/ folder created after start is watched.
    site.write("static/notes.txt", "created later\n");
    wait_for_page(port, "/notes.txt", "created later");
    // Half-sent headers are dropped after the header-read timeout.
    let started = Instant::now();
    let answer = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n");
    assert!(started.elapsed() < Duration::from_secs(15), "held for {:?}: {answer}", started.elapsed());
    // At most 64 live-reload listeners.
    let mut streams = Vec::new();
    for _ in 0..64 {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /__hinge/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        streams.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let refused = exchange(port, "GET /__hinge/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    // Listeners that never read do not make the server hold their unread events: 20 rebuilds,
    // each announced to 64 silent tabs, leave its memory where it was (within 40 MB).
    let rss_before = resident_kb(server.child.id());
    for i in 0..20 {
        let text = site.read("content/guide/brace.md").replace("Replaced", &format!("Edit{i}"));
        site.write("content/guide/brace.md", &text);
        wait_for_page(port, "/guide/brace/", &format!("Edit{i}"));
        site.write("content/guide/brace.md", &text.replace(&format!("Edit{i}"), "Replaced"));
        wait_for_page(port, "/guide/brace/", "Replaced");
    }
    let grown = resident_kb(server.child.id()).saturating_sub(rss_before);
    assert!(grown < 40_000, "the server grew by {grown} KB with 64 silent listeners");
    drop(streams);
    let stderr = std::fs::read_to_string(&server.stderr).unwrap();
    assert!(stderr.contains("warning: listening on 0.0.0.0, not loopback"), "{stderr}");
    assert!(stderr.contains("reachable from the network at http://"), "{stderr}");
}

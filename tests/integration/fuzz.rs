//! A bounded fuzz run (issue 12): random mutations of the good fixture's front matter, data
//! YAML, component blocks and CSS, built in process and, every few inputs, with the real binary.
//! Asserts: no panic, every failure a located error in a file of the site, and a failed build
//! leaves the previous `public/` byte-identical. Its corpus is `tests/fixtures/fuzz/`.

use crate::support::{Fixture, repo};
use hinge::{BuildError, BuildOptions, build_in_memory};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

/// A small deterministic random source (xorshift64*), so a failing run can be replayed by seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A corpus line with its escapes (`\n`, `\t`, `\u{XXXX}`, `\xFF`) turned into bytes.
fn unescape(line: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out.extend_from_slice(&rest.as_bytes()[..at]);
        let tail = &rest[at + 1..];
        let (bytes, used) = match tail.as_bytes().first() {
            Some(b'n') => (vec![b'\n'], 1),
            Some(b't') => (vec![b'\t'], 1),
            Some(b'x') if tail.len() >= 3 => (vec![u8::from_str_radix(&tail[1..3], 16).unwrap_or(b'?')], 3),
            Some(b'u') if tail.starts_with("u{") => {
                let end = tail.find('}').unwrap_or(tail.len() - 1);
                let c = u32::from_str_radix(&tail[2..end], 16).ok().and_then(char::from_u32).unwrap_or('?');
                (c.to_string().into_bytes(), end + 1)
            }
            _ => (vec![b'\\'], 0),
        };
        out.extend(bytes);
        rest = &tail[used..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// One random edit of `bytes`: a token spliced in, a range deleted or doubled, a byte changed.
fn mutate(bytes: &[u8], tokens: &[Vec<u8>], random: &mut Random) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + random.below(3) {
        let at = random.below(out.len() + 1);
        let len = random.below(24).min(out.len() - at);
        match random.below(5) {
            0 | 1 => {
                let token = &tokens[random.below(tokens.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 => {
                out.drain(at..at + len);
            }
            3 => {
                let copy = out[at..at + len].to_vec();
                out.splice(at..at, copy);
            }
            _ if at < out.len() => {
                const BYTES: &[u8] = b" {}[]:-#\n\"'0a";
                out[at] = BYTES[random.below(BYTES.len())];
            }
            _ => {}
        }
    }
    out
}

/// Every `--> path:line:column` of an error report must name a file of the site.
fn assert_located(report: &str, root: &Path, input: &str) {
    let locations: Vec<&str> = report.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect();
    let errors =
        report.lines().filter(|l| l.starts_with("error: ") && !l.contains("could not be built")).count();
    let shown = errors - report.lines().filter(|l| l.contains("more errors in")).count();
    assert!(!locations.is_empty() && locations.len() == shown, "{input}: unlocated error in\n{report}");
    for location in locations {
        let path = location.rsplitn(3, ':').nth(2).unwrap_or("");
        assert!(root.join(path).is_file(), "{input}: `{path}` is not a file of the site:\n{report}");
    }
}

#[test]
fn random_mutations_never_panic_and_always_fail_located() {
    let corpus = repo().join("tests/fixtures/fuzz");
    let read = |name: &str| std::fs::read_to_string(corpus.join(name)).unwrap();
    let tokens: Vec<Vec<u8>> = read("tokens.txt").lines().map(unescape).collect();
    let targets: Vec<String> = read("targets.txt").lines().map(str::to_string).collect();
    let budget = std::env::var("HINGE_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(45);
    let seed = std::env::var("HINGE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1234_5678);
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let mut public = site.snapshot("public");
    let options = BuildOptions { root: site.root().to_path_buf(), ..Default::default() };
    let mut random = Random(seed);
    let (mut tried, mut failed, mut panics) = (0usize, 0usize, 0usize);
    let deadline = Instant::now() + Duration::from_secs(budget);
    while Instant::now() < deadline {
        let target = &targets[random.below(targets.len())];
        let path = site.root().join(target);
        let original = std::fs::read(&path).unwrap();
        let mutated = mutate(&original, &tokens, &mut random);
        std::fs::write(&path, &mutated).unwrap();
        let input = format!("input {tried} (seed {seed}) in {target}");
        tried += 1;
        if tried % 20 == 0 {
            // The real binary: a failure leaves public/ as it was.
            let run = site.hinge(&["build"]);
            match run.code() {
                0 => public = site.snapshot("public"),
                1 => {
                    assert_located(&run.stderr(), site.root(), &input);
                    assert_eq!(site.snapshot("public"), public, "{input}: public/ changed");
                    failed += 1;
                }
                code => panic!("{input}: exit {code}\n{}", run.stderr()),
            }
        } else {
            match catch_unwind(AssertUnwindSafe(|| build_in_memory(&options))) {
                Ok(Ok(_)) => {}
                Ok(Err(BuildError::Content(diagnostics))) => {
                    let report: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
                    assert_located(&report, site.root(), &input);
                    failed += 1;
                }
                Ok(Err(other)) => panic!("{input}: not a content error: {}", describe(&other)),
                Err(_) => panics += 1,
            }
        }
        assert_eq!(panics, 0, "{input} panicked:\n{}", String::from_utf8_lossy(&mutated));
        std::fs::write(&path, &original).unwrap();
    }
    eprintln!(
        "fuzz: {tried} inputs tried in {budget} s, {failed} failed with located errors, {panics} panics"
    );
    assert!(tried > 0);
}

fn describe(err: &BuildError) -> String {
    format!("{err:?}")
}

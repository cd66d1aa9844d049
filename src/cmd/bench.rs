//! Benchmark support (hidden subcommands): a deterministic corpus generator and the "floor".
//!
//! `hinge bench-corpus --pages N --out DIR [--variant plain|code|flat]` writes a site of N
//! ~600-word articles with front matter, headings, lists, a table, relative links and anchors, a
//! section listing paginated by 50, and one exercise file per 20 articles; `code` adds one code
//! block a page, `flat` puts the articles directly in `content/` (the home lists them). `hinge bench-floor --src DIR --out DIR`
//! is the least work any generator must do: read every markdown file, render it with
//! pulldown-cmark alone and write one HTML file per page. `bench/run` times both.

pub(crate) use crate::cli::Variant;
use crate::fsutil;
use anyhow::Result;
use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

const WORDS: [&str; 48] = [
    "brace",
    "hinge",
    "hips",
    "bar",
    "floor",
    "spine",
    "neutral",
    "glutes",
    "hamstrings",
    "load",
    "tempo",
    "set",
    "rep",
    "week",
    "pain",
    "morning",
    "session",
    "warm",
    "plate",
    "grip",
    "lats",
    "knees",
    "feet",
    "push",
    "slowly",
    "film",
    "side",
    "form",
    "clean",
    "rest",
    "walk",
    "core",
    "stable",
    "light",
    "heavy",
    "start",
    "finish",
    "lockout",
    "breathe",
    "exhale",
    "steady",
    "calm",
    "return",
    "progress",
    "repeat",
    "stage",
    "gentle",
    "strong",
];

/// The home page of a flat corpus: it lists the articles, 50 a page.
const FLAT_HOME: &str =
    "---\ntitle: Benchmark\ndescription: The corpus home.\npaginate_by: 50\n---\n\nAll posts.\n";

/// The corpus files that do not depend on N: configuration, home, the section, one red flag.
const CORPUS_FILES: [(&str, &str); 4] = [
    (
        "site.yaml",
        "title: Benchmark corpus\ndescription: Generated pages for timing hinge.\nbase_url: https://example.github.io/bench/\ntheme: default\nsocial_cards: false\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Benchmark\ndescription: The corpus home.\n---\n\nSee [the posts](posts/_index.md).\n",
    ),
    (
        "content/posts/_index.md",
        "---\ntitle: Posts\ndescription: Every generated post.\npaginate_by: 50\n---\n\nAll posts.\n",
    ),
    (
        "content/data/red-flags.yaml",
        "emergency_numbers:\n  - {label: UK, numbers: [\"999\"]}\ntiers:\n  - {id: emergency, heading: Emergency, action: Call now., planner: stop, ask: every-session, emergency: true}\nsigns:\n  - id: saddle-numbness\n    tier: emergency\n    sign: Numbness in the saddle area.\n    advice: It can mean nerve pressure.\n    question: Any numbness between your legs?\npage:\n  title: Red flags\n  description: When to stop and see a doctor.\n",
    ),
];

/// `hinge bench-corpus`: writes the corpus and says so.
pub(crate) fn run_corpus(out: &Path, pages: usize, variant: Variant) -> u8 {
    report(write_corpus(out, pages, variant).map(|()| format!("wrote {pages} pages to {}", out.display())))
}

/// `hinge bench-floor`: renders the corpus with pulldown-cmark alone.
pub(crate) fn run_floor(src: &Path, out: &Path) -> u8 {
    report(floor(src, out).map(|n| format!("floor: {n} pages")))
}

/// Prints a plumbing command's outcome and maps it to an exit status.
fn report(result: Result<String>) -> u8 {
    match result {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            1
        }
    }
}

/// A tiny deterministic generator (xorshift64*), so every corpus is the same byte for byte.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        let mut chars = s.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('X');
        format!("{first}{}.", chars.as_str())
    }

    fn paragraph(&mut self, sentences: usize) -> String {
        (0..sentences)
            .map(|_| {
                let words = 8 + self.below(8);
                self.sentence(words)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Writes the benchmark corpus of `pages` articles under `out` (which must not exist yet).
pub(crate) fn write_corpus(out: &Path, pages: usize, variant: Variant) -> Result<()> {
    anyhow::ensure!(!out.exists(), "`{}` already exists", out.display());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (path, text) in CORPUS_FILES {
        let text = match (variant, path) {
            (Variant::Flat, "content/posts/_index.md") => continue,
            (Variant::Flat, "content/_index.md") => FLAT_HOME,
            _ => text,
        };
        fsutil::write(&out.join(path), text.as_bytes())?;
    }
    let exercises = pages.div_ceil(20);
    (0..exercises).into_par_iter().try_for_each(|i| {
        let text = format!(
            "name: Drill {i}\nsummary: A generated drill.\ncategory: core\ndose:\n  sets: 3\n  reps: \"8-10\"\nsteps:\n  - Brace.\n  - Move slowly.\n"
        );
        fsutil::write(&out.join(format!("content/exercises/drill-{i}.yaml")), text.as_bytes())
    })?;
    let dir = if variant == Variant::Flat { "content" } else { "content/posts" };
    let texts: Vec<String> = (0..pages).map(|i| article(&mut rng, i, pages, variant)).collect();
    texts
        .par_iter()
        .enumerate()
        .try_for_each(|(i, text)| fsutil::write(&out.join(format!("{dir}/post-{i}.md")), text.as_bytes()))
}

fn article(rng: &mut Rng, i: usize, pages: usize, variant: Variant) -> String {
    let mut md = String::with_capacity(5000);
    let day = 1 + i % 28;
    let _ = write!(
        md,
        "---\ntitle: Post {i}\ndate: 2026-01-{day:02}\ndescription: {}\n---\n\n",
        rng.sentence(12)
    );
    let _ = writeln!(md, "{}\n", rng.paragraph(4));
    let _ = writeln!(md, "## Setup\n\n{}\n", rng.paragraph(5));
    for _ in 0..4 {
        let _ = writeln!(md, "- {}", rng.sentence(6));
    }
    let other = (i * 7 + 1) % pages;
    let up = if variant == Variant::Flat { "" } else { "../" };
    let _ = writeln!(
        md,
        "\nSee [post {other}](post-{other}.md#the-pull) and [a drill]({up}exercises/drill-{}.yaml).\n",
        i % pages.div_ceil(20)
    );
    let _ = writeln!(md, "## The pull\n\n{}\n", rng.paragraph(5));
    md.push_str("| Week | Load | Reps |\n|---|---|---|\n");
    for w in 1..=4 {
        let _ = writeln!(md, "| {w} | {} | 5 |", 40 + w * 5);
    }
    if variant == Variant::Code {
        // Every page's block differs, so no cache or memo inside one build can skip the work.
        let _ = writeln!(
            md,
            "\n```rust\n/// Post {i}: the load for a week.\nfn load(week: u32) -> u32 {{\n    {} + week * {}\n}}\n```",
            20 + i % 40,
            1 + i % 9
        );
    }
    let _ = writeln!(
        md,
        "\n## Recovery\n\n{}\n\n{}\n\n{}\n",
        rng.paragraph(6),
        rng.paragraph(6),
        rng.paragraph(5)
    );
    let _ = writeln!(md, "### Notes\n\n{}\n\n{}\n", rng.paragraph(5), rng.paragraph(4));
    md
}

/// Reads every `.md` under `src`, renders it with pulldown-cmark alone, writes one file each.
pub(crate) fn floor(src: &Path, out: &Path) -> Result<usize> {
    let files: Vec<_> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().enumerate().try_for_each(|(i, path)| -> Result<()> {
        let text = String::from_utf8(fsutil::read(path)?)?;
        let mut out_html = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut out_html, Parser::new_ext(&text, Options::all()));
        fsutil::write(&out.join(format!("{i}/index.html")), out_html.as_bytes())
    })?;
    Ok(files.len())
}

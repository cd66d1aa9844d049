//! Images for editors (issue 14): a markdown image and a `figure` block become a responsive
//! `<picture>` (sizes written, never upscaled, WebP where smaller, width and height set, lazy);
//! a second build takes every image from the cache; an exercise's photo and video are shown;
//! and a missing image, a missing alt text or an oversized file fail the build located, with
//! `public/` unchanged.

use crate::build::assert_fails_located;
use crate::support::Fixture;

/// The `<picture>...</picture>` elements of a page.
pub fn pictures(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("<picture") {
        let start = from + at;
        let end = start + html[start..].find("</picture>").expect("closed picture") + "</picture>".len();
        out.push(&html[start..end]);
        from = end;
    }
    out
}

/// The value of `name="..."` in the first tag of `html` that has it.
fn attr<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let open = format!(" {name}=\"");
    let start = html.find(&open)? + open.len();
    Some(&html[start..start + html[start..].find('"')?])
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// `images encoded=N reused=M`, from a build's debug log.
fn image_counts(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("images processed")).expect("the images log line");
    let mut plain = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| *c == 'm');
        } else {
            plain.push(c);
        }
    }
    let line = plain.as_str();
    let number = |key: &str| {
        let at = line.find(key).expect(key) + key.len();
        line[at..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    (number("encoded="), number("reused="))
}

#[test]
fn a_photo_gets_resized_copies_webp_and_every_attribute() {
    let site = Fixture::new("good");
    site.hinge(&["build", "--base-url", "https://example.org/sub/"]).assert_ok();
    let html = site.read("public/guide/photo/index.html");
    let found = pictures(&html);
    assert_eq!(found.len(), 2, "the markdown image and the figure block: {html}");
    for picture in &found {
        for needle in
            ["loading=\"lazy\"", "decoding=\"async\"", "width=\"800\"", "height=\"600\"", "sizes=\""]
        {
            assert!(picture.contains(needle), "`{needle}` in {picture}");
        }
        assert!(!picture.contains("style="), "{picture}");
        assert!(picture.contains("<source type=\"image/webp\""), "WebP is smaller than this PNG: {picture}");
        let img = &picture[picture.find("<img").unwrap()..];
        let srcset = attr(img, "srcset").unwrap();
        let mut widths = Vec::new();
        for candidate in srcset.split(", ") {
            let (url, width) = candidate.split_once(' ').unwrap();
            let rel = url.strip_prefix("/sub/").expect("URLs carry the base path");
            let bytes = std::fs::read(site.root().join("public").join(rel)).unwrap();
            let (w, h) = png_size(&bytes);
            assert_eq!(format!("{w}w"), width);
            assert_eq!(h * 4, w * 3, "the aspect ratio is kept");
            widths.push(w);
            eprintln!("{rel}: {} bytes", bytes.len());
        }
        assert_eq!(widths, [480, 800], "resized down to 480, never up past 800");
    }
    assert!(html.contains("<figcaption>Hips back until the hamstrings stop you."), "{html}");
    assert!(html.contains("Photo: the hinge editors, CC BY 4.0"), "{html}");
    assert!(html.contains("alt=\"A lifter hinged over a barbell, back flat, hips behind the heels\""));
    let webp: Vec<_> =
        site.snapshot("public/images").into_iter().filter(|(p, _)| p.ends_with(".webp")).collect();
    assert_eq!(webp.len(), 2, "{:?}", webp.iter().map(|(p, _)| p).collect::<Vec<_>>());
    for (path, bytes) in &webp {
        assert_eq!(&bytes[..4], b"RIFF", "{path}");
        eprintln!("images/{path}: {} bytes", bytes.len());
    }
    assert!(html.contains("media-src 'self'"), "the CSP allows self-hosted video");
}

#[test]
fn a_second_build_re_encodes_no_image() {
    let site = Fixture::new("good");
    let log = [("HINGE_LOG", "hinge=debug")];
    let first = site.hinge_env(&["build"], &log);
    first.assert_ok();
    assert_eq!(image_counts(&first.stderr()), (1, 0), "one photo, encoded once: {}", first.stderr());
    assert!(site.root().join(".hinge-cache/images").is_dir(), "the cache sits outside public/");
    assert!(!site.root().join("public/.hinge-cache").exists());
    let before = site.snapshot("public");
    let second = site.hinge_env(&["build"], &log);
    second.assert_ok();
    assert_eq!(image_counts(&second.stderr()), (0, 1), "{}", second.stderr());
    assert_eq!(site.snapshot("public"), before, "the cached copies are the same bytes");
    // A changed image is encoded again.
    let photo = site.root().join("content/guide/photos/hinge-practice.png");
    let mut bytes = std::fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"\0\0\0\0IEND");
    std::fs::write(&photo, bytes).unwrap();
    let third = site.hinge_env(&["build"], &log);
    third.assert_ok();
    assert_eq!(image_counts(&third.stderr()), (1, 0), "{}", third.stderr());
}

#[test]
fn an_exercise_shows_its_photo_and_its_video_with_a_poster() {
    let site = Fixture::new("good");
    let photo = std::fs::read(site.root().join("content/guide/photos/hinge-practice.png")).unwrap();
    std::fs::create_dir_all(site.root().join("content/exercises/media")).unwrap();
    std::fs::write(site.root().join("content/exercises/media/dead-bug.png"), &photo).unwrap();
    site.write("content/exercises/media/dead-bug.mp4", "not really a video");
    let yaml = site.read("content/exercises/dead-bug.yaml");
    site.write(
        "content/exercises/dead-bug.yaml",
        &format!(
            "{yaml}\nphoto:\n  src: media/dead-bug.png\n  alt: Lying on the back, arms and knees up\n  credit: \"Photo: us\"\nvideo:\n  src: media/dead-bug.mp4\n  poster: media/dead-bug.png\n  caption: Arm and opposite leg lower slowly, back flat\n"
        ),
    );
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/exercises/dead-bug/index.html");
    assert_eq!(pictures(&html).len(), 1, "{html}");
    assert!(html.contains("alt=\"Lying on the back, arms and knees up\""), "{html}");
    let video = &html[html.find("<video").expect("a video")..];
    assert!(video.contains("poster=\"/images/dead-bug-"), "{video}");
    assert!(video.contains("src=\"/exercises/media/dead-bug.mp4\" type=\"video/mp4\""), "{video}");
    assert!(video.contains("width=\"800\" height=\"600\""), "{video}");
    assert!(html.contains("Arm and opposite leg lower slowly, back flat</figcaption>"), "{html}");
}

#[test]
fn a_missing_image_fails_located() {
    assert_fails_located(
        "image-missing",
        "content/guide/photo.md:7:1",
        "image `content/guide/photos/nope.png` does not exist",
        Some("relative to this file"),
    );
}

#[test]
fn an_image_without_alt_text_fails_located() {
    assert_fails_located("image-no-alt", "content/guide/photo.md:5:10", "has no alt text", None);
    assert_fails_located("figure-no-alt", "content/guide/photo.md:6:1", "has no alt text", None);
}

#[test]
fn an_image_over_the_configured_size_fails_located() {
    assert_fails_located(
        "image-too-large",
        "content/guide/photo.md:11:1",
        "is 315060 bytes, over the limit of 100000 (`images.max_bytes`)",
        Some("raise `images.max_bytes`"),
    );
}

#[test]
fn an_exercise_photo_without_alt_text_fails_at_the_field() {
    let site = Fixture::new("good");
    let yaml = site.read("content/exercises/dead-bug.yaml");
    let text = format!("{yaml}\nphoto:\n  src: ../guide/photos/hinge-practice.png\n  alt: \"\"\n");
    let line = text.lines().position(|l| l.starts_with("  alt:")).unwrap() + 1;
    site.write("content/exercises/dead-bug.yaml", &text);
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!("--> content/exercises/dead-bug.yaml:{line}:")),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("has no alt text"), "{}", run.stderr());
}

#[test]
fn an_article_with_photos_does_not_shift_as_they_load() {
    let Some(chromium) = crate::browser_support::chromium() else { return };
    let site = Fixture::new("good");
    site.hinge(&["build", "--base-url", "https://example.org/rehab-guide/"]).assert_ok();
    let server = crate::browser_support::StaticServer::start(&site.root().join("public"));
    let session = crate::browser_support::Session::launch(&chromium);
    for (width, height) in [(390, 844), (1280, 800)] {
        session.set_viewport(width, height);
        session.open(&server.url("guide/photo/"));
        session.json(
            "(() => { window.__cls = 0; window.__shifts = []; new PerformanceObserver(list => { for (const e of list.getEntries()) \
             { if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push(e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?').join(' ')); } } }).observe({ type: 'layout-shift', buffered: true }); \
             return true; })()",
        );
        session.json("(() => { window.scrollTo(0, document.body.scrollHeight); return true; })()");
        session.wait_for("[...document.images].every(i => i.complete && i.naturalWidth > 0)");
        std::thread::sleep(std::time::Duration::from_millis(300));
        let cls = session.json("window.__cls").as_f64().unwrap();
        assert_eq!(cls, 0.0, "{width}px: cumulative layout shift from {}", session.json("window.__shifts"));
        let chosen = session.json("[...document.images].map(i => [i.currentSrc, i.getBoundingClientRect().width, i.getBoundingClientRect().height])");
        for image in chosen.as_array().unwrap() {
            assert!(image[0].as_str().unwrap().ends_with(".webp"), "the browser takes the WebP: {image}");
            let (w, h) = (image[1].as_f64().unwrap(), image[2].as_f64().unwrap());
            assert!((h - w * 0.75).abs() < 1.5, "the box keeps the photo's shape: {image}");
        }
        session.assert_clean(&format!("photo article at {width}px"));
    }
}

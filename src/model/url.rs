//! URLs and paths: the one place that knows how a site path, a base path and a link fit together.
//!
//! Every URL in the output is made by [`site_url`]; every link is taken apart by the same
//! helpers, whether the parse stage resolves a markdown link or the check stage follows an
//! `href` in the built HTML.

/// Joins a site-relative path onto the base path: `site_url("/repo/", "/guide/")` is `/repo/guide/`.
pub(crate) fn site_url(base_path: &str, path: &str) -> String {
    format!("{base_path}{}", path.trim_start_matches('/'))
}

/// The output file a site path is served from: a directory's `index.html`, else the path
/// itself (`guide/a/` → `guide/a/index.html`, `` → `index.html`, `css/x.css` stays).
pub(crate) fn output_path(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// The output file for a redirect from an old path (`old/` and `old` give `old/index.html`,
/// `old.html` stays); `None` for anything that is not a path inside the site.
pub(crate) fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() || has_scheme(trimmed) || trimmed.split('/').any(|p| p == ".." || p == ".") {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(trimmed.to_string())
    } else {
        Some(output_path(&format!("{}/", trimmed.trim_end_matches('/'))))
    }
}

/// The site path a request asks for, or `None` for anything that tries to leave the site.
pub(crate) fn request_path(raw_path: &str) -> Option<String> {
    let decoded = percent_decode(raw_path);
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.split('/').any(|part| part == ".." || part == ".") {
        return None;
    }
    Some(trimmed.to_string())
}

/// A link destination taken apart, the same way wherever a link is followed: a markdown link
/// in the parse stage, an `href` of the built site in the check stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link<'a> {
    /// Empty, absolute (`https:`, `mailto:`) or protocol-relative (`//host/`): not the site's.
    External,
    /// `#fragment` (or `?query#fragment`) on the same page.
    SamePage {
        /// The fragment without `#`, possibly empty.
        fragment: &'a str,
    },
    /// A path from the root, without its leading `/` and its query.
    Rooted {
        /// The path, still percent-encoded.
        path: &'a str,
        /// The fragment without `#`, if any.
        fragment: Option<&'a str>,
    },
    /// A path relative to the linking file, without its query.
    Relative {
        /// The path, still percent-encoded.
        path: &'a str,
        /// The fragment without `#`, if any.
        fragment: Option<&'a str>,
    },
}

/// Takes a link destination apart.
pub(crate) fn parse_link(dest: &str) -> Link<'_> {
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return Link::External;
    }
    let (path_and_query, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path_and_query.split('?').next().unwrap_or_default();
    match path.strip_prefix('/') {
        _ if path.is_empty() => Link::SamePage { fragment: fragment.unwrap_or_default() },
        Some(rooted) => Link::Rooted { path: rooted, fragment },
        None => Link::Relative { path, fragment },
    }
}

/// `path` (percent-encoded), written in a file at `from` (a `/`-separated path), as a path from
/// the root; `None` if it climbs above the root.
pub(crate) fn join_relative(from: &str, path: &str) -> Option<String> {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    normalize(dir, &percent_decode(path))
}

/// The relative link a file at `from` writes to reach `to` (both relative to `content/`):
/// from `guide/a.md`, `guide/b.md` is `b.md` and `data/x.yaml` is `../data/x.yaml`.
pub(crate) fn relative_link(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.rsplit_once('/').map_or(vec![], |(d, _)| d.split('/').collect());
    let target: Vec<&str> = to.split('/').collect();
    let (dirs, name) = target.split_at(target.len().saturating_sub(1));
    let common = from_dir.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&dirs[common..]);
    parts.extend(name);
    parts.join("/")
}

/// True for `https:`, `mailto:` and other absolute URLs.
pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins `rel` onto `dir` and resolves `.` and `..`; `None` if it climbs out of the root.
pub(crate) fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%20`-style escapes, leaving malformed ones as they are.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| s.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()))
            .flatten();
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_only_as_far_as_needed() {
        assert_eq!(relative_link("guide/a.md", "guide/b.md"), "b.md");
        assert_eq!(relative_link("guide/deep/a.md", "data/red-flags.yaml"), "../../data/red-flags.yaml");
        assert_eq!(relative_link("_index.md", "guide/b.md"), "guide/b.md");
        assert_eq!(relative_link("guide/a.md", "_index.md"), "../_index.md");
    }

    #[test]
    fn output_and_alias_paths() {
        assert_eq!(output_path(""), "index.html");
        assert_eq!(output_path("guide/a/"), "guide/a/index.html");
        assert_eq!(output_path("css/x.css"), "css/x.css");
        assert_eq!(alias_path("/old/name/").as_deref(), Some("old/name/index.html"));
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_path("../up"), None);
        assert_eq!(alias_path("https://x.org/"), None);
    }

    #[test]
    fn requests_cannot_leave_the_site() {
        assert_eq!(request_path("/guide/a/").as_deref(), Some("guide/a/"));
        assert_eq!(request_path("/../etc/passwd"), None);
        assert_eq!(request_path("/guide/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(request_path("/a/..%2f..%2fsecret"), None);
        assert_eq!(request_path("/a\\..\\b"), None);
    }

    #[test]
    fn links_are_taken_apart() {
        assert_eq!(parse_link("https://x.org/"), Link::External);
        assert_eq!(parse_link(""), Link::External);
        assert_eq!(parse_link("#a"), Link::SamePage { fragment: "a" });
        assert_eq!(parse_link("/g/a/?q=1#b"), Link::Rooted { path: "g/a/", fragment: Some("b") });
        assert_eq!(parse_link("a%20b.md"), Link::Relative { path: "a%20b.md", fragment: None });
        assert_eq!(join_relative("guide/x.md", "../a%20b.md").as_deref(), Some("a b.md"));
        assert_eq!(join_relative("x.md", "../a.md"), None);
    }

    #[test]
    fn normalize_and_decode() {
        assert_eq!(normalize("guide", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(normalize("", "../a.md"), None);
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert!(has_scheme("mailto:x@y"));
        assert!(!has_scheme("a.md#x:y"));
    }
}

//! URLs and paths: the one place that knows how a site path, a base path and a link fit together.
//!
//! Every URL in the output is made by [`site_url`]; every link is taken apart by the same
//! helpers, whether the parse stage resolves a markdown link or the check stage follows an
//! `href` in the built HTML.

/// Joins a site-relative path onto the base path: `site_url("/repo/", "/guide/")` is `/repo/guide/`.
pub fn site_url(base_path: &str, path: &str) -> String {
    format!("{base_path}{}", path.trim_start_matches('/'))
}

/// True for `https:`, `mailto:` and other absolute URLs.
pub fn has_scheme(dest: &str) -> bool {
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
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
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
pub fn percent_decode(s: &str) -> String {
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
    fn normalize_and_decode() {
        assert_eq!(normalize("guide", "../a.md").as_deref(), Some("a.md"));
        assert_eq!(normalize("", "../a.md"), None);
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert!(has_scheme("mailto:x@y"));
        assert!(!has_scheme("a.md#x:y"));
    }
}

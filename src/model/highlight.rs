//! Highlighted code blocks kept between builds: syntect's HTML for a block, keyed by a hash of
//! hinge's version, the block's language and its text, so an unchanged block is never
//! highlighted twice. The load stage reads the cache, the parse stage looks blocks up and
//! returns what it highlighted afresh, and `hinge build` saves the blocks the site still uses.

use std::collections::HashMap;

/// The highlighted blocks of an earlier build, by [`highlight_key`].
#[derive(Debug, Default, Clone)]
pub(crate) struct Highlights {
    /// Key → the block's HTML.
    pub(crate) known: HashMap<u64, String>,
}

impl Highlights {
    /// The HTML an earlier build made for this key, if any.
    pub(crate) fn get(&self, key: u64) -> Option<&str> {
        self.known.get(&key).map(String::as_str)
    }
}

/// The cache key of a code block: hinge's version, the language and the text, hashed.
pub(crate) fn highlight_key(lang: &str, code: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[0]);
    hasher.update(lang.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_language_and_text() {
        assert_eq!(highlight_key("rust", "fn a() {}"), highlight_key("rust", "fn a() {}"));
        assert_ne!(highlight_key("rust", "fn a() {}"), highlight_key("toml", "fn a() {}"));
        assert_ne!(highlight_key("rust", "fn a() {}"), highlight_key("rust", "fn b() {}"));
        assert_ne!(highlight_key("ab", "c"), highlight_key("a", "bc"));
    }
}

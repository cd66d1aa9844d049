//! The words a page is found by: what the search index keeps of a text.
//!
//! The parse stage reduces each page body (with its components' bodies) to its distinct words
//! while it renders the markdown, and the render stage does the same for the data records it
//! indexes; both go through [`distinct_words`], so every entry's words are split and lowercased
//! alike, as the client's tokenizer splits a query.

use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// Every distinct word of `texts`, lowercased, in order of first use, joined by spaces.
/// A word is a run of letters and digits, as the client's tokenizer splits it. A word written
/// in lowercase is remembered as a slice of its text; only the others are copied, lowercased.
pub(crate) fn distinct_words<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    // Short keys, hashed once each: FxHash, not SipHash (no key here comes from an attacker
    // who could choose collisions that matter: the worst case is a slower build of their page).
    let mut seen: FxHashSet<Cow<'a, str>> = FxHashSet::default();
    let mut out = String::new();
    let mut lower = String::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                if seen.insert(Cow::Borrowed(word)) {
                    append_word(&mut out, word);
                }
                continue;
            }
            lower.clear();
            lower.push_str(&word.to_lowercase());
            if !seen.contains(lower.as_str()) {
                append_word(&mut out, &lower);
                seen.insert(Cow::Owned(lower.clone()));
            }
        }
    }
    out
}

/// Adds `word` to a space-separated list.
fn append_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_kept_once_in_order_of_first_use() {
        let words =
            distinct_words(["Sciatica: pain below the knee.", "The knee, the KNEE; stenosis"].into_iter());
        assert_eq!(words, "sciatica pain below the knee stenosis");
    }

    #[test]
    fn nothing_is_cut_from_a_long_page() {
        let long: String = (0..5000).map(|i| format!("w{i} ")).collect();
        assert!(distinct_words(std::iter::once(long.as_str())).ends_with("w4999"));
    }
}

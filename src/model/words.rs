//! The words a page is found by: what the search index keeps of a text.
//!
//! The parse stage reduces each page body (with its components' bodies) to its distinct words
//! while it renders the markdown, and the render stage does the same for the data records it
//! indexes; both go through [`distinct_words`], so every entry's words are split and lowercased
//! alike, as the client's tokenizer splits a query.

use std::collections::HashSet;

/// Every distinct word of `texts`, lowercased, in order of first use, joined by spaces.
/// A word is a run of letters and digits, as the client's tokenizer splits it.
pub(crate) fn distinct_words<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = String::new();
    let mut lower = String::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            lower.clear();
            if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                lower.push_str(word);
            } else {
                lower.push_str(&word.to_lowercase());
            }
            if !seen.contains(lower.as_str()) {
                seen.insert(lower.clone());
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&lower);
            }
        }
    }
    out
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

//! Words that summaries repeat — clinician, protocol, component, step, stage, instrument and
//! zone ids — shared instead of copied: 100,000 summaries name the same few dozen words, and a
//! copy of each in every summary was most of the audit's allocations.
//!
//! A [`Word`] is text behind a reference count. [`Word::new`] looks the text up in a small
//! table kept by each thread, so the summaries one scanning thread makes share one copy of
//! each word (and two threads never touch the same counter while they scan). The table is
//! bounded: a folder where every file names new words only makes the sharing worse, never the
//! memory unbounded. A word compares, orders, hashes, prints and serialises exactly as its
//! text does.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Shared text (see the module docs).
#[derive(Clone)]
pub struct Word(Arc<str>);

/// How many words a thread's table holds before it starts afresh.
const TABLE_LIMIT: usize = 4096;

thread_local! {
    static TABLE: RefCell<HashSet<Word, BuildHasherDefault<QuickHasher>>> =
        RefCell::new(HashSet::default());
}

impl Word {
    /// The word for `text`: this thread's copy if it has one, else a new one it keeps.
    pub fn new(text: &str) -> Self {
        TABLE.with(|table| {
            let mut table = table.borrow_mut();
            if let Some(word) = table.get(text) {
                return word.clone();
            }
            if table.len() >= TABLE_LIMIT {
                table.clear();
            }
            let word = Self(Arc::from(text));
            table.insert(word.clone());
            word
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Word {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Word {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Word {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl From<&Word> for String {
    fn from(word: &Word) -> Self {
        word.as_str().to_owned()
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.as_str() == other.as_str()
    }
}

impl Eq for Word {}

impl PartialOrd for Word {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Word {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Word {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Word {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Word> for str {
    fn eq(&self, other: &Word) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Word> for &str {
    fn eq(&self, other: &Word) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Word> for String {
    fn eq(&self, other: &Word) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Word;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Word, E> {
                Ok(Word::new(text))
            }
        }
        d.deserialize_str(Text)
    }
}

/// A quick hash for the word table and the summary cache's index of relative paths (both from
/// the user's own files: a crafted collision could only slow a scan down).
#[derive(Default)]
pub(super) struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = chunk.try_into().map_or(0, u64::from_le_bytes);
            self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(23) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.0 = (self.0.rotate_left(23) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::Word;

    #[test]
    fn a_word_is_its_text_and_one_thread_shares_one_copy() {
        let a = Word::new("empathy");
        let b = Word::new(&String::from("empathy"));
        assert!(std::sync::Arc::ptr_eq(&a.0, &b.0), "one copy");
        assert_eq!(a, "empathy");
        assert_eq!(format!("{a:?}"), format!("{:?}", "empathy"));
        assert!(Word::new("a") < Word::new("b"));
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"empathy\"");
        assert_eq!(serde_json::from_str::<Word>(&json).unwrap(), a);
        for i in 0..(super::TABLE_LIMIT * 2) {
            assert_eq!(
                Word::new(&i.to_string()),
                i.to_string(),
                "the table stays bounded"
            );
        }
    }
}

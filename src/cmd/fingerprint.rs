//! Fingerprints for the serve cache: xxh3 over hashable parts, and over any `Serialize` value
//! fed to the hasher as it is serialized (no JSON text built, no escaping: a page's context,
//! most of it its HTML, is hashed at the speed of xxh3).

use serde::ser::{self, Serialize};
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// A fingerprint of several hashable parts (xxh3: fast on the long texts it is mostly fed).
pub(crate) fn fingerprint(parts: &[&dyn HashPart]) -> u64 {
    let mut hasher = Xxh3::new();
    for part in parts {
        part.hash_into(&mut hasher);
    }
    hasher.finish()
}

/// Something that can feed a fingerprint.
pub(crate) trait HashPart {
    /// Feeds `self` to `hasher`.
    fn hash_into(&self, hasher: &mut Xxh3);
}

impl<T: Hash + ?Sized> HashPart for T {
    fn hash_into(&self, hasher: &mut Xxh3) {
        self.hash(hasher);
    }
}

/// Feeds `value` to `hasher` as serde walks it: every scalar, string and map key with a tag
/// for its kind and a length for strings, so two different values never feed the same bytes.
pub(crate) fn hash_serialized(hasher: &mut Xxh3, value: &impl Serialize) {
    // Serializing into a hasher cannot fail: every method returns `Ok`.
    let _ = value.serialize(&mut HashSerializer(hasher));
}

/// A serde serializer whose output is a hasher's input.
struct HashSerializer<'a>(&'a mut Xxh3);

/// The error type serde requires; never produced.
#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreachable")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl HashSerializer<'_> {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) -> Result<(), Never> {
        self.0.update(&[tag]);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        Ok(())
    }
}

/// Implements the scalar methods of `Serializer` as one tagged write each.
macro_rules! scalars {
    ($($method:ident($type:ty) => $tag:literal),* $(,)?) => {
        $(fn $method(self, v: $type) -> Result<(), Never> {
            self.tagged($tag, &v.to_le_bytes())
        })*
    };
}

impl ser::Serializer for &mut HashSerializer<'_> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    scalars! {
        serialize_i8(i8) => b'a', serialize_i16(i16) => b'b', serialize_i32(i32) => b'c',
        serialize_i64(i64) => b'd', serialize_u8(u8) => b'e', serialize_u16(u16) => b'f',
        serialize_u32(u32) => b'g', serialize_u64(u64) => b'h', serialize_f32(f32) => b'i',
        serialize_f64(f64) => b'j', serialize_i128(i128) => b'k', serialize_u128(u128) => b'l',
    }

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tagged(b'B', &[u8::from(v)])
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tagged(b'C', &u32::from(v).to_le_bytes())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.tagged(b'S', v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.tagged(b'Y', v)
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tagged(b'N', &[])
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tagged(b'O', &[])?;
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tagged(b'U', &[])
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Never> {
        self.tagged(b'U', name.as_bytes())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Never> {
        self.tagged(b'V', variant.as_bytes())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.tagged(b'V', variant.as_bytes())?;
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tagged(b'[', &[])?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tagged(b'V', variant.as_bytes())?;
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tagged(b'{', &[])?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tagged(b'V', variant.as_bytes())?;
        self.serialize_map(None)
    }
}

/// Implements one compound-serializer trait: each element hashed in turn, then a closing tag.
macro_rules! compound {
    ($trait:ident, $method:ident, $close:literal $(, $key:ident)?) => {
        impl ser::$trait for &mut HashSerializer<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: &'static str,)? value: &T) -> Result<(), Never> {
                $(self.tagged(b'K', $key.as_bytes())?;)?
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tagged($close, &[])
            }
        }
    };
}

compound!(SerializeSeq, serialize_element, b']');
compound!(SerializeTuple, serialize_element, b']');
compound!(SerializeTupleStruct, serialize_field, b']');
compound!(SerializeTupleVariant, serialize_field, b']');
compound!(SerializeStruct, serialize_field, b'}', key);
compound!(SerializeStructVariant, serialize_field, b'}', key);

impl ser::SerializeMap for &mut HashSerializer<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        self.tagged(b'K', &[])?;
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tagged(b'}', &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(value: &impl Serialize) -> u64 {
        let mut hasher = Xxh3::new();
        hash_serialized(&mut hasher, value);
        hasher.finish()
    }

    #[test]
    fn equal_values_hash_alike_and_any_difference_shows() {
        let page = serde_json::json!({"title": "Brace", "toc": ["a", "b"], "words": 12, "draft": false});
        assert_eq!(hash(&page), hash(&page.clone()));
        for other in [
            serde_json::json!({"title": "Brace", "toc": ["a", "b"], "words": 13, "draft": false}),
            serde_json::json!({"title": "Brace", "toc": ["ab"], "words": 12, "draft": false}),
            serde_json::json!({"title": "Brace", "toc": ["a", "b"], "words": 12, "draft": null}),
            serde_json::json!({"titl": "eBrace", "toc": ["a", "b"], "words": 12, "draft": false}),
        ] {
            assert_ne!(hash(&page), hash(&other), "{other}");
        }
        assert_ne!(hash(&(Some("a"), "b")), hash(&(None::<&str>, "ab")));
        assert_ne!(hash(&vec![vec![1u8], vec![]]), hash(&vec![vec![], vec![1u8]]));
    }

    #[test]
    fn fingerprints_differ_with_any_part() {
        assert_eq!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &1u8]));
        assert_ne!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &2u8]));
    }
}

//! Reading results back from JSON. JSON has no NaN or infinity, so serde_json writes a float that is not finite — a
//! run that diverged (+∞), a quantity a run does not have (NaN) — as `null`, and then refuses to read that `null`
//! back as a float. [`read`] reads a value exactly as serde_json does, except that `null` is accepted as NaN
//! wherever a float is expected (an `Option<f64>` still reads `null` as `None`), so that a shard or a results file
//! with such a number in it can always be assembled and rendered.

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Error, Value};

/// `value` as a `T`, with `null` read as NaN where a float is expected.
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    T::deserialize(Lenient(value))
}

/// A JSON value seen through the lenient reader.
#[derive(Clone, Copy)]
struct Lenient<'a>(&'a Value);

impl<'de> Deserializer<'de> for Lenient<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => v.visit_u64(u),
                (None, Some(i)) => v.visit_i64(i),
                _ => v.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => v.visit_str(s),
            Value::Array(items) => v.visit_seq(Seq(items.iter())),
            Value::Object(map) => v.visit_map(Map { entries: map.iter(), value: None }),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_f64(f64::NAN),
            Value::Number(n) => v.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => v.visit_enum(StrDeserializer::<Error>::new(s)),
            Value::Object(map) if map.len() == 1 => {
                let (variant, value) = map.iter().next().expect("one entry");
                v.visit_enum(Enum { variant, value })
            }
            _ => Err(de::Error::custom("expected an enum: a string or an object with one entry")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// An array's items.
struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(Lenient(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An object's entries.
struct Map<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(StrDeserializer::<Error>::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| de::Error::custom("a value before its key"))?;
        seed.deserialize(Lenient(value))
    }
}

/// An enum written as `{"Variant": value}`.
struct Enum<'a> {
    variant: &'a str,
    value: &'a Value,
}

impl<'de, 'a> EnumAccess<'de> for Enum<'a> {
    type Error = Error;
    type Variant = Lenient<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Lenient<'a>), Error> {
        Ok((seed.deserialize(StrDeserializer::<Error>::new(self.variant))?, Lenient(self.value)))
    }
}

impl<'de> VariantAccess<'de> for Lenient<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Kind {
        Plain,
        Scaled(f64),
        Shaped { width: u32 },
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Row {
        finite: f64,
        diverged: f64,
        missing: f64,
        maybe: Option<f64>,
        curve: Vec<(f64, f64)>,
        kinds: Vec<Kind>,
        name: String,
        steps: u32,
    }

    /// Non-finite floats come back as NaN; everything else, `None` included, exactly as written.
    #[test]
    fn null_floats_read_as_nan_and_nothing_else_changes() {
        let row = Row {
            finite: 0.1 + 0.2,
            diverged: f64::INFINITY,
            missing: f64::NAN,
            maybe: None,
            curve: vec![(1.0, f64::NAN), (2.0, 1e-300)],
            kinds: vec![Kind::Plain, Kind::Scaled(2.5), Kind::Shaped { width: 3 }],
            name: "ep".into(),
            steps: 4000,
        };
        let text = serde_json::to_string(&row).unwrap();
        assert!(serde_json::from_str::<Row>(&text).is_err(), "serde_json alone refuses the nulls");
        let back: Row = super::read(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back.finite, 0.1 + 0.2);
        assert!(back.diverged.is_nan() && back.missing.is_nan() && back.curve[0].1.is_nan());
        assert_eq!(
            (back.maybe, back.curve[1], &back.kinds, back.name.as_str(), back.steps),
            (None, (2.0, 1e-300), &row.kinds, "ep", 4000)
        );
    }
}

//! The one error type of the crate: a setting that cannot be used, named as the person typed it, with a sentence
//! saying what is wrong. Configurations, rules that refuse a task and the URL reader all speak it.

use alloc::string::String;
use core::fmt;

/// Why a configuration was refused (or, when reading a URL, which value was replaced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting at fault, as named in URLs and CLI flags.
    pub field: &'static str,
    /// What is wrong, in a sentence for the person who typed it.
    pub message: String,
}

impl ConfigError {
    /// An error about `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        ConfigError { field, message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

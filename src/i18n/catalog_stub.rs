//! The browser build's stand-in for the catalogs: only islands run there, and they show no text
//! of their own, so nothing here is called in a browser. Same names as `catalog.rs`.

use super::phrase::{rfc3339, Arg, Phrase};

#[derive(Clone, Default)]
pub struct Translator;

impl Translator {
    pub fn tag(&self) -> &str {
        "en"
    }

    pub fn is_rtl(&self) -> bool {
        false
    }

    pub fn dir(&self) -> &'static str {
        "ltr"
    }

    pub fn text(&self, key: &str) -> String {
        key.to_string()
    }

    pub fn text_with(&self, key: &str, _args: &[(&str, Arg)]) -> String {
        key.to_string()
    }

    pub fn phrase(&self, key: &str, _args: &[(&str, Arg)]) -> Phrase {
        Phrase::text(key)
    }

    pub fn kratos(&self, _id: i64, text: &str, _context: Option<&serde_json::Value>) -> Phrase {
        Phrase::text(text)
    }

    pub fn time(&self, unix: i64) -> String {
        rfc3339(unix)
    }
}

pub fn use_translator() -> Translator {
    Translator
}

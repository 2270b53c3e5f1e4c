//! Every word a page shows, in the visitor's language: Kratos's messages by their numeric id, with
//! the values of their `context`, and kratos-ui's own strings, from Fluent catalogs.
//!
//! The catalogs (`locales/<language>/*.ftl`) are built into the server; an operator's directory
//! may override any string or add a language (`catalog`). The browser build has only a stub with
//! the same names (`catalog_stub.rs`): islands show no text of their own, so no catalog, no
//! Fluent and no plural rules go into the WebAssembly.

#[cfg(feature = "ssr")]
mod catalog;
#[cfg(not(feature = "ssr"))]
#[path = "catalog_stub.rs"]
mod catalog;
mod phrase;

pub use catalog::{use_translator, Translator};
#[cfg(feature = "ssr")]
pub use catalog::{CatalogError, Catalogs, Language};
pub use phrase::{civil, unix_from_civil, Arg, Phrase, PhrasePart};

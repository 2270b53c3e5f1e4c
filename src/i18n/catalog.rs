//! The Fluent catalogs and the per-request translator (server only).
//!
//! Why Fluent (`fluent-bundle`, the Project Fluent reference implementation maintained by
//! Mozilla): its plural and select rules come from CLDR for every language, so an operator who
//! adds a language gets its plural forms right without code; its files are plain text a
//! translator can edit; and it parses at start-up, so overrides need no rebuild. Its own
//! dependencies are small (no ICU data), and none of it is in the browser build.

use super::phrase::{civil, Arg, Phrase, PhrasePart};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use unic_langid::LanguageIdentifier;

/// The catalogs built into the server: English first (the fallback of every other language).
const BUILT_IN: &[(&str, &[(&str, &str)])] = &[
    (
        "en",
        &[
            ("locales/en/ui.ftl", include_str!("../../locales/en/ui.ftl")),
            (
                "locales/en/kratos.ftl",
                include_str!("../../locales/en/kratos.ftl"),
            ),
        ],
    ),
    (
        "de",
        &[
            ("locales/de/ui.ftl", include_str!("../../locales/de/ui.ftl")),
            (
                "locales/de/kratos.ftl",
                include_str!("../../locales/de/kratos.ftl"),
            ),
        ],
    ),
    (
        "ar",
        &[
            ("locales/ar/ui.ftl", include_str!("../../locales/ar/ui.ftl")),
            (
                "locales/ar/kratos.ftl",
                include_str!("../../locales/ar/kratos.ftl"),
            ),
        ],
    ),
];

/// Languages written right to left, for a language an operator adds without saying
/// (`language-direction`).
const RIGHT_TO_LEFT: &[&str] = &["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

/// The prefix of Kratos's messages in the catalogs: `kratos-4000006` and so on.
const KRATOS_PREFIX: &str = "kratos-";

/// One language's strings.
pub struct Language {
    tag: String,
    bundle: FluentBundle<FluentResource>,
    /// The variables each message uses, by message id.
    variables: BTreeMap<String, BTreeSet<String>>,
    rtl: bool,
}

impl Language {
    fn new(tag: &str) -> Result<Self, String> {
        let id: LanguageIdentifier = tag
            .parse()
            .map_err(|_| format!("{tag:?} is not a language tag such as de or pt-BR"))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
        // Fluent would wrap every value in Unicode isolation marks; the pages are HTML, whose
        // bidi algorithm places an address or a name inside Arabic text well enough without them,
        // and the marks would end up in copied codes and names.
        bundle.set_use_isolating(false);
        Ok(Language {
            // As the standard writes it (`pt_BR.ftl` answers as `pt-BR`).
            tag: id.to_string(),
            bundle,
            variables: BTreeMap::new(),
            rtl: RIGHT_TO_LEFT.contains(&id.language.as_str()),
        })
    }

    fn add(&mut self, file: &str, source: String, overriding: bool) -> Result<(), String> {
        let (resource, variables) = parse(file, source)?;
        if overriding {
            self.bundle.add_resource_overriding(resource);
        } else if let Err(errors) = self.bundle.add_resource(resource) {
            return Err(format!("{file}: {}", errors[0]));
        }
        if let Some(direction) = self.format("language-direction", None) {
            self.rtl = direction.trim() == "rtl";
        }
        self.variables.extend(variables);
        Ok(())
    }

    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The language's own name for itself (`language-name`), else its tag.
    pub fn name(&self) -> String {
        self.format("language-name", None)
            .unwrap_or_else(|| self.tag.clone())
    }

    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// The message `key` of this language alone, or `None` when it has none or a variable it
    /// uses is missing.
    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

/// Every language the server speaks.
pub struct Catalogs {
    languages: Vec<Language>,
    default: usize,
}

impl Catalogs {
    /// The built-in catalogs, then the operator's `dir` of `<language>.ftl` files: a file of a
    /// built-in language overrides its strings, any other adds a language (falling back to
    /// English where it has no string). `default`: the language for visitors who ask for none
    /// the server has.
    pub fn load(dir: Option<&Path>, default: &str) -> Result<Self, CatalogError> {
        let mut languages = Vec::new();
        for (tag, files) in BUILT_IN {
            let mut language = Language::new(tag).map_err(CatalogError::built_in)?;
            for (file, source) in *files {
                language
                    .add(file, source.to_string(), false)
                    .map_err(CatalogError::built_in)?;
            }
            languages.push(language);
        }
        if let Some(dir) = dir {
            add_operator_files(&mut languages, dir).map_err(|problem| CatalogError {
                setting: "KRATOS_UI_LANGUAGES_DIR",
                problem,
            })?;
        }
        let default = languages
            .iter()
            .position(|l| l.tag.eq_ignore_ascii_case(default))
            .ok_or_else(|| CatalogError {
                setting: "KRATOS_UI_DEFAULT_LANGUAGE",
                problem: format!(
                    "{default:?} is none of {}",
                    languages
                        .iter()
                        .map(|l| l.tag.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        Ok(Catalogs { languages, default })
    }

    /// The built-in catalogs alone, English by default (components rendered without a server,
    /// in tests and benchmarks).
    pub fn built_in() -> Arc<Catalogs> {
        static BUILT: OnceLock<Arc<Catalogs>> = OnceLock::new();
        BUILT
            .get_or_init(|| {
                Arc::new(Catalogs::load(None, "en").expect("the built-in catalogs parse"))
            })
            .clone()
    }

    /// The index of the default language.
    pub fn default_language(&self) -> usize {
        self.default
    }

    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    /// The language to answer in: the first of `wishes` (most wished first) the server has,
    /// else the default.
    pub fn choose<'a>(&self, wishes: impl IntoIterator<Item = &'a str>) -> usize {
        wishes
            .into_iter()
            .find_map(|wish| self.matching(wish))
            .unwrap_or(self.default)
    }

    /// The language for `tag`: exactly it, or a regional one (`de-CH`) by its language (`de`).
    pub fn matching(&self, tag: &str) -> Option<usize> {
        let tag = tag.trim();
        self.find(tag).or_else(|| {
            let (primary, _) = tag.split_once(['-', '_'])?;
            self.find(primary)
        })
    }

    /// The index of the language tagged exactly `tag` (any case).
    pub fn find(&self, tag: &str) -> Option<usize> {
        self.languages
            .iter()
            .position(|l| l.tag.eq_ignore_ascii_case(tag))
    }

    /// What a language lacks or gets wrong against English: each key English has that it has
    /// not, and each key whose variables differ from English's. Empty when complete.
    pub fn gaps(&self, tag: &str) -> Vec<String> {
        let Some(language) = self.find(tag).map(|i| &self.languages[i]) else {
            return vec![format!("no language {tag}")];
        };
        let english = &self.languages[0];
        let mut gaps = Vec::new();
        for (key, wanted) in &english.variables {
            match language.variables.get(key) {
                None => gaps.push(format!("{tag}: {key} is missing")),
                Some(used) if used != wanted && !key.starts_with("language-") => {
                    gaps.push(format!("{tag}: {key} uses {used:?}, English {wanted:?}"))
                }
                Some(_) => {}
            }
        }
        gaps
    }

    /// Whether English has a string for Kratos's message `id`.
    pub fn has_kratos_message(&self, id: i64) -> bool {
        self.languages[0]
            .variables
            .contains_key(&format!("{KRATOS_PREFIX}{id}"))
    }
}

/// What stops start-up: the setting at fault and one line saying what is wrong with it.
#[derive(Debug)]
pub struct CatalogError {
    pub setting: &'static str,
    pub problem: String,
}

impl CatalogError {
    fn built_in(problem: String) -> Self {
        CatalogError {
            setting: "(the built-in catalogs)",
            problem,
        }
    }
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid setting {}: {}", self.setting, self.problem)
    }
}

/// The operator's `<language>.ftl` files, in name order, each checked against English.
fn add_operator_files(languages: &mut Vec<Language>, dir: &Path) -> Result<(), String> {
    for path in ftl_files(dir)? {
        let file = path.display().to_string();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{file}: cannot be read: {e}"))?;
        let (_, variables) = parse(&file, source.clone())?;
        check_against(&languages[0], &file, &variables)?;
        let tag = stem
            .parse::<LanguageIdentifier>()
            .map_or_else(|_| stem.to_string(), |id| id.to_string());
        match languages
            .iter()
            .position(|l| l.tag.eq_ignore_ascii_case(&tag))
        {
            Some(i) => languages[i].add(&file, source, true)?,
            None => {
                let mut language = Language::new(stem).map_err(|e| format!("{file}: {e}"))?;
                language.add(&file, source, false)?;
                languages.push(language);
            }
        }
    }
    Ok(())
}

/// An operator's file may only hold keys English has, using no variable English's string lacks:
/// a typo would otherwise be silently ignored.
fn check_against(
    english: &Language,
    file: &str,
    variables: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), String> {
    for (key, used) in variables {
        if key.starts_with("language-") {
            continue;
        }
        let Some(known) = english.variables.get(key) else {
            return Err(format!("{file}: {key}: there is no such string"));
        };
        if let Some(unknown) = used.difference(known).next() {
            return Err(format!(
                "{file}: {key}: uses {{ ${unknown} }}, which this string does not have"
            ));
        }
    }
    Ok(())
}

fn ftl_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: cannot be read: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    Ok(files)
}

/// Parses one file; a syntax error names the file, the string it is in and its line.
fn parse(
    file: &str,
    source: String,
) -> Result<(FluentResource, BTreeMap<String, BTreeSet<String>>), String> {
    let resource = match FluentResource::try_new(source) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            let source = resource.source();
            let at = errors[0].pos.start.min(source.len());
            let line = source[..at].matches('\n').count() + 1;
            let key = source[..at]
                .lines()
                .rev()
                .chain(source[at..].lines().take(1))
                .find_map(|l| {
                    let (key, _) = l.split_once('=')?;
                    let key = key.trim_end();
                    (l.starts_with(|c: char| c.is_ascii_alphabetic())
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)))
                    .then(|| key.to_string())
                })
                .unwrap_or_else(|| "(before the first string)".into());
            return Err(format!("{file}: {key}: line {line}: {}", errors[0].kind));
        }
    };
    let mut variables = BTreeMap::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let mut used = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut used);
            }
            variables.insert(message.id.name.to_string(), used);
        }
    }
    Ok((resource, variables))
}

fn pattern_variables(pattern: &ast::Pattern<&str>, used: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, used);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, used: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, used);
            for variant in variants {
                pattern_variables(&variant.value, used);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, used),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, used: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            used.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, used),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_variables(arg, used);
            }
            for arg in &arguments.named {
                inline_variables(&arg.value, used);
            }
        }
        _ => {}
    }
}

/// Speaks one language to one request.
#[derive(Clone)]
pub struct Translator {
    catalogs: Arc<Catalogs>,
    language: usize,
}

impl Translator {
    pub fn new(catalogs: Arc<Catalogs>, language: usize) -> Self {
        let language = language.min(catalogs.languages.len() - 1);
        Translator { catalogs, language }
    }

    /// English from the built-in catalogs.
    pub fn english() -> Self {
        Translator::new(Catalogs::built_in(), 0)
    }

    fn language(&self) -> &Language {
        &self.catalogs.languages[self.language]
    }

    pub fn catalogs(&self) -> &Arc<Catalogs> {
        &self.catalogs
    }

    pub fn tag(&self) -> &str {
        &self.language().tag
    }

    pub fn is_rtl(&self) -> bool {
        self.language().rtl
    }

    /// `rtl` or `ltr`, for `dir`.
    pub fn dir(&self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// kratos-ui's string `key` in this language, else in English (an operator's added language
    /// may lack some).
    fn ours(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        self.language()
            .format(key, args)
            .or_else(|| self.catalogs.languages[0].format(key, args))
    }

    /// kratos-ui's string `key`, else the key itself (which the catalog tests rule out).
    pub fn text(&self, key: &str) -> String {
        self.ours(key, None).unwrap_or_else(|| key.to_string())
    }

    /// kratos-ui's string `key` with values, times marked for `<time>`.
    pub fn phrase(&self, key: &str, args: &[(&str, Arg)]) -> Phrase {
        let (fluent, times) = self.fluent_args(args.iter().map(|(k, v)| (*k, *v)));
        let text = self
            .ours(key, Some(&fluent))
            .unwrap_or_else(|| key.to_string());
        self.with_times(text, &times)
    }

    /// The same as plain text.
    pub fn text_with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.phrase(key, args).plain()
    }

    /// Kratos's message `id` in this language with the values of its `context`, or Kratos's own
    /// `text` when the catalog has no such message or the context lacks a value it needs.
    pub fn kratos(&self, id: i64, text: &str, context: Option<&serde_json::Value>) -> Phrase {
        let key = format!("{KRATOS_PREFIX}{id}");
        let lists: Vec<(String, String)> = context
            .and_then(|c| c.as_object())
            .map(|c| {
                c.iter()
                    .filter_map(|(k, v)| {
                        Some((format!("{k}_list"), self.list_text(k, v.as_array()?)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let values = context
            .and_then(|c| c.as_object())
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                let arg = match v {
                    serde_json::Value::String(s) => Arg::Text(s),
                    serde_json::Value::Number(n) if k.ends_with("_unix") => {
                        Arg::Time(n.as_f64()? as i64)
                    }
                    serde_json::Value::Number(n) => Arg::Number(n.as_f64()?),
                    _ => return None,
                };
                Some((k.as_str(), arg))
            })
            .chain(lists.iter().map(|(k, v)| (k.as_str(), Arg::Text(v))));
        let (fluent, times) = self.fluent_args(values);
        match self.language().format(&key, Some(&fluent)) {
            Some(translated) => self.with_times(translated, &times),
            None => Phrase::text(text),
        }
    }

    /// Fluent's arguments; each time becomes a marker, replaced by a `<time>` afterwards.
    fn fluent_args<'a>(
        &self,
        args: impl Iterator<Item = (&'a str, Arg<'a>)>,
    ) -> (FluentArgs<'a>, Vec<i64>) {
        let mut fluent = FluentArgs::new();
        let mut times = Vec::new();
        for (name, arg) in args {
            let value = match arg {
                // A value that carried the marker would pass for a time.
                Arg::Text(t) if t.contains(TIME_MARK) => {
                    FluentValue::String(Cow::Owned(t.replace(TIME_MARK, "")))
                }
                Arg::Text(t) => FluentValue::String(Cow::Borrowed(t)),
                Arg::Number(n) => FluentValue::from(n),
                Arg::Time(t) => {
                    times.push(t);
                    FluentValue::String(Cow::Owned(format!(
                        "{TIME_MARK}{}{TIME_MARK}",
                        times.len() - 1
                    )))
                }
            };
            fluent.set(name, value);
        }
        (fluent, times)
    }

    fn with_times(&self, text: String, times: &[i64]) -> Phrase {
        if times.is_empty() || !text.contains(TIME_MARK) {
            return Phrase::text(text);
        }
        let mut parts = Vec::new();
        for (i, piece) in text.split(TIME_MARK).enumerate() {
            // Odd pieces sit between two marks: the index of a time.
            let time = (i % 2 == 1)
                .then(|| piece.parse::<usize>().ok().and_then(|n| times.get(n)))
                .flatten();
            match time {
                Some(&unix) => parts.push(PhrasePart::Time {
                    datetime: super::phrase::rfc3339(unix),
                    shown: self.time(unix),
                }),
                None if !piece.is_empty() => parts.push(PhrasePart::Text(piece.to_string())),
                None => {}
            }
        }
        Phrase(parts)
    }

    /// A time in this language (`time-format`, `month-1` … `month-12`), in UTC.
    pub fn time(&self, unix: i64) -> String {
        let (year, month, day, hour, minute, _) = civil(unix);
        let month_name = self.text(&format!("month-{month}"));
        let (year, day) = (year.to_string(), day.to_string());
        let (hour, minute) = (format!("{hour:02}"), format!("{minute:02}"));
        let mut fluent = FluentArgs::new();
        fluent.set("year", FluentValue::String(Cow::Borrowed(&year)));
        fluent.set("month", FluentValue::String(Cow::Borrowed(&month_name)));
        fluent.set("day", FluentValue::String(Cow::Borrowed(&day)));
        fluent.set("hour", FluentValue::String(Cow::Borrowed(&hour)));
        fluent.set("minute", FluentValue::String(Cow::Borrowed(&minute)));
        self.ours("time-format", Some(&fluent))
            .unwrap_or_else(|| super::phrase::rfc3339(unix))
    }

    /// A list from Kratos's context as text: strings as they are, messages by their text, and
    /// the sign-in methods of `available_credential_types` by their names in this language.
    fn list_text(&self, key: &str, items: &[serde_json::Value]) -> String {
        items
            .iter()
            .filter_map(|item| match item {
                serde_json::Value::String(s) if key == "available_credential_types" => Some(
                    self.ours(&format!("method-{s}"), None)
                        .unwrap_or_else(|| s.clone()),
                ),
                serde_json::Value::String(s) => Some(s.clone()),
                other => other
                    .get("text")
                    .and_then(|t| t.as_str())
                    .map(str::to_string),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Marks a time inside formatted text (a private-use character no message contains).
const TIME_MARK: char = '\u{E000}';

/// The translator of the page being rendered: the server provides one per request; components
/// rendered alone (tests, benchmarks) speak English.
pub fn use_translator() -> Translator {
    leptos::prelude::use_context::<Translator>().unwrap_or_else(Translator::english)
}

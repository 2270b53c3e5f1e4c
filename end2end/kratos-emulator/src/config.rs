//! The subset of Kratos' `kratos.yml` the emulator understands.

use crate::util::parse_go_duration;
use serde_yaml::Value as Yaml;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequiredAal {
    Aal1,
    HighestAvailable,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `serve.public.base_url`, exactly as written (the CSRF cookie name hashes this string).
    pub public_base_url: String,
    pub public_port: u16,
    pub admin_port: u16,
    pub default_browser_return_url: String,
    pub allowed_return_urls: Vec<String>,
    pub login_ui_url: String,
    pub login_lifespan: Duration,
    pub login_after_return_url: Option<String>,
    pub settings_ui_url: String,
    pub settings_lifespan: Duration,
    pub settings_privileged_max_age: Duration,
    pub settings_required_aal: RequiredAal,
    pub settings_after_return_url: Option<String>,
    pub error_ui_url: String,
    pub logout_after_return_url: Option<String>,
    pub whoami_required_aal: RequiredAal,
    pub session_lifespan: Duration,
    pub session_cookie_name: String,
    pub password_enabled: bool,
    pub totp_enabled: bool,
    pub totp_issuer: String,
    pub lookup_enabled: bool,
    pub min_password_length: usize,
    pub identifier_similarity_check: bool,
    pub bcrypt_cost: u32,
    pub schema_id: String,
    pub identity_schema: serde_json::Value,
    /// Warnings produced while reading (unknown keys).
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(msg.into()))
}

/// Keys (dotted paths) this emulator reads. Anything else produces a warning.
const KNOWN: &[&str] = &[
    "version",
    "dsn",
    "serve.public.base_url",
    "serve.public.port",
    "serve.public.host",
    "serve.public.cors",
    "serve.admin.base_url",
    "serve.admin.port",
    "serve.admin.host",
    "selfservice.default_browser_return_url",
    "selfservice.allowed_return_urls",
    "selfservice.methods.password.enabled",
    "selfservice.methods.password.config.min_password_length",
    "selfservice.methods.password.config.identifier_similarity_check_enabled",
    "selfservice.methods.password.config.haveibeenpwned_enabled",
    "selfservice.methods.totp.enabled",
    "selfservice.methods.totp.config.issuer",
    "selfservice.methods.lookup_secret.enabled",
    "selfservice.flows.login.ui_url",
    "selfservice.flows.login.lifespan",
    "selfservice.flows.login.after.default_browser_return_url",
    "selfservice.flows.settings.ui_url",
    "selfservice.flows.settings.lifespan",
    "selfservice.flows.settings.privileged_session_max_age",
    "selfservice.flows.settings.required_aal",
    "selfservice.flows.settings.after.default_browser_return_url",
    "selfservice.flows.error.ui_url",
    "selfservice.flows.logout.after.default_browser_return_url",
    "session.whoami.required_aal",
    "session.lifespan",
    "session.cookie.name",
    "identity.default_schema_id",
    "identity.schemas",
    "hashers.algorithm",
    "hashers.bcrypt.cost",
    "log",
    "secrets",
    "ciphers",
    "courier",
    "feature_flags",
];

fn collect_unknown(prefix: &str, v: &Yaml, out: &mut Vec<String>) {
    if KNOWN.contains(&prefix) {
        return;
    }
    match v {
        Yaml::Mapping(m) if !prefix.is_empty() || !m.is_empty() => {
            let is_known_parent =
                prefix.is_empty() || KNOWN.iter().any(|k| k.starts_with(&format!("{prefix}.")));
            if !is_known_parent {
                out.push(prefix.to_string());
                return;
            }
            for (k, child) in m {
                let key = k
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{k:?}"));
                let p = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                collect_unknown(&p, child, out);
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

fn get<'a>(root: &'a Yaml, path: &str) -> Option<&'a Yaml> {
    let mut cur = root;
    for part in path.split('.') {
        cur = cur.as_mapping()?.get(Yaml::String(part.to_string()))?;
    }
    Some(cur)
}

fn get_str(root: &Yaml, path: &str) -> Result<Option<String>, ConfigError> {
    match get(root, path) {
        None | Some(Yaml::Null) => Ok(None),
        Some(Yaml::String(s)) => Ok(Some(s.clone())),
        Some(other) => err(format!("{path}: expected a string, got {other:?}")),
    }
}

fn req_str(root: &Yaml, path: &str) -> Result<String, ConfigError> {
    get_str(root, path)?.ok_or_else(|| ConfigError(format!("{path} is required")))
}

fn get_bool(root: &Yaml, path: &str, default: bool) -> Result<bool, ConfigError> {
    match get(root, path) {
        None | Some(Yaml::Null) => Ok(default),
        Some(Yaml::Bool(b)) => Ok(*b),
        Some(other) => err(format!("{path}: expected true or false, got {other:?}")),
    }
}

fn get_u64(root: &Yaml, path: &str, default: u64) -> Result<u64, ConfigError> {
    match get(root, path) {
        None | Some(Yaml::Null) => Ok(default),
        Some(Yaml::Number(n)) => n
            .as_u64()
            .ok_or_else(|| ConfigError(format!("{path}: expected a positive integer"))),
        Some(other) => err(format!("{path}: expected a number, got {other:?}")),
    }
}

fn get_duration(root: &Yaml, path: &str, default: Duration) -> Result<Duration, ConfigError> {
    match get_str(root, path)? {
        None => Ok(default),
        Some(s) => parse_go_duration(&s).ok_or_else(|| {
            ConfigError(format!(
                "{path}: {s:?} is not a duration (use Go syntax such as 15m, 1h, 5s)"
            ))
        }),
    }
}

fn get_aal(root: &Yaml, path: &str) -> Result<RequiredAal, ConfigError> {
    match get_str(root, path)?.as_deref() {
        None | Some("highest_available") => Ok(RequiredAal::HighestAvailable),
        Some("aal1") => Ok(RequiredAal::Aal1),
        Some(other) => err(format!(
            "{path}: {other:?} is not one of \"aal1\", \"highest_available\""
        )),
    }
}

fn check_url(path: &str, s: &str) -> Result<(), ConfigError> {
    url::Url::parse(s)
        .map(|_| ())
        .map_err(|e| ConfigError(format!("{path}: {s:?} is not an absolute URL: {e}")))
}

impl Config {
    /// Read and validate a kratos.yml file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read config {}: {e}", path.display())))?;
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::parse(&text, &base_dir)
            .map_err(|e| ConfigError(format!("invalid config {}: {}", path.display(), e.0)))
    }

    /// Parse config text; `file://` schema URLs are resolved relative to `base_dir`.
    pub fn parse(text: &str, base_dir: &Path) -> Result<Config, ConfigError> {
        let root: Yaml =
            serde_yaml::from_str(text).map_err(|e| ConfigError(format!("not valid YAML: {e}")))?;
        if !root.is_mapping() {
            return err("the top level must be a mapping");
        }
        let mut warnings = Vec::new();
        collect_unknown("", &root, &mut warnings);
        let warnings = warnings
            .into_iter()
            .map(|k| format!("config key {k:?} is not supported by kratos-emulator and is ignored"))
            .collect();

        let public_base_url = req_str(&root, "serve.public.base_url")?;
        check_url("serve.public.base_url", &public_base_url)?;
        let port = |p: &str, d: u64| -> Result<u16, ConfigError> {
            let v = get_u64(&root, p, d)?;
            u16::try_from(v).map_err(|_| ConfigError(format!("{p}: {v} is not a port")))
        };
        let public_port = port("serve.public.port", 4433)?;
        let admin_port = port("serve.admin.port", 4434)?;

        let default_browser_return_url = req_str(&root, "selfservice.default_browser_return_url")?;
        check_url(
            "selfservice.default_browser_return_url",
            &default_browser_return_url,
        )?;
        let allowed_return_urls = match get(&root, "selfservice.allowed_return_urls") {
            None | Some(Yaml::Null) => vec![],
            Some(Yaml::Sequence(s)) => s
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| {
                        ConfigError(
                            "selfservice.allowed_return_urls: entries must be strings".into(),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return err("selfservice.allowed_return_urls must be a list of URLs"),
        };
        let login_ui_url = req_str(&root, "selfservice.flows.login.ui_url")?;
        check_url("selfservice.flows.login.ui_url", &login_ui_url)?;
        let settings_ui_url = req_str(&root, "selfservice.flows.settings.ui_url")?;
        check_url("selfservice.flows.settings.ui_url", &settings_ui_url)?;
        let error_ui_url = req_str(&root, "selfservice.flows.error.ui_url")?;
        check_url("selfservice.flows.error.ui_url", &error_ui_url)?;

        let hour = Duration::from_secs(3600);
        let schema_id =
            get_str(&root, "identity.default_schema_id")?.unwrap_or_else(|| "default".into());
        let schemas = match get(&root, "identity.schemas") {
            Some(Yaml::Sequence(s)) => s.clone(),
            _ => return err("identity.schemas must list at least one schema"),
        };
        let schema_url = schemas
            .iter()
            .find(|s| get_str(s, "id").ok().flatten().as_deref() == Some(schema_id.as_str()))
            .and_then(|s| get_str(s, "url").ok().flatten())
            .ok_or_else(|| {
                ConfigError(format!(
                    "identity.schemas has no entry with id {schema_id:?} and a url"
                ))
            })?;
        let identity_schema = load_schema(&schema_url, base_dir)?;

        let algorithm = get_str(&root, "hashers.algorithm")?;
        if let Some(a) = algorithm.as_deref() {
            if a != "bcrypt" {
                return err(format!(
                    "hashers.algorithm: only \"bcrypt\" is supported, got {a:?}"
                ));
            }
        }
        let bcrypt_cost = get_u64(&root, "hashers.bcrypt.cost", 4)?;
        if !(4..=31).contains(&bcrypt_cost) {
            return err("hashers.bcrypt.cost must be between 4 and 31");
        }

        let totp_issuer =
            get_str(&root, "selfservice.methods.totp.config.issuer")?.unwrap_or_else(|| {
                url::Url::parse(&public_base_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_else(|| "Kratos".into())
            });
        Ok(Config {
            public_base_url,
            public_port,
            admin_port,
            default_browser_return_url,
            allowed_return_urls,
            login_ui_url,
            login_lifespan: get_duration(&root, "selfservice.flows.login.lifespan", hour)?,
            login_after_return_url: get_str(
                &root,
                "selfservice.flows.login.after.default_browser_return_url",
            )?,
            settings_ui_url,
            settings_lifespan: get_duration(&root, "selfservice.flows.settings.lifespan", hour)?,
            settings_privileged_max_age: get_duration(
                &root,
                "selfservice.flows.settings.privileged_session_max_age",
                hour,
            )?,
            settings_required_aal: get_aal(&root, "selfservice.flows.settings.required_aal")?,
            settings_after_return_url: get_str(
                &root,
                "selfservice.flows.settings.after.default_browser_return_url",
            )?,
            error_ui_url,
            logout_after_return_url: get_str(
                &root,
                "selfservice.flows.logout.after.default_browser_return_url",
            )?,
            whoami_required_aal: get_aal(&root, "session.whoami.required_aal")?,
            session_lifespan: get_duration(&root, "session.lifespan", 24 * hour)?,
            session_cookie_name: get_str(&root, "session.cookie.name")?
                .unwrap_or_else(|| "ory_kratos_session".into()),
            password_enabled: get_bool(&root, "selfservice.methods.password.enabled", true)?,
            totp_enabled: get_bool(&root, "selfservice.methods.totp.enabled", false)?,
            totp_issuer,
            lookup_enabled: get_bool(&root, "selfservice.methods.lookup_secret.enabled", false)?,
            min_password_length: get_u64(
                &root,
                "selfservice.methods.password.config.min_password_length",
                8,
            )? as usize,
            identifier_similarity_check: get_bool(
                &root,
                "selfservice.methods.password.config.identifier_similarity_check_enabled",
                true,
            )?,
            bcrypt_cost: bcrypt_cost as u32,
            schema_id,
            identity_schema,
            warnings,
        })
    }

    /// Public URL for `path` (which starts with `/`).
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{}", self.public_base_url.trim_end_matches('/'), path)
    }

    /// Name of the CSRF cookie: `csrf_token_` + hex(sha256(base_url string)).
    pub fn csrf_cookie_name(&self) -> String {
        crate::csrf::cookie_name(&self.public_base_url)
    }

    /// Whether cookies must be `Secure` (https base URL).
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }

    /// Replace the public port (and base URL) — used by env overrides and tests.
    pub fn with_public_port(mut self, port: u16) -> Self {
        self.public_port = port;
        if let Ok(mut u) = url::Url::parse(&self.public_base_url) {
            let _ = u.set_port(Some(port));
            self.public_base_url = u.to_string();
        }
        self
    }
}

fn load_schema(url: &str, base_dir: &Path) -> Result<serde_json::Value, ConfigError> {
    let text = if let Some(rest) = url.strip_prefix("file://") {
        let p = Path::new(rest);
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            base_dir.join(p)
        };
        std::fs::read_to_string(&p)
            .map_err(|e| ConfigError(format!("cannot read identity schema {}: {e}", p.display())))?
    } else if let Some(b64) = url.strip_prefix("base64://") {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| ConfigError(format!("identity schema base64:// is invalid: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|_| ConfigError("identity schema base64:// is not UTF-8".into()))?
    } else {
        return err(format!(
            "identity schema url {url:?}: only file:// and base64:// are supported"
        ));
    };
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| ConfigError(format!("identity schema is not valid JSON: {e}")))?;
    crate::schema::IdentitySchema::new(&v, "default", "")
        .map_err(|e| ConfigError(format!("identity schema: {e}")))?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../kratos")
    }

    #[test]
    fn shipped_configs_parse() {
        let c = Config::load(&dir().join("kratos.yml")).unwrap();
        assert_eq!(c.public_base_url, "http://127.0.0.1:4433/");
        assert_eq!(c.public_port, 4433);
        assert_eq!(c.admin_port, 4434);
        assert_eq!(c.settings_privileged_max_age, Duration::from_secs(900));
        assert_eq!(c.settings_required_aal, RequiredAal::HighestAvailable);
        assert_eq!(c.whoami_required_aal, RequiredAal::HighestAvailable);
        assert_eq!(c.totp_issuer, "kratos-ui");
        assert!(c.password_enabled && c.totp_enabled && c.lookup_enabled);
        assert_eq!(c.allowed_return_urls, vec!["http://127.0.0.1:3000/"]);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            c.csrf_cookie_name(),
            "csrf_token_806060ca5bf70dff3caa0e5c860002aade9d470a5a4dce73bcfa7ba10778f481"
        );
        let s = Config::load(&dir().join("kratos.short-lived.yml")).unwrap();
        assert_eq!(s.public_port, 4435);
        assert_eq!(s.admin_port, 4436);
        assert_eq!(s.settings_privileged_max_age, Duration::from_secs(5));
        assert_eq!(s.settings_lifespan, Duration::from_secs(5));
        assert_eq!(s.settings_ui_url, "http://127.0.0.1:3002/settings");
    }

    #[test]
    fn bad_files_give_clear_errors() {
        let e = Config::load(Path::new("/nonexistent/kratos.yml")).unwrap_err();
        assert!(e.0.contains("cannot read config"), "{e}");
        let e = Config::parse("serve: [", &dir()).unwrap_err();
        assert!(e.0.contains("not valid YAML"), "{e}");
        let e = Config::parse("serve: {}", &dir()).unwrap_err();
        assert!(e.0.contains("serve.public.base_url is required"), "{e}");
        let text = std::fs::read_to_string(dir().join("kratos.yml"))
            .unwrap()
            .replace(
                "privileged_session_max_age: 15m",
                "privileged_session_max_age: soon",
            );
        let e = Config::parse(&text, &dir()).unwrap_err();
        assert!(e.0.contains("privileged_session_max_age"), "{e}");
    }

    #[test]
    fn unknown_keys_warn() {
        let text = std::fs::read_to_string(dir().join("kratos.yml")).unwrap()
            + "\noauth2_provider:\n  url: http://x\n";
        let c = Config::parse(&text, &dir()).unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("oauth2_provider"));
    }

    #[test]
    fn port_override_rewrites_base_url() {
        let c = Config::load(&dir().join("kratos.yml"))
            .unwrap()
            .with_public_port(5555);
        assert_eq!(c.public_base_url, "http://127.0.0.1:5555/");
    }
}

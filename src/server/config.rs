//! Runtime settings: `Leptos.toml` (section `[kratos_ui]`) with environment variables on top.

use crate::kratos::{KratosCookies, OfferedFlows};
use std::time::Duration;
use url::Url;

/// Where the settings file is looked for unless `KRATOS_UI_CONFIG` names another.
pub const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Base URL this server uses to call Kratos's public API.
    pub kratos_public_url: Url,
    /// Base URL the browser uses for Kratos (redirects, CSP).
    pub kratos_browser_url: Url,
    /// This app's own browser-facing base URL, used to build `return_to`: `KRATOS_UI_URL` with the
    /// base path, ending in `/`.
    pub ui_url: Url,
    /// The path prefix every route, asset and endpoint of the app is served under (`BASE_PATH`,
    /// e.g. `/account`): empty, or `/` and segments without a trailing `/`.
    pub base_path: String,
    /// Limit for one whole Kratos call, body included.
    pub kratos_timeout: Duration,
    /// Origins of the identity providers Kratos may send browsers to (social sign-in): the only
    /// places besides Kratos that a `browser_location_change_required` answer may lead.
    pub provider_origins: Vec<Url>,
    /// Which of the browser's cookies are Kratos's (its session cookie's name is configurable):
    /// the only ones forwarded to Kratos and relayed back from it.
    pub kratos_cookies: KratosCookies,
    /// Kratos's `selfservice.methods.totp.config.issuer`, for the authenticator-app link beside
    /// the QR code. Kratos's default is its public URL's host name.
    pub totp_issuer: String,
    /// Whether Kratos offers sign-up and account recovery (`selfservice.flows.registration` and
    /// `.recovery` `enabled`), so that the sign-in page links to them only then.
    pub offered_flows: OfferedFlows,
    /// Where Prometheus metrics are served (`KRATOS_UI_METRICS_ADDR`); none unless set.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// How the operator's organisation appears (`KRATOS_UI_PRODUCT_NAME`, `KRATOS_UI_LOGO`, …).
    pub branding: BrandSettings,
    /// The operator's catalogs (`KRATOS_UI_LANGUAGES_DIR`): `<language>.ftl` files that override
    /// strings of a built-in language or add a language.
    pub languages_dir: Option<std::path::PathBuf>,
    /// The language of visitors who ask for none the server speaks (`KRATOS_UI_DEFAULT_LANGUAGE`,
    /// `en` unless set).
    pub default_language: String,
}

/// The branding settings as given; the files they name are read by `server::branding`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BrandSettings {
    pub product_name: Option<String>,
    pub logo: Option<std::path::PathBuf>,
    pub favicon: Option<std::path::PathBuf>,
    pub stylesheet: Option<std::path::PathBuf>,
    /// `#rgb` or `#rrggbb`.
    pub accent_color: Option<String>,
    pub home_url: Option<Url>,
    pub privacy_url: Option<Url>,
    pub terms_url: Option<Url>,
    pub color_scheme: ColorScheme,
}

/// Light and dark following the browser's `prefers-color-scheme`, or one of them always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorScheme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl BrandSettings {
    fn from_env(env: &impl Fn(&str) -> Option<String>) -> Result<Self, SettingError> {
        let get = |name: &str| {
            env(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let path = |name: &str| get(name).map(std::path::PathBuf::from);
        let link = |name: &'static str| -> Result<Option<Url>, SettingError> {
            match get(name) {
                None => Ok(None),
                Some(v) => match Url::parse(&v) {
                    Ok(url)
                        if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() =>
                    {
                        Ok(Some(url))
                    }
                    _ => Err(SettingError {
                        name,
                        problem: format!(
                            "{:?} is not an http:// or https:// URL",
                            redacted_text(&v)
                        ),
                    }),
                },
            }
        };
        let product_name = get("KRATOS_UI_PRODUCT_NAME");
        if product_name
            .as_ref()
            .is_some_and(|n| n.chars().count() > 64)
        {
            return Err(SettingError {
                name: "KRATOS_UI_PRODUCT_NAME",
                problem: "is longer than 64 characters".into(),
            });
        }
        let accent_color = get("KRATOS_UI_ACCENT_COLOR");
        if let Some(color) = &accent_color {
            let hex = color.strip_prefix('#').unwrap_or("");
            if !matches!(hex.len(), 3 | 6) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(SettingError {
                    name: "KRATOS_UI_ACCENT_COLOR",
                    problem: format!("{color:?} is not a colour such as #0a58ca or #06c"),
                });
            }
        }
        let color_scheme = match get("KRATOS_UI_COLOR_SCHEME").as_deref() {
            None | Some("auto") => ColorScheme::Auto,
            Some("light") => ColorScheme::Light,
            Some("dark") => ColorScheme::Dark,
            Some(other) => {
                return Err(SettingError {
                    name: "KRATOS_UI_COLOR_SCHEME",
                    problem: format!("{other:?} is not auto, light or dark"),
                })
            }
        };
        Ok(BrandSettings {
            product_name,
            logo: path("KRATOS_UI_LOGO"),
            favicon: path("KRATOS_UI_FAVICON"),
            stylesheet: path("KRATOS_UI_STYLESHEET"),
            accent_color,
            home_url: link("KRATOS_UI_HOME_URL")?,
            privacy_url: link("KRATOS_UI_PRIVACY_URL")?,
            terms_url: link("KRATOS_UI_TERMS_URL")?,
            color_scheme,
        })
    }
}

/// A setting that is missing or malformed, named the way the operator sets it.
#[derive(Debug, PartialEq, thiserror::Error)]
#[error("invalid setting {name}: {problem}")]
pub struct SettingError {
    pub name: &'static str,
    pub problem: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    kratos_public_url: Option<String>,
    kratos_browser_url: Option<String>,
    kratos_ui_url: Option<String>,
    base_path: Option<String>,
    kratos_timeout_ms: Option<u64>,
    provider_origins: Option<String>,
    session_cookie: Option<String>,
    totp_issuer: Option<String>,
    registration: Option<bool>,
    recovery: Option<bool>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct FileRoot {
    #[serde(default)]
    kratos_ui: Option<FileSettings>,
}

impl Settings {
    /// Reads the settings from `file_text` (the content of `Leptos.toml`, if any) and `env`.
    pub fn from_sources(
        file_text: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
        site_addr: &str,
    ) -> Result<Self, SettingError> {
        let file = match file_text {
            Some(text) => toml::from_str::<FileRoot>(text)
                .map_err(|e| SettingError {
                    name: "Leptos.toml [kratos_ui]",
                    problem: e.message().to_string(),
                })?
                .kratos_ui
                .unwrap_or_default(),
            None => FileSettings::default(),
        };
        let pick = |name: &str, from_file: Option<String>| {
            env(name)
                .filter(|v| !v.trim().is_empty())
                .or(from_file.filter(|v| !v.trim().is_empty()))
        };

        let public = pick("KRATOS_PUBLIC_URL", file.kratos_public_url).ok_or(SettingError {
            name: "KRATOS_PUBLIC_URL",
            problem:
                "is required (the base URL of Kratos's public API, e.g. http://127.0.0.1:4433)"
                    .into(),
        })?;
        let kratos_public_url = parse_base_url("KRATOS_PUBLIC_URL", &public)?;
        let kratos_browser_url = match pick("KRATOS_BROWSER_URL", file.kratos_browser_url) {
            Some(v) => parse_base_url("KRATOS_BROWSER_URL", &v)?,
            None => kratos_public_url.clone(),
        };
        let ui_url = match pick("KRATOS_UI_URL", file.kratos_ui_url) {
            Some(v) => parse_base_url("KRATOS_UI_URL", &v)?,
            None => parse_base_url("LEPTOS_SITE_ADDR", &format!("http://{site_addr}"))?,
        };
        let (ui_url, base_path) = with_base_path(ui_url, pick("BASE_PATH", file.base_path))?;
        let timeout_ms = match env("KRATOS_TIMEOUT_MS").filter(|v| !v.trim().is_empty()) {
            Some(v) => v.trim().parse::<u64>().map_err(|_| SettingError {
                name: "KRATOS_TIMEOUT_MS",
                problem: format!("{v:?} is not a whole number of milliseconds"),
            })?,
            None => file.kratos_timeout_ms.unwrap_or(10_000),
        };
        if timeout_ms == 0 {
            return Err(SettingError {
                name: "KRATOS_TIMEOUT_MS",
                problem: "must be greater than 0".into(),
            });
        }
        let provider_origins = pick("KRATOS_UI_PROVIDER_ORIGINS", file.provider_origins)
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|v| !v.is_empty())
            .map(|v| parse_base_url("KRATOS_UI_PROVIDER_ORIGINS", v))
            .collect::<Result<Vec<_>, _>>()?;
        let kratos_cookies = match pick("KRATOS_UI_SESSION_COOKIE", file.session_cookie) {
            Some(name) => {
                KratosCookies::with_session_cookie(name.trim()).ok_or_else(|| SettingError {
                    name: "KRATOS_UI_SESSION_COOKIE",
                    problem: format!("{name:?} is not a cookie name"),
                })?
            }
            None => KratosCookies::default(),
        };
        let totp_issuer = pick("KRATOS_UI_TOTP_ISSUER", file.totp_issuer)
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| {
                kratos_browser_url
                    .host_str()
                    .unwrap_or_default()
                    .to_string()
            });
        let switch = |name: &'static str, from_file: Option<bool>| match env(name)
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
        {
            Some(v) if v == "true" || v == "1" => Ok(true),
            Some(v) if v == "false" || v == "0" => Ok(false),
            Some(v) => Err(SettingError {
                name,
                problem: format!("{v:?} is not true or false"),
            }),
            None => Ok(from_file.unwrap_or(true)),
        };
        let offered_flows = OfferedFlows {
            registration: switch("KRATOS_UI_REGISTRATION", file.registration)?,
            recovery: switch("KRATOS_UI_RECOVERY", file.recovery)?,
            social_sign_in: !provider_origins.is_empty(),
        };
        let metrics_addr = match env("KRATOS_UI_METRICS_ADDR").filter(|v| !v.trim().is_empty()) {
            Some(v) => Some(v.trim().parse().map_err(|_| SettingError {
                name: "KRATOS_UI_METRICS_ADDR",
                problem: format!("{v:?} is not an address and port such as 0.0.0.0:9100"),
            })?),
            None => None,
        };
        let branding = BrandSettings::from_env(&env)?;
        let languages_dir = env("KRATOS_UI_LANGUAGES_DIR")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from);
        let default_language = env("KRATOS_UI_DEFAULT_LANGUAGE")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "en".into());
        Ok(Settings {
            kratos_public_url,
            kratos_browser_url,
            ui_url,
            base_path,
            kratos_timeout: Duration::from_millis(timeout_ms),
            provider_origins,
            kratos_cookies,
            totp_issuer,
            offered_flows,
            metrics_addr,
            branding,
            languages_dir,
            default_language,
        })
    }

    /// The Kratos origin the browser talks to, as CSP and `form-action` want it.
    pub fn kratos_browser_origin(&self) -> String {
        self.kratos_browser_url.origin().ascii_serialization()
    }
}

/// The base path alone (`BASE_PATH`, or the path of `KRATOS_UI_URL`), for `kratos-ui healthcheck`,
/// which needs no other setting.
pub fn base_path_from_sources(
    file_text: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<String, SettingError> {
    let file = match file_text {
        Some(text) => toml::from_str::<FileRoot>(text)
            .ok()
            .and_then(|root| root.kratos_ui)
            .unwrap_or_default(),
        None => FileSettings::default(),
    };
    let given = |name: &str, from_file: Option<String>| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .or(from_file.filter(|v| !v.trim().is_empty()))
    };
    let ui_url = match given("KRATOS_UI_URL", file.kratos_ui_url) {
        Some(v) => parse_base_url("KRATOS_UI_URL", &v)?,
        None => Url::parse("http://localhost/").expect("a URL"),
    };
    Ok(with_base_path(ui_url, given("BASE_PATH", file.base_path))?.1)
}

/// The UI URL and the base path, agreed: `BASE_PATH` (checked and normalised) goes onto the URL's
/// path; without it, a path on `KRATOS_UI_URL` is the base path. Both, and different: an error.
fn with_base_path(mut ui_url: Url, setting: Option<String>) -> Result<(Url, String), SettingError> {
    let on_url = ui_url.path().trim_end_matches('/').to_string();
    // The base path goes into links, redirects and a cookie's `Path`, so whichever setting gives
    // it, it holds only plain segments (a `;` from the URL's path would add cookie attributes).
    let (base, name, raw) = match setting {
        None => (on_url.clone(), "KRATOS_UI_URL", on_url.clone()),
        Some(raw) => (
            raw.trim().trim_end_matches('/').to_string(),
            "BASE_PATH",
            raw,
        ),
    };
    let fine = base.is_empty()
        || (base.starts_with('/')
            && !base.contains("//")
            && base.split('/').skip(1).all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            }));
    if !fine {
        return Err(SettingError {
            name,
            problem: format!(
                "{raw:?} is not a path such as /account (letters, digits, - . _ ~ between slashes)"
            ),
        });
    }
    if !on_url.is_empty() && on_url != base {
        return Err(SettingError {
            name: "BASE_PATH",
            problem: format!(
                "{base:?} differs from the path of KRATOS_UI_URL ({on_url:?}); set one of them"
            ),
        });
    }
    ui_url.set_path(&format!("{base}/"));
    Ok((ui_url, base))
}

/// An absolute http(s) URL with a host, normalised to end in `/` so that `join` keeps its path.
fn parse_base_url(name: &'static str, value: &str) -> Result<Url, SettingError> {
    let bad = |problem: String| SettingError { name, problem };
    // The value is echoed in the error, which goes to the log: never with a password in it.
    let shown = redacted_text(value);
    let mut url =
        Url::parse(value.trim()).map_err(|e| bad(format!("{shown:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad(format!(
            "{shown:?} must be an http:// or https:// URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(format!("{shown:?} must not have a query or fragment")));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `url` as it may be printed: a user name or password in it becomes `***`.
pub fn redacted(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.to_string();
    }
    let mut shown = url.clone();
    // Cannot fail for http(s) URLs with a host, the only ones settings hold.
    let _ = shown.set_password(None);
    let _ = shown.set_username("***");
    shown.to_string()
}

/// A setting's raw text as it may be printed: a URL's credentials hidden, and text that does not
/// parse as a URL with credentials but has an `@` (so may hold them) not shown at all.
fn redacted_text(value: &str) -> String {
    match Url::parse(value.trim()) {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => redacted(&url),
        _ if value.contains('@') => "(not shown: it may contain a password)".to_string(),
        _ => value.to_string(),
    }
}

impl Settings {
    /// What the operator should hear about at start-up, although the settings work.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let kratos = &self.kratos_public_url;
        let loopback = match kratos.host() {
            Some(url::Host::Domain(name)) => name == "localhost" || name.ends_with(".localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        if kratos.scheme() == "http" && !loopback {
            warnings.push(format!(
                "KRATOS_PUBLIC_URL {} is plain http to another host: visitors' session cookies \
                 cross the network unencrypted. Use https, or keep that network private.",
                redacted(kratos)
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn branding_settings_are_checked_and_name_the_setting() {
        let with = |name: &'static str, value: &'static str| {
            Settings::from_sources(
                None,
                move |k| match k {
                    "KRATOS_PUBLIC_URL" => Some("http://k".into()),
                    k if k == name => Some(value.into()),
                    _ => None,
                },
                "127.0.0.1:3000",
            )
        };
        let s = with("KRATOS_UI_ACCENT_COLOR", "#0A58ca").unwrap();
        assert_eq!(s.branding.accent_color.as_deref(), Some("#0A58ca"));
        assert_eq!(s.branding.color_scheme, ColorScheme::Auto);
        assert_eq!(
            with("KRATOS_UI_COLOR_SCHEME", "dark")
                .unwrap()
                .branding
                .color_scheme,
            ColorScheme::Dark
        );
        for (name, bad) in [
            ("KRATOS_UI_ACCENT_COLOR", "blue"),
            ("KRATOS_UI_ACCENT_COLOR", "#12345"),
            ("KRATOS_UI_ACCENT_COLOR", "#0a58ca;}body{display:none"),
            ("KRATOS_UI_COLOR_SCHEME", "sepia"),
            ("KRATOS_UI_PRIVACY_URL", "javascript:alert(1)"),
            ("KRATOS_UI_HOME_URL", "/relative"),
        ] {
            assert_eq!(with(name, bad).unwrap_err().name, name, "{bad}");
        }
    }

    #[test]
    fn the_base_path_is_checked_and_put_on_the_ui_url() {
        let with = |ui: Option<&str>, base: Option<&str>| {
            let (ui, base) = (ui.map(str::to_string), base.map(str::to_string));
            Settings::from_sources(
                None,
                move |k| match k {
                    "KRATOS_PUBLIC_URL" => Some("http://k".into()),
                    "KRATOS_UI_URL" => ui.clone(),
                    "BASE_PATH" => base.clone(),
                    _ => None,
                },
                "127.0.0.1:3000",
            )
        };
        let s = with(Some("https://ui.example"), Some("/account/")).unwrap();
        assert_eq!(
            (s.ui_url.as_str(), s.base_path.as_str()),
            ("https://ui.example/account/", "/account")
        );
        let s = with(Some("https://ui.example/my/account"), None).unwrap();
        assert_eq!(s.base_path, "/my/account");
        let s = with(Some("https://ui.example/account/"), Some("/account")).unwrap();
        assert_eq!(s.ui_url.as_str(), "https://ui.example/account/");
        let s = with(None, Some("/")).unwrap();
        assert_eq!(
            (s.ui_url.as_str(), s.base_path.as_str()),
            ("http://127.0.0.1:3000/", "")
        );
        for bad in ["account", "/a//b", "/a/../b", "/a b", "/%2e%2e", "/a?b"] {
            let e = with(None, Some(bad)).unwrap_err();
            assert_eq!(e.name, "BASE_PATH", "{bad}");
        }
        assert_eq!(
            with(Some("https://ui.example/one"), Some("/two"))
                .unwrap_err()
                .name,
            "BASE_PATH"
        );
        for bad in [
            "https://ui.example/a;Domain=evil",
            "https://ui.example/a%20b",
        ] {
            let e = with(Some(bad), None).unwrap_err();
            assert_eq!(e.name, "KRATOS_UI_URL", "{bad}");
        }
    }

    #[test]
    fn metrics_are_off_unless_an_address_is_set() {
        let with = |v: &str| {
            let v = v.to_string();
            Settings::from_sources(
                None,
                move |k| match k {
                    "KRATOS_PUBLIC_URL" => Some("http://k".into()),
                    "KRATOS_UI_METRICS_ADDR" => Some(v.clone()),
                    _ => None,
                },
                "127.0.0.1:3000",
            )
        };
        assert_eq!(with("").unwrap().metrics_addr, None);
        assert_eq!(
            with("0.0.0.0:9464").unwrap().metrics_addr,
            Some("0.0.0.0:9464".parse().unwrap())
        );
        let refused = with("localhost").unwrap_err();
        assert_eq!(refused.name, "KRATOS_UI_METRICS_ADDR");
    }

    use super::*;
    use std::collections::HashMap;

    fn load(file: Option<&str>, vars: &[(&str, &str)]) -> Result<Settings, SettingError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_sources(file, |k| vars.get(k).cloned(), "127.0.0.1:3000")
    }

    #[test]
    fn defaults_follow_the_public_url_and_site_addr() {
        let s = load(None, &[("KRATOS_PUBLIC_URL", "http://127.0.0.1:4433")]).unwrap();
        assert_eq!(s.kratos_public_url.as_str(), "http://127.0.0.1:4433/");
        assert_eq!(s.kratos_browser_url, s.kratos_public_url);
        assert_eq!(s.ui_url.as_str(), "http://127.0.0.1:3000/");
        assert_eq!(s.kratos_timeout, Duration::from_secs(10));
        assert!(s.provider_origins.is_empty());
        assert_eq!(s.kratos_cookies.session_cookie(), "ory_kratos_session");
        assert_eq!(
            s.totp_issuer, "127.0.0.1",
            "Kratos's default: its public host"
        );
        let file = "[kratos_ui]\nkratos_public_url = \"http://k\"\nsession_cookie = \"ory_session_acme\"\n";
        let s = load(Some(file), &[]).unwrap();
        assert_eq!(s.kratos_cookies.session_cookie(), "ory_session_acme");
    }

    #[test]
    fn provider_origins_are_a_list_of_urls() {
        let s = load(
            None,
            &[
                ("KRATOS_PUBLIC_URL", "http://k"),
                (
                    "KRATOS_UI_PROVIDER_ORIGINS",
                    "https://accounts.google.com, https://idp.test:8443",
                ),
            ],
        )
        .unwrap();
        let origins: Vec<String> = s
            .provider_origins
            .iter()
            .map(|u| u.origin().ascii_serialization())
            .collect();
        assert_eq!(
            origins,
            ["https://accounts.google.com", "https://idp.test:8443"]
        );
        let err = load(
            None,
            &[
                ("KRATOS_PUBLIC_URL", "http://k"),
                ("KRATOS_UI_PROVIDER_ORIGINS", "idp.test"),
            ],
        )
        .unwrap_err();
        assert_eq!(err.name, "KRATOS_UI_PROVIDER_ORIGINS");
    }

    #[test]
    fn environment_overrides_the_file() {
        let file = "[kratos_ui]\nkratos_public_url = \"http://file:1\"\nkratos_timeout_ms = 500\n";
        let s = load(Some(file), &[]).unwrap();
        assert_eq!(s.kratos_public_url.as_str(), "http://file:1/");
        assert_eq!(s.kratos_timeout, Duration::from_millis(500));
        let s = load(
            Some(file),
            &[
                ("KRATOS_PUBLIC_URL", "http://env:2/kratos"),
                ("KRATOS_BROWSER_URL", "https://id.example.com"),
                ("KRATOS_UI_URL", "https://account.example.com"),
                ("KRATOS_TIMEOUT_MS", "250"),
            ],
        )
        .unwrap();
        assert_eq!(s.kratos_public_url.as_str(), "http://env:2/kratos/");
        assert_eq!(s.kratos_browser_origin(), "https://id.example.com");
        assert_eq!(s.ui_url.as_str(), "https://account.example.com/");
        assert_eq!(s.kratos_timeout, Duration::from_millis(250));
    }

    #[test]
    fn printed_urls_hide_credentials() {
        let s = load(
            None,
            &[("KRATOS_PUBLIC_URL", "https://admin:hunter2@kratos.test/")],
        )
        .unwrap();
        assert_eq!(
            s.kratos_public_url.password(),
            Some("hunter2"),
            "the URL itself keeps them"
        );
        assert_eq!(redacted(&s.kratos_public_url), "https://***@kratos.test/");
        let err = load(
            None,
            &[("KRATOS_PUBLIC_URL", "ftp://admin:hunter2@kratos.test/")],
        )
        .unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = load(None, &[("KRATOS_PUBLIC_URL", "admin:hunter2@kratos.test")]).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn plain_http_to_another_host_is_warned_about() {
        for (url, warned) in [
            ("http://127.0.0.1:4433", false),
            ("http://localhost:4433", false),
            ("http://[::1]:4433", false),
            ("https://kratos.internal", false),
            ("http://kratos:4433", true),
            ("http://u:secret@10.0.0.5:4433", true),
        ] {
            let s = load(None, &[("KRATOS_PUBLIC_URL", url)]).unwrap();
            let warnings = s.warnings();
            assert_eq!(warnings.len(), usize::from(warned), "{url}: {warnings:?}");
            assert!(
                warnings.iter().all(|w| !w.contains("secret")),
                "{warnings:?}"
            );
        }
    }

    #[test]
    fn bad_settings_name_the_setting() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "KRATOS_PUBLIC_URL"),
            (&[("KRATOS_PUBLIC_URL", "not a url")], "KRATOS_PUBLIC_URL"),
            (&[("KRATOS_PUBLIC_URL", "ftp://x")], "KRATOS_PUBLIC_URL"),
            (
                &[
                    ("KRATOS_PUBLIC_URL", "http://k"),
                    ("KRATOS_BROWSER_URL", "k:"),
                ],
                "KRATOS_BROWSER_URL",
            ),
            (
                &[
                    ("KRATOS_PUBLIC_URL", "http://k"),
                    ("KRATOS_UI_URL", "/relative"),
                ],
                "KRATOS_UI_URL",
            ),
            (
                &[
                    ("KRATOS_PUBLIC_URL", "http://k"),
                    ("KRATOS_TIMEOUT_MS", "10s"),
                ],
                "KRATOS_TIMEOUT_MS",
            ),
            (
                &[
                    ("KRATOS_PUBLIC_URL", "http://k"),
                    ("KRATOS_TIMEOUT_MS", "0"),
                ],
                "KRATOS_TIMEOUT_MS",
            ),
            (
                &[
                    ("KRATOS_PUBLIC_URL", "http://k"),
                    ("KRATOS_UI_SESSION_COOKIE", "my session"),
                ],
                "KRATOS_UI_SESSION_COOKIE",
            ),
        ];
        for (vars, name) in cases {
            let err = load(None, vars).unwrap_err();
            assert_eq!(err.name, *name, "{vars:?}");
            assert!(err
                .to_string()
                .starts_with(&format!("invalid setting {name}")));
        }
        let err = load(
            Some("[kratos_ui]\nkratos_timeout = 1\n"),
            &[("KRATOS_PUBLIC_URL", "http://k")],
        )
        .unwrap_err();
        assert!(err.name.starts_with("Leptos.toml"), "{err}");
    }
}

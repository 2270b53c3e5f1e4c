//! The operator's branding, read once at start-up: the logo and favicon served from this origin
//! under names made from their content (so browsers may keep them for a year), and one stylesheet
//! that is the app's own with the accent colour and the operator's extra CSS after it (one file,
//! so a branded first visit makes no more requests than a plain one). Nothing inline: the CSP
//! stays `style-src 'self'`.

use super::config::{BrandSettings, ColorScheme};
use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;

/// Served under this path (after the base path), with a content-hashed file name.
pub(crate) const BRAND_DIR: &str = "/brand/";

/// Larger files are refused at start-up: a logo is a few kilobytes.
const MAX_FILE_BYTES: u64 = 512 * 1024;

#[derive(Debug, Default)]
pub(crate) struct Branding {
    /// File name (without the directory) → content and type.
    files: HashMap<String, (Bytes, &'static str)>,
    pub product_name: Option<String>,
    /// Browser paths (base path included) of the served files.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// The branded stylesheet: the app's own with the branding after it, which the page then
    /// links instead of the app's (`includes_app_css`), or the branding alone.
    pub stylesheet: Option<String>,
    pub includes_app_css: bool,
    pub home_url: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub color_scheme: ColorScheme,
}

impl Branding {
    /// Reads the files `settings` names. `app_css`: the app's own stylesheet (`None` when the site
    /// is not built, as in some tests: the branding then comes as a stylesheet of its own).
    pub(crate) fn load(
        settings: &BrandSettings,
        app_css: Option<&str>,
        base: &str,
    ) -> Result<Self, String> {
        let mut branding = Branding {
            product_name: settings.product_name.clone(),
            home_url: settings.home_url.as_ref().map(|u| u.to_string()),
            privacy_url: settings.privacy_url.as_ref().map(|u| u.to_string()),
            terms_url: settings.terms_url.as_ref().map(|u| u.to_string()),
            color_scheme: settings.color_scheme,
            ..Default::default()
        };
        let mut add = |bytes: Bytes, ext: &str, content_type: &'static str| {
            let name = format!("{:016x}.{ext}", fnv1a(&bytes));
            branding.files.insert(name.clone(), (bytes, content_type));
            format!("{base}{BRAND_DIR}{name}")
        };
        if let Some(path) = &settings.logo {
            let (bytes, ext, kind) = read_image("KRATOS_UI_LOGO", path)?;
            branding.logo = Some(add(bytes, ext, kind));
        }
        if let Some(path) = &settings.favicon {
            let (bytes, ext, kind) = read_image("KRATOS_UI_FAVICON", path)?;
            branding.favicon = Some(add(bytes, ext, kind));
        }
        let mut rules = String::new();
        if let Some(color) = &settings.accent_color {
            // Checked as a hex colour by the settings: nothing else can end up in the CSS. As
            // specific as the app's light and dark rules, and after them, in every scheme.
            rules.push_str(&format!(
                ":root:not([data-scheme=light]),:root[data-scheme]{{--accent:{color}}}\n"
            ));
        }
        if let Some(path) = &settings.stylesheet {
            let css = read("KRATOS_UI_STYLESHEET", path)?;
            let css = String::from_utf8(css.to_vec())
                .map_err(|_| setting_error("KRATOS_UI_STYLESHEET", path, "is not UTF-8 text"))?;
            rules.push_str(&css);
        }
        if !rules.is_empty() {
            branding.includes_app_css = app_css.is_some();
            let css = format!("{}\n{rules}", app_css.unwrap_or_default());
            branding.stylesheet = Some(add(Bytes::from(css), "css", "text/css; charset=utf-8"));
        }
        Ok(branding)
    }

    /// A served file by its name (the part after [`BRAND_DIR`]).
    pub(crate) fn file(&self, name: &str) -> Option<&(Bytes, &'static str)> {
        self.files.get(name)
    }
}

fn setting_error(name: &str, path: &Path, problem: &str) -> String {
    format!("invalid setting {name}: {} {problem}", path.display())
}

fn read(name: &str, path: &Path) -> Result<Bytes, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| setting_error(name, path, &format!("cannot be read ({e})")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(setting_error(name, path, "is larger than 512 KB"));
    }
    std::fs::read(path)
        .map(Bytes::from)
        .map_err(|e| setting_error(name, path, &format!("cannot be read ({e})")))
}

fn read_image(name: &str, path: &Path) -> Result<(Bytes, &'static str, &'static str), String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (ext, kind) = match ext.as_str() {
        "svg" => ("svg", "image/svg+xml"),
        "png" => ("png", "image/png"),
        "webp" => ("webp", "image/webp"),
        "jpg" | "jpeg" => ("jpg", "image/jpeg"),
        "ico" => ("ico", "image/x-icon"),
        _ => {
            return Err(setting_error(
                name,
                path,
                "must be an .svg, .png, .webp, .jpg or .ico file",
            ))
        }
    };
    Ok((read(name, path)?, ext, kind))
}

/// FNV-1a, 64 bits: a stable name for a file's content (not a security measure).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The app's own stylesheet in the built site, if there is one: `{pkg_dir}/{output_name}*.css`.
pub(crate) fn app_css(pkg_dir: &Path, output_name: &str) -> Option<String> {
    std::fs::read_dir(pkg_dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "css")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(output_name))
        })
        .and_then(|p| std::fs::read_to_string(p).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_content_and_a_missing_one_names_its_setting() {
        let dir = std::env::temp_dir().join(format!("kratos-ui-brand-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let logo = dir.join("logo.svg");
        std::fs::write(&logo, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        let settings = BrandSettings {
            logo: Some(logo.clone()),
            accent_color: Some("#c0ffee".into()),
            ..Default::default()
        };
        let b = Branding::load(&settings, Some("body{}"), "/account").unwrap();
        let logo_url = b.logo.clone().unwrap();
        assert!(logo_url.starts_with("/account/brand/") && logo_url.ends_with(".svg"));
        let name = logo_url.rsplit('/').next().unwrap();
        assert_eq!(b.file(name).unwrap().1, "image/svg+xml");
        let css_name = b.stylesheet.as_ref().unwrap().rsplit('/').next().unwrap();
        let css = std::str::from_utf8(&b.file(css_name).unwrap().0)
            .unwrap()
            .to_string();
        assert!(
            css.starts_with("body{}") && css.contains("--accent:#c0ffee"),
            "{css}"
        );

        let missing = BrandSettings {
            favicon: Some(dir.join("nowhere.ico")),
            ..Default::default()
        };
        let e = Branding::load(&missing, None, "").unwrap_err();
        assert!(e.starts_with("invalid setting KRATOS_UI_FAVICON:"), "{e}");
        let wrong = BrandSettings {
            logo: Some(dir.join("logo.exe")),
            ..Default::default()
        };
        assert!(Branding::load(&wrong, None, "")
            .unwrap_err()
            .contains("KRATOS_UI_LOGO"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

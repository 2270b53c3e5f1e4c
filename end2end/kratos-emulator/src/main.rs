//! kratos-emulator: an in-memory stand-in for Ory Kratos for kratos-ui's demo and tests.
//! Never for production.

use kratos_emulator::{app, config::Config, serve};
use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
kratos-emulator — an in-memory TEST DOUBLE and DEMO BACKEND for Ory Kratos (kratos-ui).
NEVER use it in production: all state is kept in memory and lost on exit, and only the parts
of Kratos that kratos-ui uses are implemented.

USAGE:
    kratos-emulator --config <path to kratos.yml>

OPTIONS:
    -c, --config <file>   Kratos configuration (serve.public/admin, selfservice.*, session.*,
                          identity.schemas with a file:// schema relative to the file)
    -h, --help            Print this help

ENVIRONMENT:
    KRATOS_EMULATOR_PUBLIC_PORT      override serve.public.port (the base URL follows it)
    KRATOS_EMULATOR_ADMIN_PORT       override serve.admin.port
    KRATOS_EMULATOR_PUBLIC_BASE_URL  override serve.public.base_url
    KRATOS_EMULATOR_LOG              set to 'debug' to log every request (no secrets are logged)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut config: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-c" | "--config" => {
                i += 1;
                match args.get(i) {
                    Some(p) => config = Some(PathBuf::from(p)),
                    None => {
                        eprintln!("error: --config needs a file\n\n{HELP}");
                        return ExitCode::from(2);
                    }
                }
            }
            s if s.starts_with("--config=") => {
                config = Some(PathBuf::from(&s["--config=".len()..]));
            }
            other => {
                eprintln!("error: unexpected argument {other:?}\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let Some(path) = config else {
        eprintln!("error: --config <path to kratos.yml> is required\n\n{HELP}");
        return ExitCode::from(2);
    };
    let mut cfg = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kratos-emulator: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &cfg.warnings {
        eprintln!("kratos-emulator: warning: {w}");
    }
    if let Ok(u) = std::env::var("KRATOS_EMULATOR_PUBLIC_BASE_URL") {
        if url::Url::parse(&u).is_err() {
            eprintln!("kratos-emulator: KRATOS_EMULATOR_PUBLIC_BASE_URL {u:?} is not a URL");
            return ExitCode::from(1);
        }
        cfg.public_base_url = u;
    }
    for (var, admin) in [
        ("KRATOS_EMULATOR_PUBLIC_PORT", false),
        ("KRATOS_EMULATOR_ADMIN_PORT", true),
    ] {
        if let Ok(v) = std::env::var(var) {
            match v.parse::<u16>() {
                Ok(p) if admin => cfg.admin_port = p,
                Ok(p) => {
                    let explicit_base = std::env::var("KRATOS_EMULATOR_PUBLIC_BASE_URL").is_ok();
                    if explicit_base {
                        cfg.public_port = p;
                    } else {
                        cfg = cfg.with_public_port(p);
                    }
                }
                Err(_) => {
                    eprintln!("kratos-emulator: {var}={v:?} is not a port");
                    return ExitCode::from(1);
                }
            }
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kratos-emulator: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    rt.block_on(async move {
        let public_port = cfg.public_port;
        let admin_port = cfg.admin_port;
        let public = match tokio::net::TcpListener::bind(("127.0.0.1", public_port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kratos-emulator: cannot listen on 127.0.0.1:{public_port}: {e}");
                return ExitCode::from(1);
            }
        };
        let admin = match tokio::net::TcpListener::bind(("127.0.0.1", admin_port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kratos-emulator: cannot listen on 127.0.0.1:{admin_port}: {e}");
                return ExitCode::from(1);
            }
        };
        let st = match app::AppState::new(cfg) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("kratos-emulator: {e}");
                return ExitCode::from(1);
            }
        };
        println!(
            "kratos-emulator public={} admin=http://127.0.0.1:{admin_port}/",
            st.cfg.public_base_url
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match serve(st, public, admin, shutdown).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kratos-emulator: {e}");
                ExitCode::from(1)
            }
        }
    })
}

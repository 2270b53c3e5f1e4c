# kratos-ui in a container: a builder with Rust and cargo-leptos, then a small runtime image that
# runs as a non-root user with no shell. Build with `docker build -t kratos-ui .`; run with at
# least KRATOS_PUBLIC_URL, KRATOS_BROWSER_URL and KRATOS_UI_URL (README, "Running it in a
# container"). scripts/check-image-env starts the release binary with this file's ENV and checks
# the base path, the probes, the assets and a redirect.

FROM rust:1.95-bookworm AS builder
# The versions scripts/setup pins: cargo-leptos, wasm-bindgen-cli matching Cargo.lock, and
# binaryen's wasm-opt from npm (Debian's produces wasm that fails in the browser).
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/* \
 && rustup target add wasm32-unknown-unknown \
 && cargo install cargo-leptos --version 0.3.11 --locked \
 && cargo install wasm-bindgen-cli --version 0.2.130 --locked \
 && npm install --global binaryen@132.0.0
WORKDIR /src
COPY . .
RUN cargo leptos build --release --precompress

# glibc and nothing else: no shell, no package manager, user 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /app
COPY --from=builder /src/target/release/kratos-ui /app/kratos-ui
# The hashed asset names, read beside the binary.
COPY --from=builder /src/target/release/hash.txt /app/hash.txt
COPY --from=builder /src/target/site /app/site
ENV LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    PORT=3000 \
    BASE_PATH= \
    KRATOS_UI_CONFIG=/app/kratos-ui.toml \
    KRATOS_UI_LOG_FORMAT=json \
    RUST_LOG=info
USER nonroot
EXPOSE 3000
# Needs no shell or curl: the binary asks the server on its own address.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/app/kratos-ui", "healthcheck"]
ENTRYPOINT ["/app/kratos-ui"]

//! Compiles the provider against the system's OpenSSL 3 (found through pkg-config), the same
//! libcrypto that libsqlite3-sys links SQLCipher to on Linux. Other platforms build SQLCipher
//! with a vendored OpenSSL and keep its stock provider.

fn main() {
    println!("cargo:rerun-if-changed=csrc/provider.c");
    println!("cargo:rustc-check-cfg=cfg(page_crypto)");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let crypto = pkg_config::Config::new()
        .atleast_version("3.0.0")
        .probe("libcrypto")
        .unwrap_or_else(|e| panic!("OpenSSL 3 development files are needed (Debian: libssl-dev): {e}"));
    let mut build = cc::Build::new();
    build.file("csrc/provider.c").warnings(true).extra_warnings(true).warnings_into_errors(true);
    for dir in &crypto.include_paths {
        build.include(dir);
    }
    build.compile("probono_page_crypto");
    println!("cargo:rustc-cfg=page_crypto");
}

//! Compiles the provider against the OpenSSL 3 that libsqlite3-sys links SQLCipher to on
//! Linux. Other platforms keep SQLCipher's stock provider (see src/lib.rs).

fn main() {
    println!("cargo:rerun-if-changed=csrc/provider.c");
    println!("cargo:rustc-check-cfg=cfg(page_crypto)");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    // The same OpenSSL libsqlite3-sys links SQLCipher to: the one OPENSSL_DIR or
    // OPENSSL_INCLUDE_DIR names when set, else the system's, found through pkg-config.
    println!("cargo:rerun-if-env-changed=OPENSSL_DIR");
    println!("cargo:rerun-if-env-changed=OPENSSL_INCLUDE_DIR");
    let named = std::env::var_os("OPENSSL_INCLUDE_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("OPENSSL_DIR").map(|d| std::path::PathBuf::from(d).join("include")));
    let include_paths = match named {
        Some(dir) => vec![dir],
        None => {
            pkg_config::Config::new()
                .atleast_version("3.0.0")
                .probe("libcrypto")
                .unwrap_or_else(|e| panic!("OpenSSL 3 development files are needed (Debian: libssl-dev): {e}"))
                .include_paths
        }
    };
    let mut build = cc::Build::new();
    build.file("csrc/provider.c").warnings(true).extra_warnings(true);
    for dir in &include_paths {
        build.include(dir);
    }
    build.compile("probono_page_crypto");
    println!("cargo:rustc-cfg=page_crypto");
}

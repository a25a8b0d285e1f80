//! One source for the typed boundary: the `#[tauri::command]` functions in src/commands/*.rs.
//! From them this script generates, into OUT_DIR,
//! - `handlers.rs`, the handler list the app registers (`tauri::generate_handler![…]`);
//! - `command_names.rs`, the command names, for the tests of the capability file;
//! - `commands.ts`, one typed TypeScript wrapper per command, which a test compares with the
//!   checked-in ui/src/lib/api/commands.ts (`make bindings` rewrites it);
//!
//! and it hands the names to tauri-build, which makes one permission per command. Adding a
//! command is writing its function; nothing else lists commands by hand.

use std::fmt::Write as _;
use std::path::Path;

struct Param {
    name: String,
    ts: String,
    optional: bool,
}

struct Command {
    module: String,
    name: String,
    docs: Vec<String>,
    params: Vec<Param>,
    returns: String,
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands");
    let commands = scan(Path::new("src/commands"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));

    let paths: Vec<String> = commands.iter().map(|c| format!("crate::commands::{}::{}", c.module, c.name)).collect();
    std::fs::write(out.join("handlers.rs"), format!("tauri::generate_handler![{}]\n", paths.join(", ")))
        .expect("write handlers.rs");
    let names: Vec<String> = commands.iter().map(|c| format!("{:?}", c.name)).collect();
    std::fs::write(out.join("command_names.rs"), format!("&[{}]\n", names.join(", "))).expect("write command_names.rs");
    std::fs::write(out.join("commands.ts"), typescript(&commands)).expect("write commands.ts");

    // tauri-build wants names that live for the whole (short) life of this script.
    let names: &'static [&'static str] = Box::leak(
        commands.into_iter().map(|c| &*Box::leak(c.name.into_boxed_str())).collect::<Vec<_>>().into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script");
}

/// Every `#[tauri::command]` fn in the folder's files, by file name then source order.
fn scan(dir: &Path) -> Vec<Command> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/commands")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && p.file_stem().is_some_and(|s| s != "mod"))
        .collect();
    files.sort();
    let mut commands = Vec::new();
    for path in files {
        let module = path.file_stem().and_then(|s| s.to_str()).expect("file name").to_owned();
        let text = std::fs::read_to_string(&path).expect("read command file");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            if !f.attrs.iter().any(|a| {
                a.path().segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>() == ["tauri", "command"]
            }) {
                continue;
            }
            commands.push(command(&module, &f));
        }
    }
    commands
}

fn command(module: &str, f: &syn::ItemFn) -> Command {
    let docs = f
        .attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut params = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(arg) = input else { continue };
        let syn::Pat::Ident(name) = &*arg.pat else { panic!("{}: parameters must be plain names", f.sig.ident) };
        if is_injected(&arg.ty) {
            continue;
        }
        params.push(Param { name: name.ident.to_string(), ts: ts_type(&arg.ty), optional: is_option(&arg.ty) });
    }
    let returns = match &f.sig.output {
        syn::ReturnType::Default => "null".to_owned(),
        syn::ReturnType::Type(_, ty) => ts_type(ok_type(ty)),
    };
    Command { module: module.to_owned(), name: f.sig.ident.to_string(), docs, params, returns }
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn generic_args(seg: &syn::PathSegment) -> Vec<&syn::Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

/// Arguments Tauri fills in itself (state, the app handle), which the UI does not send.
fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty)
        .is_some_and(|s| matches!(s.ident.to_string().as_str(), "State" | "AppHandle" | "Window" | "Webview"))
}

fn is_option(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

/// `T` of `Res<T>` / `Result<T, E>`; the type itself otherwise.
fn ok_type(ty: &syn::Type) -> &syn::Type {
    match last_segment(ty) {
        Some(s) if s.ident == "Res" || s.ident == "Result" => generic_args(s).first().copied().unwrap_or(ty),
        _ => ty,
    }
}

/// The TypeScript for a Rust type as serde sends it; named types keep their Rust name, which
/// is the name bindings.ts declares (the TypeScript compiler checks every one).
fn ts_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Tuple(t) if t.elems.is_empty() => "null".to_owned(),
        syn::Type::Reference(r) => ts_type(&r.elem),
        syn::Type::Path(_) => {
            let seg = last_segment(ty).expect("a path has a last segment");
            let args = generic_args(seg);
            match seg.ident.to_string().as_str() {
                "String" | "str" | "Uuid" | "PathBuf" => "string".to_owned(),
                "bool" => "boolean".to_owned(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32" | "f64" => {
                    "number".to_owned()
                }
                "Option" => format!("{} | null", ts_type(args[0])),
                "Vec" => {
                    let inner = ts_type(args[0]);
                    if inner.contains(' ') { format!("({inner})[]") } else { format!("{inner}[]") }
                }
                other => other.to_owned(),
            }
        }
        _ => panic!("a command takes or returns a type the generator does not know (only paths, references and ())"),
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Named TypeScript types a wrapper mentions (to import from bindings.ts).
fn named_types(ts: &str, into: &mut std::collections::BTreeSet<String>) {
    for word in ts.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        if word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            into.insert(word.to_owned());
        }
    }
}

fn typescript(commands: &[Command]) -> String {
    let mut types = std::collections::BTreeSet::new();
    for c in commands {
        named_types(&c.returns, &mut types);
        for p in &c.params {
            named_types(&p.ts, &mut types);
        }
    }
    let mut out = String::from(
        "// Generated by src-tauri/build.rs from the #[tauri::command] functions in src-tauri/src/commands.\n\
         // Do not edit. Regenerate: make bindings\n\n",
    );
    let _ = writeln!(
        out,
        "import type {{\n{}\n}} from './bindings';",
        types.iter().map(|t| format!("  {t},")).collect::<Vec<_>>().join("\n")
    );
    out.push_str("import { call } from './transport';\n\n");
    out.push_str("/** Every command the backend has; `call` takes no other name. */\nexport type CommandName =\n");
    for c in commands {
        let _ = writeln!(out, "  | '{}'", c.name);
    }
    out.truncate(out.trim_end().len());
    out.push_str(";\n");
    let mut module = String::new();
    for c in commands {
        if c.module != module {
            module = c.module.clone();
            let _ = write!(out, "\n// --- {module} ---\n");
        }
        out.push('\n');
        if !c.docs.is_empty() {
            let _ = writeln!(out, "/** {} */", c.docs.join(" ").replace("*/", "* /"));
        }
        // Trailing optional parameters may be left out.
        let required_until = c.params.iter().rposition(|p| !p.optional).map_or(0, |i| i + 1);
        let params: Vec<String> = c
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let default = if i >= required_until { " = null" } else { "" };
                format!("{}: {}{default}", camel(&p.name), p.ts)
            })
            .collect();
        let args = if c.params.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", c.params.iter().map(|p| camel(&p.name)).collect::<Vec<_>>().join(", "))
        };
        let _ = writeln!(
            out,
            "export const {} = ({}) => call<{}>('{}'{args});",
            camel(&c.name),
            params.join(", "),
            c.returns,
            c.name
        );
    }
    out
}

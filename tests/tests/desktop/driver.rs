//! Running the real desktop app headless and talking WebDriver to it: Xvfb, a private D-Bus
//! session and home folder, tauri-driver (which starts WebKitWebDriver, which starts the
//! app), and a small W3C WebDriver client over HTTP.

// Shared by the end-to-end tests and the desktop benchmark; each uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The built app. `make test` builds it (with the UI) before the tests run.
pub fn app_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("PROBONO_DESKTOP_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test exe");
    let dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let bin = dir.join("pro-bono-desk");
    assert!(
        bin.exists(),
        "{} is missing: `make app` builds it (npm run build in ui/, then cargo build -p probono-desktop)",
        bin.display()
    );
    bin
}

fn tool(name: &str) -> PathBuf {
    for dir in std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(PathBuf::from)
        .chain([dirs_home().join(".cargo/bin"), PathBuf::from("/usr/bin")])
    {
        let p = dir.join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} is not installed (scripts/install-deps.sh installs xvfb, webkit2gtk-driver and tauri-driver)");
}

fn dirs_home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/root"))
}

/// Xvfb + D-Bus + tauri-driver, torn down in the right order on drop.
///
/// One desktop at a time per test process: each app with its X server and WebKit processes
/// wants most of a core while it starts, and four of them racing on a two-core machine made
/// start-up time out under load. The guard is released after everything else has stopped.
pub struct Desktop {
    xvfb: Child,
    driver: Child,
    pub port: u16,
    display: String,
    _turn: std::sync::MutexGuard<'static, ()>,
}

/// How long the X server and tauri-driver may take to come up. Generous: on a loaded
/// two-core machine (a build running beside the tests) they have taken over ten seconds.
const START_TIMEOUT: Duration = Duration::from_secs(90);

static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Desktop {
    pub fn start(home: &Path) -> Desktop {
        Desktop::start_with_keyring(home, "off")
    }

    /// With `PROBONO_KEYRING` set to `keyring` (`memory`: remembered for the app's run only).
    pub fn start_with_keyring(home: &Path, keyring: &str) -> Desktop {
        // A test that failed while holding the guard poisons it; the next one may still run.
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (xvfb, display) = start_xvfb();
        let (port, native) = two_free_ports();
        for sub in ["tmp", "config", "data", "cache", "runtime"] {
            std::fs::create_dir_all(home.join(sub)).expect("home dirs");
        }
        // setsid: its own process group, so tauri-driver and everything under it can be told
        // to stop with SIGTERM (SIGKILL would orphan WebKitWebDriver; TOOLCHAIN.md).
        let driver = Command::new("setsid")
            .args(["dbus-run-session", "--"])
            .arg(tool("tauri-driver"))
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .arg("--native-driver")
            .arg(tool("WebKitWebDriver"))
            .env("DISPLAY", &display)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            .env("TMPDIR", home.join("tmp"))
            .env("NO_AT_BRIDGE", "1")
            .env("PROBONO_KEYRING", keyring)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let desktop = Desktop { xvfb, driver, port, display, _turn: turn };
        wait_for(START_TIMEOUT, "tauri-driver to answer on its WebDriver port", || {
            agent(Duration::from_secs(5)).get(&format!("{}/status", desktop.url())).call().is_ok()
        });
        desktop
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the app and a WebDriver session on it.
    pub fn session(&self) -> Session {
        let caps = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": { "application": app_bin() } } }
        });
        let resp = post(&format!("{}/session", self.url()), &caps);
        let id = resp["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {resp}")).to_owned();
        Session { base: format!("{}/session/{id}", self.url()), display: self.display.clone() }
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        // SIGTERM to the whole group (dbus-run-session, its bus, tauri-driver, WebKitWebDriver,
        // the app), a moment to exit, then SIGKILL for whatever stayed: tauri-driver does not
        // always exit on SIGTERM once its parent is gone, and nothing may outlive the test.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let alive = || Command::new("kill").args(["-0", "--", &group]).status().is_ok_and(|s| s.success());
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// Polls `f` until it holds; panics after `timeout`, saying what was awaited.
pub fn wait_for(timeout: Duration, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out after {timeout:?} waiting for {what}");
}

/// Starts Xvfb with `-displayfd`: the server picks a free display itself and writes its
/// number to the given descriptor (here its stdout, a pipe to us) once it accepts
/// connections. No guessed display numbers, no polling for a socket.
fn start_xvfb() -> (Child, String) {
    let mut xvfb = Command::new(tool("Xvfb"))
        .args(["-displayfd", "1", "-screen", "0", "1280x820x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let stdout = xvfb.stdout.take().expect("Xvfb's stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut line = String::new();
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|_| line));
    });
    match rx.recv_timeout(START_TIMEOUT) {
        Ok(Ok(line)) if line.trim().parse::<u32>().is_ok() => (xvfb, format!(":{}", line.trim())),
        Ok(Ok(line)) => {
            let status = xvfb.try_wait().ok().flatten();
            panic!("Xvfb did not report a display (it wrote {line:?}; exit status {status:?})")
        }
        Ok(Err(e)) => panic!("reading the display number from Xvfb failed: {e}"),
        Err(_) => {
            let _ = xvfb.kill();
            panic!("Xvfb did not report a display within {START_TIMEOUT:?} (machine overloaded?)")
        }
    }
}

/// Two local TCP ports free right now, for tauri-driver and WebKitWebDriver (both listeners
/// are held until both numbers are known, so the two differ).
fn two_free_ports() -> (u16, u16) {
    let bind = || std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let (a, b) = (bind(), bind());
    let port = |l: &std::net::TcpListener| l.local_addr().expect("bound address").port();
    (port(&a), port(&b))
}

/// How long one WebDriver request may take. Starting the app (a new session) is the slowest,
/// a few seconds idle and over ten on a loaded machine; a request still unanswered after this
/// is a hang, and the test fails saying which request hung instead of waiting forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);

fn read(what: &str, url: &str, resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Value {
    match resp {
        Ok(mut r) => r.body_mut().read_json::<Value>().unwrap_or(Value::Null),
        Err(ureq::Error::Timeout(t)) => {
            panic!("WebDriver {what} {url} had no answer within the time allowed ({t}): the driver or the app hangs")
        }
        Err(ureq::Error::StatusCode(code)) => json!({ "value": { "error": format!("HTTP {code}") } }),
        Err(e) => json!({ "value": { "error": e.to_string() } }),
    }
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(timeout)).build().new_agent()
}

fn post(url: &str, body: &Value) -> Value {
    read("POST", url, agent(REQUEST_TIMEOUT).post(url).send_json(body))
}

fn get(url: &str) -> Value {
    read("GET", url, agent(REQUEST_TIMEOUT).get(url).call())
}

fn delete(url: &str) -> Value {
    read("DELETE", url, agent(REQUEST_TIMEOUT).delete(url).call())
}

/// How long a screen may take to show an element or a text. The app answers in well under a
/// second when idle; the margin is for a loaded machine, and a failure prints what was on
/// screen instead.
const FIND_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Session {
    base: String,
    display: String,
}

#[derive(Clone)]
pub struct Element {
    base: String,
    id: String,
}

impl Session {
    fn find_now(&self, css: &str) -> Option<Element> {
        let v = post(&format!("{}/element", self.base), &json!({ "using": "css selector", "value": css }));
        v["value"][ELEMENT].as_str().map(|id| Element { base: self.base.clone(), id: id.to_owned() })
    }

    /// Waits up to [`FIND_TIMEOUT`] for an element matching `css`.
    pub fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            if let Some(e) = self.find_now(css) {
                return e;
            }
            if Instant::now() >= deadline {
                let body = self.script("return document.body ? document.body.innerText : ''");
                panic!("no element {css} on screen; the page shows:\n{}", body.as_str().unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn by_id(&self, testid: &str) -> Element {
        self.find(&format!("[data-testid=\"{testid}\"]"))
    }

    pub fn exists(&self, testid: &str) -> bool {
        self.find_now(&format!("[data-testid=\"{testid}\"]")).is_some()
    }

    /// Waits until the element's text contains `needle`; returns the text.
    pub fn wait_text(&self, testid: &str, needle: &str) -> String {
        assert!(!needle.is_empty(), "wait_text needs a text to wait for: an empty one is found at once");
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            let text = self.find_now(&format!("[data-testid=\"{testid}\"]")).map(|e| e.text()).unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
            if Instant::now() >= deadline {
                let body = self.script("return document.body ? document.body.innerText : ''");
                panic!(
                    "{testid} never showed {needle:?}; last text: {text:?}; the page shows:\n{}",
                    body.as_str().unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn script(&self, js: &str) -> Value {
        post(&format!("{}/execute/sync", self.base), &json!({ "script": js, "args": [] }))["value"].clone()
    }

    /// Presses keys on whatever has focus (W3C actions), as a keyboard user would:
    /// `\u{E004}` is Tab, `\u{E007}` Enter.
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                let key = c.to_string();
                [json!({ "type": "keyDown", "value": key }), json!({ "type": "keyUp", "value": key })]
            })
            .collect();
        let v = post(
            &format!("{}/actions", self.base),
            &json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
        );
        assert!(v["value"].get("error").is_none(), "key actions refused: {v}");
    }

    /// The `data-testid` of the element that has focus ("" when it has none).
    pub fn focused_testid(&self) -> String {
        self.script("const e = document.activeElement; return (e && e.dataset && e.dataset.testid) || '';")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The window's outer size in pixels.
    pub fn window_size(&self) -> (i64, i64) {
        let v = get(&format!("{}/window/rect", self.base));
        (v["value"]["width"].as_i64().unwrap_or(-1), v["value"]["height"].as_i64().unwrap_or(-1))
    }

    pub fn set_window_size(&self, width: i64, height: i64) {
        let v = post(&format!("{}/window/rect", self.base), &json!({ "width": width, "height": height }));
        assert!(v["value"].get("error").is_none(), "resizing refused: {v}");
    }

    /// Closes the window as a user would (the app then exits).
    pub fn close_window(&self) {
        delete(&format!("{}/window", self.base));
    }

    pub fn title(&self) -> String {
        get(&format!("{}/title", self.base))["value"].as_str().unwrap_or_default().to_owned()
    }

    /// The whole virtual screen (the app window), taken with ImageMagick from the X server:
    /// WebKitWebDriver's own screenshot is not available without compositing.
    pub fn screenshot(&self, path: &Path) {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(path)
            .status()
            .expect("ImageMagick's import runs");
        assert!(status.success(), "screenshot failed");
    }

    pub fn close(self) {
        delete(&self.base);
    }
}

impl Element {
    pub fn click(&self) -> &Self {
        post(&format!("{}/element/{}/click", self.base, self.id), &json!({}));
        self
    }

    pub fn clear(&self) -> &Self {
        post(&format!("{}/element/{}/clear", self.base, self.id), &json!({}));
        self
    }

    pub fn type_text(&self, text: &str) -> &Self {
        post(&format!("{}/element/{}/value", self.base, self.id), &json!({ "text": text }));
        self
    }

    /// Clears the field and types `text`.
    pub fn fill(&self, text: &str) -> &Self {
        self.clear();
        self.type_text(text)
    }

    pub fn text(&self) -> String {
        get(&format!("{}/element/{}/text", self.base, self.id))["value"].as_str().unwrap_or_default().to_owned()
    }

    pub fn value(&self) -> String {
        get(&format!("{}/element/{}/property/value", self.base, self.id))["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// The running app's core-file limit, soft and hard, as /proc shows it (tests run one app at
/// a time).
pub fn app_core_limit() -> Option<(String, String)> {
    std::fs::read_dir("/proc").into_iter().flatten().flatten().find_map(|entry| {
        let dir = entry.path();
        if std::fs::read_to_string(dir.join("comm")).unwrap_or_default().trim() != "pro-bono-desk" {
            return None;
        }
        let limits = std::fs::read_to_string(dir.join("limits")).ok()?;
        let line = limits.lines().find(|l| l.starts_with("Max core file size"))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        Some((fields[fields.len() - 3].to_owned(), fields[fields.len() - 2].to_owned()))
    })
}

/// Resident memory (KiB) of the app process and of its WebKit web and network processes,
/// read from /proc (the benchmark runs one app at a time).
#[allow(dead_code)]
pub fn app_rss_kib() -> (u64, u64) {
    let (mut app, mut webkit) = (0, 0);
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let dir = entry.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        let comm = comm.trim();
        let rss = std::fs::read_to_string(dir.join("status"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()))
            .unwrap_or(0);
        if comm == "pro-bono-desk" {
            app += rss;
        } else if comm.starts_with("WebKitWebProces") || comm.starts_with("WebKitNetworkPr") {
            webkit += rss;
        }
    }
    (app, webkit)
}

/// A WebDriver that accepts the connection and never answers (as the hung one in CI did)
/// fails the request with a message naming it, instead of waiting forever.
#[test]
#[should_panic(expected = "had no answer within")]
fn a_request_the_driver_never_answers_fails_naming_it() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/session/x/window", silent.local_addr().expect("address"));
    let started = Instant::now();
    let result = agent(Duration::from_millis(300)).delete(&url).call();
    assert!(started.elapsed() < Duration::from_secs(10), "the timeout did not apply");
    read("DELETE", &url, result);
}

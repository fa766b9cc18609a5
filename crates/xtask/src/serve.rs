//! A small static file server for the lab (and for the end-to-end tests): GET only, files under the project
//! root only, correct MIME types (browsers insist on `application/wasm`), the page's Content-Security-Policy.
//!
//! Plain `std::net`, a thread per connection and one request per connection (`Connection: close`). It replaced
//! tiny_http, under which Chromium, loading more module scripts at once than it keeps connections per host (six),
//! now and then waited 15–30 s for a socket that tiny_http held open: a page whose scripts never arrived.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The policy the lab is built to run under (and that a course page embedding it may set): its own files only,
/// WebAssembly compiled from them, no inline script or style.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Serves `root` on 127.0.0.1:`port` until the process ends (port 0 picks a free port).
pub fn serve(root: &Path, port: u16, announce: bool) -> crate::Result {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if announce {
        println!("\nThe lab is at http://{addr}/  (Ctrl-C stops the server)");
    }
    answer(listener, root.to_path_buf());
    Ok(())
}

/// Starts [`serve`] on a free port in a background thread and returns the base URL.
pub fn spawn(root: PathBuf) -> crate::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || answer(listener, root));
    Ok(format!("http://{addr}/"))
}

fn answer(listener: TcpListener, root: PathBuf) {
    let root = Arc::new(root);
    let log = std::env::var_os("PLASTICITY_SERVE_LOG").is_some();
    for stream in listener.incoming().flatten() {
        let root = Arc::clone(&root);
        std::thread::spawn(move || {
            let _ = respond(stream, &root, log);
        });
    }
}

/// Reads one request from `stream` and answers it.
fn respond(mut stream: TcpStream, root: &Path, log: bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The headers (GET has no body): only If-None-Match is read.
    let (mut header, mut known) = (String::new(), None);
    while reader.read_line(&mut header)? > 2 {
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            known = Some(value.trim().to_string());
        }
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, url) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if log {
        eprintln!("serve: {method} {url}");
    }
    let found = (method == "GET" || method == "HEAD")
        .then(|| resolve(root, url))
        .flatten()
        .and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
    // An ETag (a hash of the contents) lets a browser, and the service worker caching the page, revalidate a file
    // it has with a 304 instead of downloading it again.
    let tag =
        found.as_ref().map(|(_, bytes)| format!("\"{:016x}\"", crate::offline::fnv(crate::offline::FNV_START, bytes)));
    let unchanged = tag.is_some() && tag == known;
    let (status, mime, body, csp) = match found {
        Some(_) if unchanged => ("304 Not Modified", "text/plain; charset=utf-8", Vec::new(), false),
        Some((path, bytes)) => ("200 OK", content_type(&path), bytes, path.extension().is_some_and(|e| e == "html")),
        None => ("404 Not Found", "text/plain; charset=utf-8", b"not found".to_vec(), false),
    };
    let csp = if csp { format!("Content-Security-Policy: {CONTENT_SECURITY_POLICY}\r\n") } else { String::new() };
    let tag = tag.map(|t| format!("ETag: {t}\r\n")).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n{csp}{tag}Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The file a URL names, refusing anything that would leave `root`.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut out = root.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

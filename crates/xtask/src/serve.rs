//! A small static file server for the lab (and for the end-to-end tests): GET only, files under the project
//! root only, correct MIME types (browsers insist on `application/wasm`).

use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Response, Server};

/// Serves `root` on 127.0.0.1:`port` until the process ends (port 0 picks a free port).
pub fn serve(root: &Path, port: u16, announce: bool) -> crate::Result {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    let addr = server.server_addr().to_ip().ok_or("no IP address")?;
    if announce {
        println!("\nThe lab is at http://{addr}/  (Ctrl-C stops the server)");
    }
    for request in server.incoming_requests() {
        let response = match resolve(root, request.url()) {
            Some(path) => match std::fs::read(&path) {
                Ok(bytes) => with_headers(Response::from_data(bytes), &path),
                Err(_) => Response::from_string("not found").with_status_code(404),
            },
            None => Response::from_string("not found").with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

/// Starts [`serve`] on a free port in a background thread and returns the base URL.
pub fn spawn(root: PathBuf) -> crate::Result<String> {
    let server = Server::http("127.0.0.1:0").map_err(|e| format!("cannot listen: {e}"))?;
    let addr = server.server_addr().to_ip().ok_or("no IP address")?;
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = match resolve(&root, request.url()).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
                Some((path, bytes)) => with_headers(Response::from_data(bytes), &path),
                None => Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    Ok(format!("http://{addr}/"))
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

/// The policy the lab is built to run under (and that a course page embedding it may set): its own files only,
/// WebAssembly compiled from them, no inline script or style.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// A file's response with its MIME type and, for a page, the Content-Security-Policy.
fn with_headers<R: std::io::Read>(response: Response<R>, path: &Path) -> Response<R> {
    let response = response.with_header(content_type(path));
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => response.with_header(
            Header::from_bytes("Content-Security-Policy", CONTENT_SECURITY_POLICY).expect("a valid header"),
        ),
        _ => response,
    }
}

fn content_type(path: &Path) -> Header {
    let mime = match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", mime).expect("a valid header")
}

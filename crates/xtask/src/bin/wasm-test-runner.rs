//! The wasm-bindgen test runner, built from the workspace's pinned `wasm-bindgen-cli` so that no tool has to
//! be installed by hand. `cargo xtask test` sets it as the runner for `wasm32-unknown-unknown`.

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:?}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! Panics are visible: the message goes to the console and to the page, which shows a banner with Reset
//! instead of a frozen canvas.

use std::sync::Once;

/// Installs the panic hook (once).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            announce(&info.to_string());
        }));
    });
}

/// Dispatches a `plasticity-panic` event on `window` with the message as its `detail`.
fn announce(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&wasm_bindgen::JsValue::from_str(message));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("plasticity-panic", &init) {
        let _ = window.dispatch_event(&event);
    }
}

//! Tests that need WebAssembly in a real browser: the same runs as natively, bit for bit, and charts that draw.
//! Run by `cargo xtask test` in headless Chromium.

#![cfg(target_arch = "wasm32")]

use plasticity::{Config, Trainer};
use plasticity_web::Lab;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../plasticity/tests/golden/mod.rs"]
mod golden;

#[wasm_bindgen_test]
fn runs_match_the_native_fingerprints_bit_for_bit() {
    for (query, steps, expected) in golden::RUNS {
        let (config, problems) = Config::from_query(query);
        assert!(problems.is_empty());
        let mut t = Trainer::new(config).unwrap();
        t.step(steps);
        assert_eq!(t.fingerprint(), expected, "{query}: wasm gives {:#018x}", t.fingerprint());
    }
}

#[wasm_bindgen_test]
fn a_malformed_hash_gives_messages_and_a_valid_run() {
    let mut lab = Lab::new("task=circle&lr=banana&hidden=9999&rule=?").unwrap();
    let messages: Vec<String> = serde_json::from_str(&lab.messages()).unwrap();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(lab.query().starts_with("task=circle&rule=fa&hidden=64&"));
    assert_eq!(lab.step(5), 5);
}

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Pixels that are neither white nor transparent.
fn inked(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    data.chunks_exact(4).filter(|p| p[3] > 0 && (p[0] < 250 || p[1] < 250 || p[2] < 250)).count()
}

#[wasm_bindgen_test]
fn every_chart_draws_for_every_task() {
    for task in ["xor", "linear", "digits", "autoencoder", "cloud"] {
        let mut lab = Lab::new(&format!("task={task}")).unwrap();
        lab.step(20);
        lab.measure();
        let cs: Vec<HtmlCanvasElement> = (0..6).map(|_| canvas(320, 200)).collect();
        lab.draw(
            Some(cs[0].clone()),
            Some(cs[1].clone()),
            Some(cs[2].clone()),
            Some(cs[3].clone()),
            Some(cs[4].clone()),
            Some(cs[5].clone()),
            2.0,
            11.0,
            false,
        )
        .unwrap();
        for (i, c) in cs.iter().enumerate() {
            // Every panel draws something: a chart, or the words that say why its quantity does not exist here.
            let ink = inked(c);
            assert!(ink > 300, "{task}: chart {i} drew only {ink} pixels");
        }
    }
}

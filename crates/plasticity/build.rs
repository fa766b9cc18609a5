//! Decompresses the digit data sets (gzip-compressed CSV) into compact tables of one byte a value: the pixels,
//! then the label. The crate embeds the tables with `include_bytes!`: the 8×8 digits with the `digits` feature
//! (on by default; the page leaves it off and loads them at run time), 65 bytes an example, pixels 0..=16; MNIST-5k
//! only with the `mnist` feature, 785 bytes an example, pixels 0..=255.

extern crate alloc;

use std::io::Read;

#[path = "src/tasks/table.rs"]
mod table;

/// Decodes `src` into `OUT_DIR/name`.
fn decode(src: &str, name: &str, rows: usize, pixels: usize, max: u8) {
    println!("cargo::rerun-if-changed={src}");
    let file = std::fs::File::open(src).expect("the data file ships with the crate");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("the data file is valid gzip text");
    let table = table::decode(&text, rows, pixels, max).unwrap_or_else(|e| panic!("{src}: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join(name);
    std::fs::write(out, table).unwrap();
}

fn main() {
    println!("cargo::rerun-if-changed=src/tasks/table.rs");
    if std::env::var_os("CARGO_FEATURE_DIGITS").is_some() {
        decode("data/optdigits-8x8.csv.gz", "digits.bin", 1797, 64, 16);
    }
    if std::env::var_os("CARGO_FEATURE_MNIST").is_some() {
        decode("data/mnist-5k.csv.gz", "mnist.bin", 5000, 784, 255);
    }
}

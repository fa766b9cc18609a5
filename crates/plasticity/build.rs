//! Decompresses the digit data sets (gzip-compressed CSV) into compact tables of one byte a value: the pixels,
//! then the label. The crate embeds the tables with `include_bytes!`: the 8×8 digits always (65 bytes an
//! example, pixels 0..=16), MNIST-5k only with the `mnist` feature (785 bytes an example, pixels 0..=255).

use std::io::Read;

/// Decodes `src` (rows of `pixels` values up to `max`, then a label 0..=9) into `OUT_DIR/name`.
fn decode(src: &str, name: &str, rows: usize, pixels: usize, max: u8) {
    println!("cargo::rerun-if-changed={src}");
    let file = std::fs::File::open(src).expect("the data file ships with the crate");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("the data file is valid gzip text");
    let mut table = Vec::with_capacity(rows * (pixels + 1));
    for (row, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let values: Vec<u8> = line
            .split(',')
            .map(|v| {
                let x: f64 = v.trim().parse().expect("every field is a number");
                x as u8
            })
            .collect();
        assert_eq!(values.len(), pixels + 1, "{src}: row {row} has {pixels} pixels and a label");
        assert!(values[..pixels].iter().all(|&p| p <= max) && values[pixels] <= 9);
        table.extend_from_slice(&values);
    }
    assert_eq!(table.len(), rows * (pixels + 1), "{src} holds {rows} digits");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join(name);
    std::fs::write(out, table).unwrap();
}

fn main() {
    decode("data/optdigits-8x8.csv.gz", "digits.bin", 1797, 64, 16);
    if std::env::var_os("CARGO_FEATURE_MNIST").is_some() {
        decode("data/mnist-5k.csv.gz", "mnist.bin", 5000, 784, 255);
    }
}

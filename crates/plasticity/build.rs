//! Decompresses the 8x8 digits (gzip-compressed CSV) into a compact table of 65 bytes an example:
//! 64 pixels (0..=16) then the label (0..=9). The crate embeds the table with `include_bytes!`.

use std::io::Read;

fn main() {
    let src = "data/optdigits-8x8.csv.gz";
    println!("cargo::rerun-if-changed={src}");
    let file = std::fs::File::open(src).expect("the digits file ships with the crate");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("the digits file is valid gzip text");
    let mut table = Vec::with_capacity(1797 * 65);
    for (row, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let values: Vec<u8> = line
            .split(',')
            .map(|v| {
                let x: f64 = v.trim().parse().expect("every field is a number");
                x as u8
            })
            .collect();
        assert_eq!(values.len(), 65, "row {row} has 64 pixels and a label");
        assert!(values[..64].iter().all(|&p| p <= 16) && values[64] <= 9);
        table.extend_from_slice(&values);
    }
    assert_eq!(table.len(), 1797 * 65, "the file holds 1797 digits");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("digits.bin");
    std::fs::write(out, table).unwrap();
}

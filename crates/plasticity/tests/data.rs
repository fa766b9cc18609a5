//! The digits loaded at run time (`tasks::load_digits`, the page's path: its wasm leaves them out) against the
//! table the native build embeds from the same file: the same bytes, and every kind of damaged text refused.

use std::io::Read;

use plasticity::tasks::{DIGITS_FILE, load_digits};

fn csv() -> String {
    let path = format!("{}/data/{DIGITS_FILE}", env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_digits_file_loads_as_the_embedded_table_and_damage_is_refused() {
    let text = csv();
    // The same bytes as the embedded table (load_digits compares with it, this build embedding the digits).
    assert_eq!(load_digits(&text), Ok(()));
    let lines: Vec<&str> = text.lines().collect();
    let with = |row: usize, line: &str| {
        let mut l = lines.clone();
        l[row] = line;
        l.join("\n")
    };
    let first: Vec<&str> = lines[0].split(',').collect();
    let damaged = [
        ("a missing row", lines[1..].join("\n")),
        ("an extra row", format!("{text}\n{}", lines[0])),
        ("a short row", with(5, &first[1..].join(","))),
        ("a long row", with(5, &format!("{},0", lines[5]))),
        ("a pixel above 16", with(7, &format!("17,{}", first[1..].join(",")))),
        ("a label of 10", with(7, &format!("{},10", first[..64].join(",")))),
        ("a fraction", with(7, &format!("0.5,{}", first[1..].join(",")))),
        ("not a number", with(7, &format!("x,{}", first[1..].join(",")))),
        ("NaN", with(7, &format!("NaN,{}", first[1..].join(",")))),
        ("nothing", String::new()),
    ];
    for (what, text) in damaged {
        let result = load_digits(&text);
        assert!(result.is_err(), "{what} was accepted");
    }
    // Well-formed, but other digits: a run's data never changes under it.
    let swapped = with(0, lines[1]);
    assert_eq!(load_digits(&swapped), Err("these are not the digits already loaded".into()));
}

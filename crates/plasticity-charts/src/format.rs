//! One way to write numbers, on every axis, in every legend and in the page's figures: three significant
//! digits (all of a whole number's digits up to 9,999); plain decimals between 0.001 and 10,000; outside that, engineering notation (an exponent that is a
//! multiple of three, so 0.000312 is `312e-6` and 1.05 × 10⁵⁰ is `105e48`); whole counts with thousands
//! separators; accuracies as percentages.

/// A measured quantity in three significant digits (see the module's documentation). Not finite: `–`.
pub fn number(x: f64) -> String {
    number_digits(x, 3)
}

/// [`number`] with `digits` significant digits (tick labels that three digits would not tell apart).
pub fn number_digits(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs();
    if (1e-3..1e4).contains(&magnitude) {
        return decimal(x, digits);
    }
    let exponent = libm::log10(magnitude).floor() as i32;
    let engineering = exponent.div_euclid(3) * 3;
    let mut mantissa = x / 10f64.powi(engineering);
    // Rounding to three digits can carry the mantissa to 1000: then it is 1 in the next group.
    let mut engineering = engineering;
    if round_sig(mantissa.abs(), digits) >= 1000.0 {
        mantissa /= 1000.0;
        engineering += 3;
    }
    format!("{}e{engineering}", decimal(mantissa, digits))
}

/// `x` rounded to `digits` significant digits, without trailing zeros.
fn decimal(x: f64, digits: i32) -> String {
    let magnitude = x.abs();
    let places = (digits - 1 - libm::log10(magnitude).floor() as i32).max(0) as usize;
    let text = fixed(x, places);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    if text == "-0" { "0".into() } else { text }
}

fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(digits - 1 - libm::log10(x).floor() as i32);
    (x * scale).round() / scale
}

/// A fraction in [0, 1] as a percentage with one decimal: `0.9123` → `91.2 %`. Not finite: `–`.
pub fn percent(x: f64) -> String {
    if x.is_finite() { format!("{} %", fixed(100.0 * x, 1)) } else { "–".into() }
}

/// `x` with `places` decimals, rounded half away from zero. Written with integer arithmetic: the float formatter's
/// fixed-precision mode (`{:.1}`) would put 5 KB more in the page's wasm. A number too large for that falls back to
/// the shortest form.
pub fn fixed(x: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let scaled = libm::round(x * scale);
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        return format!("{x}");
    }
    let n = scaled as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (n, unit) = (n.unsigned_abs(), 10u64.pow(places as u32));
    match places {
        0 => format!("{sign}{n}"),
        _ => format!("{sign}{}.{:0places$}", n / unit, n % unit),
    }
}

/// A whole count with thousands separators: `1234567` → `1,234,567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An angle in whole degrees: `34.4` → `34°`.
pub fn degrees(x: f64) -> String {
    if x.is_finite() { format!("{}°", fixed(x, 0)) } else { "–".into() }
}

/// `s` with its first letter in upper case, for a sentence on its own. ASCII only: the lab's messages start with an
/// English word, and `char::to_uppercase` would put Unicode's case tables (~4 KB) in the page's wasm.
pub fn capitalised(s: &str) -> String {
    let mut text = String::with_capacity(s.len() + 1);
    text.push_str(s);
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    if !text.is_empty() {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fixed` writes what the float formatter's `{:.N}` writes, away from exact ties (where it rounds half away
    /// from zero, not to even), for the numbers the lab shows.
    #[test]
    fn fixed_places_agree_with_the_float_formatter() {
        let mut x = -1234.567_f64;
        while x < 1234.0 {
            for places in 0..=3 {
                let scaled = x * 10f64.powi(places as i32);
                if (scaled - scaled.trunc()).abs() - 0.5 == 0.0 {
                    continue;
                }
                let want = format!("{x:.places$}");
                let want = if want.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                    want.trim_start_matches('-').to_string()
                } else {
                    want
                };
                assert_eq!(fixed(x, places), want, "{x} to {places} places");
            }
            x += 0.7371;
        }
        assert_eq!(fixed(0.05, 0), "0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(1e300, 1), format!("{}", 1e300));
    }

    #[test]
    fn numbers_have_three_significant_digits_and_engineering_exponents() {
        let cases = [
            (0.0, "0"),
            (1.0, "1"),
            (0.1, "0.1"),
            (0.03126, "0.0313"),
            (1.5, "1.5"),
            (12.345, "12.3"),
            (999.96, "1000"),
            (9999.0, "9999"),
            (0.99999, "1"),
            (0.001, "0.001"),
            (0.000312, "312e-6"),
            (0.00099999, "1e-3"),
            (2.09e-6, "2.09e-6"),
            (12_000.0, "12e3"),
            (1.0526569573146963e50, "105e48"),
            (-0.5, "-0.5"),
            (-3.2e-7, "-320e-9"),
            (f64::NAN, "–"),
            (f64::INFINITY, "–"),
        ];
        for (x, text) in cases {
            assert_eq!(number(x), text, "{x:e}");
        }
    }

    #[test]
    fn counts_percentages_and_degrees() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(6000), "6,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(percent(0.5160), "51.6 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(f64::NAN), "–");
        assert_eq!(degrees(34.4), "34°");
        assert_eq!(degrees(179.6), "180°");
    }
}

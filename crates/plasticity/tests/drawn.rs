//! A digit drawn on the page's pad, put in the data set's form: the drawing scaled to fill the 32 × 32 box (a
//! simplification of NIST's normalization), then counted in 4 × 4 blocks; and a test digit shown on the pad block
//! by block reads back as the data file's values, which the network answers exactly as it answers the data set's
//! copy.

use plasticity::tasks::{PAD_SIDE, block_counts, blocks_to_bitmap, digit_input, normalize_drawing, test_digit};
use plasticity::{Config, RuleKind, TaskKind, Trainer};

const N: usize = PAD_SIDE;

fn bitmap(lit: impl Fn(usize, usize) -> bool) -> Vec<u8> {
    (0..N * N).map(|i| u8::from(lit(i / N, i % N))).collect()
}

#[test]
fn a_drawing_is_scaled_to_fill_its_box_keeping_its_shape() {
    assert_eq!(normalize_drawing(&vec![0; N * N]), None, "nothing drawn");
    assert_eq!(normalize_drawing(&[1; 10]), None, "not a 32 × 32 pad");
    // A small square in a corner fills the whole box.
    let square = normalize_drawing(&bitmap(|r, c| (2..6).contains(&r) && (3..7).contains(&c))).unwrap();
    assert_eq!(block_counts(&square), [16; 64]);
    // A bar twice as tall as wide, off to one side: as tall as the box, half as wide, centred.
    let bar = normalize_drawing(&bitmap(|r, c| (10..18).contains(&r) && (20..24).contains(&c))).unwrap();
    let counts = block_counts(&bar);
    for (b, &v) in counts.iter().enumerate() {
        assert_eq!(v, if (2..6).contains(&(b % 8)) { 16 } else { 0 }, "block {b}: {counts:?}");
    }
    // A drawing that already fills its box, centred, is left as it is.
    let full = bitmap(|r, c| c == 0 || c == N - 1 || r == N / 2);
    assert_eq!(normalize_drawing(&full).unwrap(), full);
}

#[test]
fn a_test_digit_painted_block_by_block_reads_back_and_is_answered_as_the_data_sets_copy() {
    let config = Config { seed: 3, ..Config::preset_for(TaskKind::DIGITS, RuleKind::BACKPROP) };
    let mut trainer = Trainer::new(config).unwrap();
    trainer.step(300);
    let mut wrong_for_another = 0;
    for k in [0, 1, 17, 359] {
        let (values, label) = test_digit(k).unwrap();
        let painted = block_counts(&blocks_to_bitmap(&values));
        assert_eq!(painted, values, "test digit {k}");
        // The data set's copy, as the task scales it: its column of the test set.
        let copy: Vec<f64> = trainer.data().test.x.column(k).iter().copied().collect();
        let drawn = digit_input(&painted);
        assert_eq!(drawn, copy, "test digit {k}: the pad's input is the data set's");
        let (a, b) = (trainer.outputs_for(&drawn).unwrap(), trainer.outputs_for(&copy).unwrap());
        assert_eq!(a, b);
        if k == 0 {
            // The probe digit: the trainer's own measurement of the data set's first test example.
            assert_eq!(a, trainer.diagnostics().probe_output);
        }
        assert!((a.iter().sum::<f64>() - 1.0).abs() < 1e-12, "probabilities");
        // The answer is the network's: another digit's input gets other probabilities.
        let (other, _) = test_digit((k + 1) % 360).unwrap();
        let other = digit_input(&other);
        wrong_for_another += usize::from(trainer.outputs_for(&other).unwrap() != a);
        let best = a.iter().enumerate().max_by(|x, y| x.1.total_cmp(y.1)).unwrap().0;
        println!("test digit {k}: label {label}, answered {best} ({:.0} %)", 100.0 * a[best]);
    }
    assert_eq!(wrong_for_another, 4);
    assert_eq!(test_digit(360), None, "360 test digits");
    assert_eq!(trainer.outputs_for(&[0.0; 63]), None, "not one input");
}

//! Runs whose final weights must hash to the same fingerprint natively and in WebAssembly (see
//! `Trainer::fingerprint`). Shared by the native tests and `plasticity-web`'s wasm tests. If a deliberate change
//! to the maths changes them, regenerate them natively and say so in the commit.

/// `(URL query, steps, fingerprint)`.
pub const RUNS: [(&str, u32, u64); 11] = [
    ("task=xor&rule=fa&seed=7", 300, 0x01094a1c3286062e),
    ("task=linear&rule=backprop&seed=3", 500, 0x6ad05e53293a2cf9),
    ("task=digits&rule=shallow&hidden=16,8&act=relu&seed=5", 100, 0x241ff9ccebfbeac4),
    ("task=xor&rule=ep&seed=2", 200, 0xf8586ce3230f421b),
    ("task=linear&rule=weight-mirror&seed=4", 300, 0x1d293b34b8bdbe96),
    ("task=prism&seed=3", 300, 0x937ca400f00087c8),
    ("task=random-walk&rule=fa&seed=2", 400, 0xa560ca1af63c37dd),
    ("task=xor&rule=backprop&act=spike&surrogate=fast-sigmoid&seed=5", 300, 0x219bd7a71bd6121d),
    ("task=digits&rule=fa&delay=7&seed=6", 100, 0xf48a5a4269a8fb5a),
    ("task=ltp&seed=2", 130, 0xf8b032571ad60f03),
    ("task=gain-field&rule=fa&seed=3", 200, 0xca4a0eac736658a6),
];

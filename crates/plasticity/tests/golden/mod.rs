//! Runs whose final weights must hash to the same fingerprint natively and in WebAssembly (see
//! `Trainer::fingerprint`). Shared by the native tests and `plasticity-web`'s wasm tests. If a deliberate change
//! to the maths changes them, regenerate them natively and say so in the commit.

/// `(URL query, steps, fingerprint)`.
pub const RUNS: [(&str, u32, u64); 12] = [
    ("task=xor&rule=fa&seed=7", 300, 0x94abfdaf2385dfec),
    ("task=linear&rule=backprop&seed=3", 500, 0x1fbdfa86f8346a07),
    ("task=digits&rule=shallow&hidden=16,8&act=relu&seed=5", 100, 0xd5a55b9f2f92e926),
    ("task=xor&rule=ep&seed=2", 200, 0x6ac03ca488e9cf08),
    ("task=linear&rule=weight-mirror&seed=4", 300, 0x9e68f9409c7ada4a),
    ("task=prism&seed=3", 300, 0x937ca400f00087c8),
    ("task=random-walk&rule=fa&seed=2", 400, 0xe561af162a76dbaf),
    ("task=xor&rule=backprop&act=spike&surrogate=fast-sigmoid&seed=5", 300, 0xa2a08f78bdd490df),
    ("task=digits&rule=fa&delay=7&seed=6", 100, 0xdb737bc0d4aac219),
    ("task=ltp&seed=2", 130, 0xf8b032571ad60f03),
    ("task=gain-field&rule=fa&seed=3", 200, 0x0c25e91849148750),
    // Points placed by hand, one of them at a position whose two decimals are not exact in binary.
    ("task=gauss&rule=fa&seed=4&pts=4,4,0;4.5,4,0;-0.07,5.25,1;-3,2.5,1", 300, 0x2e1843e956a50fdd),
];

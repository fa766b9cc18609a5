//! `ltp`: the LTP cell through its protocol with the voltage-dependent rule and with plain Hebb. A demonstration of
//! a mechanism the model builds in, not a finding: the rule's threshold *is* the NMDA story. One job per rule.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::tasks::{LTP_PROTOCOL, LtpPathway};
use plasticity::{Config, RuleKind, TaskKind, Trainer};
use serde::{Deserialize, Serialize};

use super::{Experiment, IoResult, Parts, Results, output, part, typed};

pub static EXPERIMENT: Experiment = Experiment {
    name: "ltp",
    jobs: || vec!["voltage-hebb".into(), "hebb".into()],
    run: |job| output(&protocol(RuleKind::from_name(job).expect("a rule"))),
    assemble,
    section,
};

/// One stimulation block: the change in each pathway's test response (Σw).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The block.
    pub name: String,
    /// Δ of the weak, strong and untouched pathways' responses.
    pub dw_weak: f64,
    /// See `dw_weak`.
    pub dw_strong: f64,
    /// See `dw_weak`.
    pub dw_untouched: f64,
}

/// The protocol with `rule`: each stimulation block's changes (the rests change nothing and are left out).
fn protocol(rule: RuleKind) -> Vec<Block> {
    let mut t = Trainer::new(Config::preset_for(TaskKind::LTP, rule)).expect("a preset");
    let responses = |t: &Trainer| -> Vec<f64> { t.task_measures().iter().map(|m| m.value).collect() };
    let mut blocks = Vec::new();
    for p in LTP_PROTOCOL {
        let before = responses(&t);
        t.step(p.trials as u32);
        let after = responses(&t);
        if p.stimulated.is_empty() {
            continue;
        }
        let d = |q: LtpPathway| {
            let i = LtpPathway::ALL.iter().position(|x| *x == q).expect("a pathway");
            after[i] - before[i]
        };
        blocks.push(Block {
            name: p.name.into(),
            dw_weak: d(LtpPathway::Weak),
            dw_strong: d(LtpPathway::Strong),
            dw_untouched: d(LtpPathway::Untouched),
        });
    }
    blocks
}

/// The experiment's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ltp {
    /// θ and η of the voltage-dependent rule.
    pub threshold: f64,
    /// See `threshold`.
    pub learning_rate: f64,
    /// Each block with the voltage-dependent rule, and with plain Hebb.
    pub protocols: Vec<Block>,
    /// See `protocols`.
    pub hebb: Vec<Block>,
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let value = Ltp {
        threshold: plasticity::tasks::LTP_THRESHOLD,
        learning_rate: Config::preset(TaskKind::LTP).learning_rate,
        protocols: part(parts, "voltage-hebb")?,
        hebb: part(parts, "hebb")?,
    };
    let mut t = Trainer::new(Config::preset_for(TaskKind::LTP, RuleKind::VOLTAGE_HEBB)).expect("a preset");
    t.step(LTP_PROTOCOL.iter().map(|p| p.trials as u32).sum());
    crate::figures::task_charts(&out.join("ltp.svg"), &t.task_charts(), (900, 560))?;
    Ok(output(&value))
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let l: Ltp = typed(result)?;
    let mut md = format!(
        "### LTP: input specificity and associativity (a demonstration; Bliss & Lømo 1973; Levy & Steward 1979)\n\n\
         ![ltp]({figures}/ltp.svg)\n\n\
         *The papers:* tetanic stimulation potentiates a pathway's synapses for hours (Bliss & Lømo); a weak input that\n\
         cannot induce LTP alone does so when paired with a strong one onto the same cell (associativity, Levy &\n\
         Steward). The NMDA receptor, which needs presynaptic glutamate *and* postsynaptic depolarisation, is the\n\
         usual explanation.\n\n\
         *Here, a demonstration of a mechanism the model builds in, not a finding:* the `ltp` task (one linear cell; a\n\
         strong pathway of 8 fibres, a weak one of 2, 4 untouched, synapses drawn alike in [0.2, 0.3]) under the\n\
         voltage-dependent rule Δw = η x [y − θ]₊ (the LTP threshold of Artola, Bröcher & Singer 1990; θ = {}, η = {}).\n\
         The rule changes only active synapses on a depolarised cell, so specificity and associativity follow from its\n\
         form. Change of each pathway's test response Σw per block:\n\n\
         | block | voltage-dependent: weak | strong | untouched | plain Hebb: weak | strong | untouched |\n|---|---|---|---|---|---|---|\n",
        l.threshold, l.learning_rate
    );
    for (p, h) in l.protocols.iter().zip(&l.hebb) {
        let _ = writeln!(
            md,
            "| {} | {:+.3} | {:+.3} | {:+.3} | {:+.3} | {:+.3} | {:+.3} |",
            p.name, p.dw_weak, p.dw_strong, p.dw_untouched, h.dw_weak, h.dw_strong, h.dw_untouched
        );
    }
    let weak_alone = l.protocols.first().map_or(f64::NAN, |b| b.dw_weak);
    let hebb_weak = l.hebb.first().map_or(f64::NAN, |b| b.dw_weak);
    let _ = writeln!(
        md,
        "\nThe weak pathway alone changes by {weak_alone:+.3} under the voltage-dependent rule and by {hebb_weak:+.3} under plain Hebb,\n\
         which has no threshold; the untouched pathway never changes under either (its inputs are silent). The rule only\n\
         potentiates (no depression, no saturation). Checked by `tests/phenomena.rs`.\n"
    );
    Ok(md)
}

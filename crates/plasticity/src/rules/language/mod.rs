//! Rules written by hand: a small language in which a student writes how the error reaches each hidden layer and
//! how each layer learns, and the lab's own layered rules are written too (`EXPRESSIONS`). docs/rules.md teaches
//! it. A rule is a few lines, one quantity each, for every layer `l` at once:
//!
//! ```text
//! feedback B[l] = random                        # fixed random feedback, shaped like W[l+1]ᵀ
//! delta[l] = (B[l] * delta[l+1]) .* f'(z[l])    # the error a hidden layer receives, from the top down
//! dW[l] = outer(delta[l], h[l])                 # ⟨δ_l h_lᵀ⟩ over the batch; W ← W − η dW
//! ```
//!
//! Every name, layer index and shape is checked against the network before the first step ([`compile`]); the
//! products go through the kernels the built-in rules use, in their order, so that backprop, feedback alignment,
//! direct feedback alignment, sign symmetry and shallow learning written here train bit for bit as the built-ins.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{
    FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Setup, Step,
};
use crate::activation::Loss;
use crate::net::{Network, draw_matrix};
use crate::random::{Init, Rng, Stream};
use crate::rules::node_perturbation::{Perturbation, Perturbed, noise_sigma};

mod compile;
mod eval;
mod parse;

pub use compile::{CONSTANTS, Program, Shape, compile};
pub use parse::{At, MAX_LEN, RuleError, parse};

use compile::{Draw, Leaf, Node};
use eval::Ctx;

/// The rule a student writes, when an error reaches it (it names `delta` or `e`).
pub(super) static CUSTOM: RuleInfo = RuleInfo {
    name: "custom",
    title: "Your rule",
    citation: "written in the page or with --expr (docs/rules.md)",
    about: "A rule written in the lab's rule language: how the error reaches each hidden layer, and how each \
            layer's weights change.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/language.rs: the_lab_rules_written_in_the_language_train_as_the_built_ins",
    build: |s| Box::new(Custom::new(s)),
};

/// The rule a student writes that learns from activity alone (it names neither `delta` nor `e`).
pub(super) static CUSTOM_UNSUPERVISED: RuleInfo = RuleInfo {
    name: "custom",
    title: "Your rule (from activity alone)",
    learns_from: LearnsFrom::Inputs,
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("This rule sets no error and reads none (neither delta nor e): no unit carries an error signal."),
    ..CUSTOM
};

impl RuleKind {
    /// A rule written in the rule language (which kind follows from the text: see [`RuleKind::custom`]).
    pub const CUSTOM: RuleKind = RuleKind(&CUSTOM);

    /// The kind of the rule `text` writes: supervised when it sets or reads an error (`delta`, `e`), else one that learns
    /// from activity alone. The text's own errors are for [`Program`]'s check.
    pub fn custom(text: &str) -> Result<RuleKind, RuleError> {
        let supervised = compile::supervised(&parse(text)?);
        Ok(RuleKind(if supervised { &CUSTOM } else { &CUSTOM_UNSUPERVISED }))
    }
}

/// The lab's rules written in the language: what `plasticity rules --expr` prints and where the editor starts.
/// Backprop, feedback alignment, direct feedback alignment, sign symmetry and shallow learning train bit for bit
/// as their built-ins; Kolen–Pollack, Oja's rule and node perturbation agree within 10⁻¹² relative (their built-ins
/// sum in another order: Oja's subtracts each unit's explained part inside one loop, Kolen–Pollack's and node
/// perturbation's bias directions are the kernel's sum).
pub const EXPRESSIONS: &[(&str, &str)] = &[
    ("backprop", "delta[l] = (W[l+1]' * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])\n"),
    ("fa", "feedback B[l] = random\ndelta[l] = (B[l] * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])\n"),
    ("dfa", "feedback D[l] = random direct\ndelta[l] = (D[l] * e) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])\n"),
    (
        "sign-symmetry",
        "feedback S[l] = sign(W[l+1])'\ndelta[l] = (S[l] * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])\n",
    ),
    ("shallow", "delta[l] = 0\ndW[l] = outer(delta[l], h[l])\n"),
    (
        "kolen-pollack",
        "feedback B[l] = random\ndelta[l] = (B[l] * delta[l+1]) .* f'(z[l])\n\
         dW[l] = outer(delta[l], h[l]) + (kp_decay / lr) * W[l]\n\
         after B[l] = (1 - kp_decay) * B[l] - lr * outer(delta[l+1], h[l+1])'\n",
    ),
    ("oja", "dW[l] = mean(h[l+1] .* h[l+1]) .* W[l] - outer(h[l+1], h[l])\ndb[l] = 0\n"),
    (
        "node-perturbation",
        "delta[l] = dloss / (sigma * sigma) .* xi[l]\n\
         dW[l] = outer(dloss / (sigma * sigma) .* xi[l], noisy_h[l])\n\
         db[l] = mean(dloss / (sigma * sigma) .* xi[l])\n",
    ),
];

/// A rule written in the language, compiled for its network.
#[derive(Clone, Debug)]
pub struct Custom {
    program: Program,
    /// Per feedback family, its matrix for each hidden layer.
    fams: Vec<Vec<DMatrix<f64>>>,
    /// Per family with an `after` line, the new matrices worked out with this step's quantities.
    pending: Vec<Vec<DMatrix<f64>>>,
    /// Per layer: its direction is `outer(delta[l], h[l])` with the bias's default, the built-in's own call.
    plain: Vec<bool>,
    /// The perturbed pass (run each step only when the rule reads it), its σ, the loss it compares, and each
    /// example's loss change.
    pass: Perturbation,
    sigma: f64,
    loss: Loss,
    dloss: DMatrix<f64>,
}

impl Custom {
    fn new(s: &Setup<'_>) -> Self {
        let sizes = s.net.sizes();
        // The run's settings were checked with this text (`Config::validate`): a failure here would be a bug, and
        // trains nothing rather than stop the page.
        let program = parse(s.expr).and_then(|st| compile(&st, &sizes)).unwrap_or_else(|_| {
            compile(&parse("delta[l] = 0\ndW[l] = 0").expect("a fixed text parses"), &sizes).expect("and compiles")
        });
        Custom {
            sigma: noise_sigma(s.net),
            loss: s.loss,
            ..Custom::from_program(program, &sizes, s.feedback_init, s.seed)
        }
    }

    /// The rule for `program` on a network of widths `sizes`, its random feedback drawn from `init` and `seed` (a
    /// perturbed pass's noise from `seed` too, with node perturbation's σ, on the squared error).
    pub fn from_program(program: Program, sizes: &[usize], init: Init, seed: u32) -> Self {
        let hidden = sizes.len().saturating_sub(2);
        let n_out = sizes[sizes.len() - 1];
        let fams = program
            .families
            .iter()
            .map(|f| match &f.draw {
                Draw::Random => super::random_feedback(sizes, init, seed),
                Draw::RandomDirect => {
                    let mut rng = Rng::new(seed, Stream::Feedback);
                    (0..hidden).map(|l| draw_matrix(sizes[l + 1], n_out, init, &mut rng)).collect()
                }
                Draw::Derived(_) => (0..hidden).map(|l| DMatrix::zeros(sizes[l + 1], sizes[l + 2])).collect(),
            })
            .collect::<Vec<Vec<DMatrix<f64>>>>();
        let pending = fams.clone();
        let plain = (0..sizes.len() - 1)
            .map(|l| {
                program.db[l].is_none()
                    && program.dw[l].nodes == [Node::Leaf(Leaf::Delta(l)), Node::Leaf(Leaf::H(l)), Node::Outer(0, 1)]
            })
            .collect();
        let (sigma, loss) = (crate::rules::node_perturbation::NP_SIGMA, Loss::Squared);
        Custom {
            program,
            fams,
            pending,
            plain,
            pass: Perturbation::new(sizes, seed),
            sigma,
            loss,
            dloss: DMatrix::zeros(1, 0),
        }
    }
}

/// Copies a tree's value into `to` (a number fills it).
fn write(value: Result<&[f64], f64>, to: &mut [f64]) {
    match value {
        Ok(v) => to[..v.len()].copy_from_slice(v),
        Err(v) => to.fill(v),
    }
}

impl LearningRule for Custom {
    fn kind(&self) -> RuleKind {
        RuleKind(if self.program.supervised { &CUSTOM } else { &CUSTOM_UNSUPERVISED })
    }

    fn reserve(&mut self, batch: usize) {
        let p = &mut self.program;
        let trees = p.delta.iter_mut().chain(p.dw.iter_mut()).chain(p.db.iter_mut().flatten());
        let families = p.families.iter_mut().flat_map(|f| {
            let derived = match &mut f.draw {
                Draw::Derived(t) => t.as_mut_slice(),
                _ => &mut [],
            };
            derived.iter_mut().chain(f.after.iter_mut().flatten())
        });
        trees.chain(families).for_each(|t| t.reserve(batch));
        if p.perturbs {
            self.pass.reserve(batch);
            if self.dloss.ncols() < batch {
                self.dloss = DMatrix::zeros(1, batch);
            }
        }
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let (net, lr) = (s.net, s.lr);
        let Custom { program, fams, pending, plain, pass, sigma, loss, dloss } = self;
        let sigma = *sigma;
        // The perturbed pass first, when the rule reads it: node perturbation's noise, pass and losses.
        if program.perturbs {
            pass.forward(net, s.ws, sigma, Perturbed::ALL);
            pass.losses(s.ws, *loss);
            for (j, d) in dloss.as_mut_slice()[..s.ws.cols].iter_mut().enumerate() {
                *d = pass.perturbed_loss[j] - pass.clean[j];
            }
        }
        let (pass, dloss) = (&*pass, &*dloss);
        // Feedback worked out from the weights, before the errors that travel through it (its expression reads no
        // feedback matrix, so each can be taken out while it is written).
        for f in 0..program.families.len() {
            if let Draw::Derived(trees) = &mut program.families[f].draw {
                for (l, tree) in trees.iter_mut().enumerate() {
                    let mut to = core::mem::replace(&mut fams[f][l], DMatrix::zeros(0, 0));
                    let c = Ctx { net, ws: s.ws, fams, lr, pass, sigma, dloss };
                    tree.eval(&c);
                    write(tree.value(&c), to.as_mut_slice());
                    fams[f][l] = to;
                }
            }
        }
        let fams = &*fams;
        // The errors, from the top hidden layer down (a layer's expression does not read its own error).
        for l in (0..program.delta.len()).rev() {
            let tree = &mut program.delta[l];
            tree.eval(&Ctx { net, ws: s.ws, fams, lr, pass, sigma, dloss });
            let ws = &mut *s.ws;
            let mut to = core::mem::replace(&mut ws.delta[l], DMatrix::zeros(0, 0));
            write(tree.value(&Ctx { net, ws, fams, lr, pass, sigma, dloss }), to.as_mut_slice());
            ws.delta[l] = to;
        }
        // Each layer's direction.
        for (l, &plain) in plain.iter().enumerate() {
            if plain {
                s.grads.set_from_delta(l, s.ws);
                continue;
            }
            let c = Ctx { net, ws: s.ws, fams, lr, pass, sigma, dloss };
            let tree = &mut program.dw[l];
            tree.eval(&c);
            write(tree.value(&c), s.grads.w[l].as_mut_slice());
            match &mut program.db[l] {
                Some(tree) => {
                    tree.eval(&c);
                    write(tree.value(&c), s.grads.b[l].as_mut_slice());
                }
                None => {
                    let (d, cols) = (&s.ws.delta[l], s.ws.cols);
                    for (r, g) in s.grads.b[l].iter_mut().enumerate() {
                        *g = (0..cols).map(|j| d[(r, j)]).sum::<f64>() / cols as f64;
                    }
                }
            }
        }
        // Feedback that learns: its new value from this step's quantities, taken up once W has moved.
        for (f, family) in program.families.iter_mut().enumerate() {
            if let Some(trees) = &mut family.after {
                for (l, tree) in trees.iter_mut().enumerate() {
                    let c = Ctx { net, ws: s.ws, fams, lr, pass, sigma, dloss };
                    tree.eval(&c);
                    write(tree.value(&c), pending[f][l].as_mut_slice());
                }
            }
        }
        if !program.supervised {
            s.ws.delta.iter_mut().for_each(|d| d.fill(0.0));
        }
    }

    fn after_update(&mut self, _net: &Network, _lr: f64) {
        for (f, family) in self.program.families.iter().enumerate() {
            if family.after.is_some() {
                for (b, new) in self.fams[f].iter_mut().zip(&self.pending[f]) {
                    b.copy_from(new);
                }
            }
        }
    }

    fn internals(&self) -> Internals<'_> {
        let feedback = match self.program.families.first().map(|f| &f.draw) {
            Some(Draw::RandomDirect) => Pathway::Direct(&self.fams[0]),
            Some(_) => Pathway::Layered(&self.fams[0]),
            None => Pathway::None,
        };
        Internals { feedback, ..Internals::default() }
    }
}

//! A rule's statements checked against a network and turned into evaluation trees: every name resolved, every
//! layer index in range, every shape known, before the first step. A tree is a list of nodes, children before
//! parents, each with the buffer it writes (sized here, so that evaluating allocates nothing).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::parse::{At, Expr, ExprKind, Index, Op, RuleError, Statement, Target, Value, error};

/// What a value is: a number, a batch of activities (`n` rows, one column per example), or a matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One number.
    Scalar,
    /// `n` values per example.
    Batch(usize),
    /// One number per example (`dloss`), spread over the units of whatever it meets.
    PerExample,
    /// A matrix, rows × columns.
    Mat(usize, usize),
}

impl Shape {
    fn said(self) -> String {
        match self {
            Shape::Scalar => "a number".into(),
            Shape::Batch(1) => "1 value per example".into(),
            Shape::Batch(n) => format!("{n} values per example"),
            Shape::PerExample => "one number per example".into(),
            Shape::Mat(r, c) => format!("a {r}×{c} matrix"),
        }
    }
}

/// Where a leaf's values are read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Leaf {
    /// A number.
    Num(f64),
    /// The learning rate.
    Lr,
    /// The examples in the batch.
    Batch,
    /// `h[k]`.
    H(usize),
    /// `z[k]`.
    Z(usize),
    /// `delta[k]`.
    Delta(usize),
    /// `W[k]`.
    W(usize),
    /// `b[k]`.
    B(usize),
    /// Feedback family `f`'s matrix for hidden layer `k`.
    Fb(usize, usize),
    /// `xi[k]`: the noise added to `z[k]` in the perturbed pass.
    Xi(usize),
    /// `noisy_h[k]`: the perturbed pass's activities.
    NoisyH(usize),
    /// `dloss`: each example's loss with the noise minus its loss without.
    DLoss,
    /// `sigma`: the noise's standard deviation.
    Sigma,
}

/// What a node computes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Node {
    /// A value read from the network, the batch or the rule.
    Leaf(Leaf),
    /// `−a`.
    Neg(usize),
    /// `a + b` (a number or a column is spread over the other side).
    Add(usize, usize),
    /// `a − b`.
    Sub(usize, usize),
    /// `a ⊙ b`, or a number times anything.
    Times(usize, usize),
    /// `a / b`, `b` a number.
    Div(usize, usize),
    /// A matrix times activities: the kernel's product.
    Product(usize, usize),
    /// `Mᵀ` times activities, `M` not copied: the kernel's transposed product.
    TransposeProduct(usize, usize),
    /// A matrix times a matrix.
    MatMul(usize, usize),
    /// `aᵀ`, a matrix.
    Transpose(usize),
    /// `⟨a bᵀ⟩` over the batch: the kernel's outer product.
    Outer(usize, usize),
    /// The batch mean of activities: a column.
    Mean(usize),
    /// The sign, 0 at 0.
    Sign(usize),
    /// The absolute value.
    Abs(usize),
    /// Clamped between two numbers.
    Clamp(usize, usize, usize),
    /// The root of the sum of squares: a number.
    Norm(usize),
    /// `a ⊙ f_k'(z_k)`, scaled in place as the built-in rules scale their errors.
    ScaleByDerivative(usize, usize),
    /// `f_k'(z_k)` alone.
    Derivative(usize),
}

/// A compiled expression: nodes, children first, the last the root; each node's shape and buffer.
#[derive(Clone, Debug)]
pub struct Tree {
    pub(super) nodes: Vec<Node>,
    pub(super) shapes: Vec<Shape>,
    /// A batch node's buffer has `capacity` columns (sized by `reserve`); a matrix node's is its size; a number's
    /// is 1×1.
    pub(super) bufs: Vec<DMatrix<f64>>,
    /// The outer products' bias sums (the kernel writes both).
    pub(super) aux: Vec<DVector<f64>>,
}

impl Tree {
    pub(super) fn root(&self) -> usize {
        self.nodes.len() - 1
    }

    pub(super) fn shape(&self) -> Shape {
        self.shapes[self.root()]
    }

    /// Gives every batch node room for `capacity` examples.
    pub(super) fn reserve(&mut self, capacity: usize) {
        for (buf, shape) in self.bufs.iter_mut().zip(&self.shapes) {
            let rows = match shape {
                Shape::Batch(n) => *n,
                Shape::PerExample => 1,
                _ => continue,
            };
            if buf.ncols() < capacity {
                *buf = DMatrix::zeros(rows, capacity);
            }
        }
    }
}

/// How a feedback family's matrices come to be.
#[derive(Clone, Debug)]
pub enum Draw {
    /// Drawn once like `W[l+1]ᵀ`.
    Random,
    /// Drawn once, `n_{l+1} × n_L`.
    RandomDirect,
    /// Worked out before each step's errors, one tree per hidden layer.
    Derived(Vec<Tree>),
}

/// A named family of feedback matrices, one per hidden layer.
#[derive(Clone, Debug)]
pub struct Family {
    pub(super) draw: Draw,
    /// Per hidden layer, the tree of its `after` statement.
    pub(super) after: Option<Vec<Tree>>,
}

/// A rule compiled for one network.
#[derive(Clone, Debug)]
pub struct Program {
    pub(super) families: Vec<Family>,
    /// Per hidden layer, its error (evaluated from the top down).
    pub(super) delta: Vec<Tree>,
    /// Per layer, its direction.
    pub(super) dw: Vec<Tree>,
    /// Per layer, its bias direction (none: the batch mean of its error).
    pub(super) db: Vec<Option<Tree>>,
    /// True when an error reaches the rule (it names `delta`, `e` or `dloss`); false for one that learns from
    /// activity.
    pub(super) supervised: bool,
    /// True when it reads the perturbed pass (`xi`, `noisy_h`, `dloss`): each step then runs it.
    pub(super) perturbs: bool,
}

/// The named numbers a rule may use.
pub const CONSTANTS: &[(&str, f64, &str)] = &[
    ("kp_decay", crate::rules::KP_DECAY, "Kolen–Pollack's weight decay λ per step"),
    ("pi", core::f64::consts::PI, "π"),
];

struct Builder<'a> {
    sizes: &'a [usize],
    /// The layer `l` the statement is compiled for.
    l: usize,
    families: &'a [(String, Shape)],
    tree: Tree,
    /// Set while compiling `delta[l]`, which may read the errors above it but not its own.
    setting_delta: bool,
}

impl Builder<'_> {
    fn push(&mut self, node: Node, shape: Shape) -> usize {
        let buf = match shape {
            Shape::Scalar => DMatrix::zeros(1, 1),
            Shape::Batch(n) => DMatrix::zeros(n, 0),
            Shape::PerExample => DMatrix::zeros(1, 0),
            Shape::Mat(r, c) => DMatrix::zeros(r, c),
        };
        let aux = match (node, shape) {
            (Node::Outer(..), Shape::Mat(r, _)) => DVector::zeros(r),
            _ => DVector::zeros(0),
        };
        self.tree.nodes.push(node);
        self.tree.shapes.push(shape);
        self.tree.bufs.push(buf);
        self.tree.aux.push(aux);
        self.tree.nodes.len() - 1
    }

    fn depth(&self) -> usize {
        self.sizes.len() - 1
    }

    fn index(&self, index: Index, at: At, name: &str, range: core::ops::Range<usize>) -> Result<usize, RuleError> {
        let (raw, written) = match index {
            Index::Layer(k) => (self.l as i64 + k, layer_text("l", k)),
            Index::Last(k) => (self.depth() as i64 + k, layer_text("L", k)),
            Index::Fixed(k) => (k, format!("{k}")),
        };
        if raw < range.start as i64 || raw >= range.end as i64 {
            let which = if range.is_empty() {
                format!("this network has no {name}")
            } else {
                format!("{name}[{}] to {name}[{}] exist", range.start, range.end - 1)
            };
            return error(at, format!("{name}[{written}] is {name}[{raw}] for layer {}, and {which}", self.l));
        }
        Ok(raw as usize)
    }

    fn expr(&mut self, e: &Expr) -> Result<usize, RuleError> {
        let sizes = self.sizes;
        let depth = self.depth();
        match &e.kind {
            ExprKind::Num(v) => Ok(self.push(Node::Leaf(Leaf::Num(*v)), Shape::Scalar)),
            ExprKind::Name(name) => match name.as_str() {
                "lr" => Ok(self.push(Node::Leaf(Leaf::Lr), Shape::Scalar)),
                "batch" => Ok(self.push(Node::Leaf(Leaf::Batch), Shape::Scalar)),
                "x" => Ok(self.push(Node::Leaf(Leaf::H(0)), Shape::Batch(sizes[0]))),
                "y" => Ok(self.push(Node::Leaf(Leaf::H(depth)), Shape::Batch(sizes[depth]))),
                "e" => Ok(self.push(Node::Leaf(Leaf::Delta(depth - 1)), Shape::Batch(sizes[depth]))),
                "dloss" => Ok(self.push(Node::Leaf(Leaf::DLoss), Shape::PerExample)),
                "sigma" => Ok(self.push(Node::Leaf(Leaf::Sigma), Shape::Scalar)),
                _ => match CONSTANTS.iter().find(|(n, ..)| n == name) {
                    Some((_, v, _)) => Ok(self.push(Node::Leaf(Leaf::Num(*v)), Shape::Scalar)),
                    None if ["h", "z", "delta", "W", "b", "xi", "noisy_h"].contains(&name.as_str())
                        || self.families.iter().any(|(f, _)| f == name) =>
                    {
                        error(e.at, format!("{name} needs a layer index: {name}[l]"))
                    }
                    None => error(e.at, unknown(name)),
                },
            },
            ExprKind::Indexed(name, index) => {
                let at = e.at;
                let (leaf, shape) = match name.as_str() {
                    "h" => {
                        let k = self.index(*index, at, "h", 0..depth + 1)?;
                        (Leaf::H(k), Shape::Batch(sizes[k]))
                    }
                    "z" => {
                        let k = self.index(*index, at, "z", 0..depth)?;
                        (Leaf::Z(k), Shape::Batch(sizes[k + 1]))
                    }
                    "delta" => {
                        let k = self.index(*index, at, "delta", 0..depth)?;
                        if self.setting_delta && k <= self.l {
                            return error(
                                at,
                                format!(
                                    "delta[l] is being set here: it can use the errors above it, delta[l+1] to delta[{}], and e",
                                    depth - 1
                                ),
                            );
                        }
                        (Leaf::Delta(k), Shape::Batch(sizes[k + 1]))
                    }
                    "xi" => {
                        let k = self.index(*index, at, "xi", 0..depth)?;
                        (Leaf::Xi(k), Shape::Batch(sizes[k + 1]))
                    }
                    "noisy_h" => {
                        let k = self.index(*index, at, "noisy_h", 0..depth + 1)?;
                        (Leaf::NoisyH(k), Shape::Batch(sizes[k]))
                    }
                    "W" => {
                        let k = self.index(*index, at, "W", 0..depth)?;
                        (Leaf::W(k), Shape::Mat(sizes[k + 1], sizes[k]))
                    }
                    "b" => {
                        let k = self.index(*index, at, "b", 0..depth)?;
                        (Leaf::B(k), Shape::Mat(sizes[k + 1], 1))
                    }
                    _ => match self.families.iter().position(|(f, _)| f == name) {
                        Some(f) => {
                            let k = self.index(*index, at, name, 0..depth.saturating_sub(1))?;
                            let shape = self.families[f].1;
                            // A family's shape depends on its layer: work it out for layer k.
                            let shape = match shape {
                                Shape::Mat(_, c) if c == usize::MAX => Shape::Mat(sizes[k + 1], sizes[depth]),
                                Shape::Mat(..) => Shape::Mat(sizes[k + 1], sizes[k + 2]),
                                other => other,
                            };
                            (Leaf::Fb(f, k), shape)
                        }
                        None => return error(at, unknown(name)),
                    },
                };
                Ok(self.push(Node::Leaf(leaf), shape))
            }
            ExprKind::Neg(a) => {
                let a = self.expr(a)?;
                let shape = self.tree.shapes[a];
                Ok(self.push(Node::Neg(a), shape))
            }
            ExprKind::Transpose(a) => {
                let a = self.expr(a)?;
                match self.tree.shapes[a] {
                    Shape::Mat(r, c) => Ok(self.push(Node::Transpose(a), Shape::Mat(c, r))),
                    Shape::Scalar => Ok(a),
                    Shape::Batch(_) | Shape::PerExample => error(
                        e.at,
                        "activities cannot be transposed: outer(a, b) is the batch mean of a bᵀ, mean(a) of a",
                    ),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, e.at),
            ExprKind::Call(name, args) => self.call(name, args, e.at),
        }
    }

    fn binary(&mut self, op: Op, a: &Expr, b: &Expr, at: At) -> Result<usize, RuleError> {
        // `X .* f'(z[k])` (either way round) scales X in place, as the built-in rules scale their errors.
        if op == Op::Hadamard {
            for (x, d) in [(a, b), (b, a)] {
                if let Some(k) = self.derivative_of(d)? {
                    let x = self.expr(x)?;
                    let want = Shape::Batch(self.sizes[k + 1]);
                    if self.tree.shapes[x] != want {
                        return error(
                            at,
                            format!(
                                "f'(z[{k}]) has {} but the other side has {}",
                                want.said(),
                                self.tree.shapes[x].said()
                            ),
                        );
                    }
                    return Ok(self.push(Node::ScaleByDerivative(x, k), want));
                }
            }
        }
        // `M' * a` multiplies by the transpose without copying it.
        let (left, transposed) = match (&a.kind, op) {
            (ExprKind::Transpose(inner), Op::Mul) => (self.expr(inner)?, true),
            _ => (self.expr(a)?, false),
        };
        let right = self.expr(b)?;
        let (sa, sb) = (self.tree.shapes[left], self.tree.shapes[right]);
        if transposed {
            return match (sa, sb) {
                (Shape::Mat(r, c), Shape::Batch(n)) if r == n => {
                    Ok(self.push(Node::TransposeProduct(left, right), Shape::Batch(c)))
                }
                (Shape::Mat(r, c), _) => {
                    let t = self.push(Node::Transpose(left), Shape::Mat(c, r));
                    self.product(t, right, at)
                }
                _ => self.product(left, right, at),
            };
        }
        match op {
            Op::Add => self.elementwise(Node::Add(left, right), sa, sb, at, "add"),
            Op::Sub => self.elementwise(Node::Sub(left, right), sa, sb, at, "subtract"),
            Op::Hadamard => self.elementwise(Node::Times(left, right), sa, sb, at, "multiply element by element"),
            Op::Div => match sb {
                Shape::Scalar => Ok(self.push(Node::Div(left, right), sa)),
                _ => error(at, format!("a value can be divided by a number only; this is {}", sb.said())),
            },
            Op::Mul => self.product(left, right, at),
        }
    }

    fn product(&mut self, a: usize, b: usize, at: At) -> Result<usize, RuleError> {
        match (self.tree.shapes[a], self.tree.shapes[b]) {
            (Shape::Scalar, s) | (s, Shape::Scalar) => Ok(self.push(Node::Times(a, b), s)),
            (Shape::Mat(r, c), Shape::Batch(n)) if c == n => Ok(self.push(Node::Product(a, b), Shape::Batch(r))),
            (Shape::Mat(r, k), Shape::Mat(k2, c)) if k == k2 => Ok(self.push(Node::MatMul(a, b), Shape::Mat(r, c))),
            (Shape::Batch(_), Shape::Batch(_)) => {
                error(at, "two batches of activities: .* multiplies them element by element, outer(a, b) gives ⟨a bᵀ⟩")
            }
            (sa, sb) => error(at, format!("cannot multiply {} by {}", sa.said(), sb.said())),
        }
    }

    fn elementwise(&mut self, node: Node, sa: Shape, sb: Shape, at: At, verb: &str) -> Result<usize, RuleError> {
        let shape = match (sa, sb) {
            (a, b) if a == b => a,
            (Shape::Scalar, s) | (s, Shape::Scalar) => s,
            (Shape::Mat(n, 1), s @ Shape::Batch(m)) | (s @ Shape::Batch(m), Shape::Mat(n, 1)) if n == m => s,
            (Shape::Mat(n, 1), s @ Shape::Mat(m, _)) | (s @ Shape::Mat(m, _), Shape::Mat(n, 1)) if n == m => s,
            // One number per example (`dloss`) is spread over the units.
            (Shape::PerExample, s @ Shape::Batch(_)) | (s @ Shape::Batch(_), Shape::PerExample) => s,
            _ => return error(at, format!("cannot {verb} {} and {}", sa.said(), sb.said())),
        };
        Ok(self.push(node, shape))
    }

    /// `Some(k)` when `e` is `f'(z[k])`.
    fn derivative_of(&mut self, e: &Expr) -> Result<Option<usize>, RuleError> {
        let ExprKind::Call(name, args) = &e.kind else { return Ok(None) };
        if name != "f'" {
            return Ok(None);
        }
        match args.as_slice() {
            [Expr { kind: ExprKind::Indexed(z, index), at }] if z == "z" => {
                Ok(Some(self.index(*index, *at, "z", 0..self.depth())?))
            }
            _ => error(e.at, "f' is the slope of a layer's activation at its input: write f'(z[l])"),
        }
    }

    fn call(&mut self, name: &str, args: &[Expr], at: At) -> Result<usize, RuleError> {
        let arity = |n: usize| -> Result<(), RuleError> {
            if args.len() == n {
                Ok(())
            } else {
                error(at, format!("{name} takes {n} value{}, not {}", if n == 1 { "" } else { "s" }, args.len()))
            }
        };
        match name {
            "f'" => {
                let Some(k) = self.derivative_of(&Expr { at, kind: ExprKind::Call(name.into(), args.to_vec()) })?
                else {
                    unreachable!("f' is always a derivative")
                };
                Ok(self.push(Node::Derivative(k), Shape::Batch(self.sizes[k + 1])))
            }
            "outer" => {
                arity(2)?;
                let (a, b) = (self.expr(&args[0])?, self.expr(&args[1])?);
                match (self.tree.shapes[a], self.tree.shapes[b]) {
                    (Shape::Batch(r), Shape::Batch(c)) => Ok(self.push(Node::Outer(a, b), Shape::Mat(r, c))),
                    (sa, sb) => error(
                        at,
                        format!("outer(a, b) takes two batches of activities, not {} and {}", sa.said(), sb.said()),
                    ),
                }
            }
            "mean" => {
                arity(1)?;
                let a = self.expr(&args[0])?;
                match self.tree.shapes[a] {
                    Shape::Batch(n) => Ok(self.push(Node::Mean(a), Shape::Mat(n, 1))),
                    s => error(at, format!("mean(a) averages activities over the batch; this is {}", s.said())),
                }
            }
            "sign" | "abs" | "norm" => {
                arity(1)?;
                let a = self.expr(&args[0])?;
                let shape = self.tree.shapes[a];
                Ok(match name {
                    "sign" => self.push(Node::Sign(a), shape),
                    "abs" => self.push(Node::Abs(a), shape),
                    _ => self.push(Node::Norm(a), Shape::Scalar),
                })
            }
            "clamp" => {
                arity(3)?;
                let (a, lo, hi) = (self.expr(&args[0])?, self.expr(&args[1])?, self.expr(&args[2])?);
                if self.tree.shapes[lo] != Shape::Scalar || self.tree.shapes[hi] != Shape::Scalar {
                    return error(at, "clamp(a, lo, hi) keeps a between two numbers");
                }
                let shape = self.tree.shapes[a];
                Ok(self.push(Node::Clamp(a, lo, hi), shape))
            }
            _ => error(at, format!("“{name}” is not a function: outer, mean, sign, abs, norm, clamp and f' are")),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Feedback,
    Delta,
    Other,
}

fn layer_text(base: &str, k: i64) -> String {
    match k {
        0 => base.into(),
        k if k > 0 => format!("{base}+{k}"),
        k => format!("{base}{k}"),
    }
}

fn unknown(name: &str) -> String {
    format!(
        "“{name}” is not known: the names are x, y, e, h[·], z[·], delta[·], W[·], b[·], lr, batch, the perturbed \
         pass's xi[·], noisy_h[·], dloss and sigma, a feedback matrix declared with “feedback”, and the constants {}",
        CONSTANTS.iter().map(|(n, ..)| *n).collect::<Vec<_>>().join(", ")
    )
}

/// Checks `statements` against a network of widths `sizes` and compiles them.
pub fn compile(statements: &[Statement], sizes: &[usize]) -> Result<Program, RuleError> {
    let depth = sizes.len() - 1;
    let hidden = depth - 1;
    let start = At { line: 1, col: 1 };
    // The feedback families first, so that any statement may use them. `Mat(_, MAX)` marks a direct family.
    let mut names: Vec<(String, Shape)> = Vec::new();
    for s in statements {
        if let Target::Feedback(name) = &s.target {
            if names.iter().any(|(n, _)| n == name) {
                return error(s.at, format!("{name} is declared twice"));
            }
            let shape = match &s.value {
                Value::RandomDirect => Shape::Mat(0, usize::MAX),
                _ => Shape::Mat(0, 0),
            };
            names.push((name.clone(), shape));
        }
    }
    let random = statements.iter().filter(|s| matches!(s.value, Value::Random | Value::RandomDirect));
    if let Some(second) = random.clone().nth(1) {
        return error(
            second.at,
            "one family of random feedback matrices per rule: a second would be drawn from the same stream",
        );
    }
    // A feedback matrix worked out each step reads no feedback matrix; an error reads no error below its own.
    let compile_as = |role: Role, e: &Expr, l: usize, want: Option<Shape>| -> Result<Tree, RuleError> {
        let families = if role == Role::Feedback { &[][..] } else { &names[..] };
        let setting_delta = role == Role::Delta;
        let tree = Tree { nodes: vec![], shapes: vec![], bufs: vec![], aux: vec![] };
        let mut b = Builder { sizes, l, families, tree, setting_delta };
        b.expr(e)?;
        let got = b.tree.shape();
        if let Some(want) = want
            && got != want
            && got != Shape::Scalar
        {
            return error(e.at, format!("this gives {} for layer {l}, where {} is needed", got.said(), want.said()));
        }
        Ok(b.tree)
    };
    let mut families = Vec::new();
    for (name, _) in &names {
        let decl = statements.iter().find(|s| s.target == Target::Feedback(name.clone())).expect("declared above");
        let draw = match &decl.value {
            Value::Random => Draw::Random,
            Value::RandomDirect => Draw::RandomDirect,
            Value::Expr(e) => Draw::Derived(
                (0..hidden)
                    .map(|l| compile_as(Role::Feedback, e, l, Some(Shape::Mat(sizes[l + 1], sizes[l + 2]))))
                    .collect::<Result<_, _>>()?,
            ),
        };
        let after = match statements.iter().find(|s| s.target == Target::After(name.clone())) {
            None => None,
            Some(Statement { value: Value::Expr(e), .. }) => {
                let want = |l: usize| {
                    if matches!(decl.value, Value::RandomDirect) {
                        Shape::Mat(sizes[l + 1], sizes[depth])
                    } else {
                        Shape::Mat(sizes[l + 1], sizes[l + 2])
                    }
                };
                Some((0..hidden).map(|l| compile_as(Role::Other, e, l, Some(want(l)))).collect::<Result<_, _>>()?)
            }
            Some(s) => return error(s.at, "after sets a new value from an expression"),
        };
        families.push(Family { draw, after });
    }
    for s in statements {
        if let Target::After(name) = &s.target
            && !names.iter().any(|(n, _)| n == name)
        {
            return error(
                s.at,
                format!("{name} is updated but never declared: add “feedback {name}[l] = random” first"),
            );
        }
    }
    let one = |target: Target| -> Result<Option<&Statement>, RuleError> {
        let mut found = statements.iter().filter(|s| s.target == target);
        let first = found.next();
        if let Some(again) = found.next() {
            return error(again.at, "this quantity is already set on an earlier line");
        }
        Ok(first)
    };
    let expr_of = |s: &Statement| match &s.value {
        Value::Expr(e) => Ok(e.clone()),
        _ => error(s.at, "random is for feedback matrices"),
    };
    let delta = match one(Target::Delta)? {
        Some(s) => {
            let e = expr_of(s)?;
            (0..hidden)
                .map(|l| compile_as(Role::Delta, &e, l, Some(Shape::Batch(sizes[l + 1]))))
                .collect::<Result<_, _>>()?
        }
        None if hidden > 0 => {
            return error(
                start,
                "say how the error reaches the hidden layers: delta[l] = … (delta[l] = 0 for not at all)",
            );
        }
        None => Vec::new(),
    };
    let Some(dw) = one(Target::DW)? else { return error(start, "say how each layer learns: dW[l] = …") };
    let e = expr_of(dw)?;
    let dw = (0..depth)
        .map(|l| compile_as(Role::Other, &e, l, Some(Shape::Mat(sizes[l + 1], sizes[l]))))
        .collect::<Result<_, _>>()?;
    let db = match one(Target::DB)? {
        Some(s) => {
            let e = expr_of(s)?;
            (0..depth)
                .map(|l| compile_as(Role::Other, &e, l, Some(Shape::Mat(sizes[l + 1], 1))).map(Some))
                .collect::<Result<_, _>>()?
        }
        None => vec![None; depth],
    };
    let reads = |t: &Tree| t.nodes.iter().any(|n| matches!(n, Node::Leaf(Leaf::Xi(_) | Leaf::NoisyH(_) | Leaf::DLoss)));
    let derived = families.iter().flat_map(|f| match &f.draw {
        Draw::Derived(t) => t.as_slice(),
        _ => &[],
    });
    let afters = families.iter().flat_map(|f| f.after.iter().flatten());
    let perturbs = delta.iter().chain(&dw).chain(db.iter().flatten()).chain(derived).chain(afters).any(reads);
    Ok(Program { families, delta, dw, db, supervised: supervised(statements), perturbs })
}

/// Whether a rule learns from an error: it sets `delta[l]` or reads `delta`, `e` or `dloss` (the loss, which needs
/// the targets) anywhere. Otherwise it learns from activity alone, as the Hebbian rules do. The one test of it, for
/// the rule's kind and its program alike.
pub fn supervised(statements: &[Statement]) -> bool {
    fn names_error(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name(n) => n == "e" || n == "dloss",
            ExprKind::Indexed(n, _) => n == "delta",
            ExprKind::Num(_) => false,
            ExprKind::Neg(a) | ExprKind::Transpose(a) => names_error(a),
            ExprKind::Binary(_, a, b) => names_error(a) || names_error(b),
            ExprKind::Call(_, args) => args.iter().any(names_error),
        }
    }
    statements.iter().any(|s| s.target == Target::Delta || matches!(&s.value, Value::Expr(e) if names_error(e)))
}

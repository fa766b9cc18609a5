//! Evaluating a compiled tree: each node, children first, writes its buffer; the products go through the same
//! kernels as the built-in rules, so that a rule written in the language computes what the built-in computes.

use nalgebra::DMatrix;

use super::compile::{Leaf, Node, Shape, Tree};
use crate::kernels;
use crate::net::{Network, Workspace};
use crate::rules::node_perturbation::Perturbation;

/// What a tree may read.
pub(super) struct Ctx<'a> {
    pub net: &'a Network,
    pub ws: &'a Workspace,
    pub fams: &'a [alloc::vec::Vec<DMatrix<f64>>],
    pub lr: f64,
    /// The perturbed pass, its noise's σ, and each example's loss change (one row).
    pub pass: &'a Perturbation,
    pub sigma: f64,
    pub dloss: &'a DMatrix<f64>,
}

/// A child's values as an operation reads them: a number, every entry, or a column spread over the rows.
#[derive(Clone, Copy)]
enum Src<'a> {
    Num(f64),
    Full(&'a [f64]),
    Column(&'a [f64]),
    /// One value per example (a row), spread over the `usize` units of each column.
    Row(&'a [f64], usize),
}

impl Src<'_> {
    #[inline]
    fn at(self, i: usize) -> f64 {
        match self {
            Src::Num(v) => v,
            Src::Full(s) => s[i],
            Src::Column(s) => s[i % s.len()],
            Src::Row(s, n) => s[i / n],
        }
    }
}

fn len(shape: Shape, cols: usize) -> usize {
    match shape {
        Shape::Scalar => 1,
        Shape::Batch(n) => n * cols,
        Shape::PerExample => cols,
        Shape::Mat(r, c) => r * c,
    }
}

/// The matrix node `k` stands for (a leaf's storage, or the node's buffer).
fn matrix<'a>(nodes: &[Node], done: &'a [DMatrix<f64>], k: usize, c: &'a Ctx<'_>) -> &'a DMatrix<f64> {
    match nodes[k] {
        Node::Leaf(Leaf::H(i)) => &c.ws.h[i],
        Node::Leaf(Leaf::Z(i)) => &c.ws.z[i],
        Node::Leaf(Leaf::Delta(i)) => &c.ws.delta[i],
        Node::Leaf(Leaf::W(i)) => &c.net.layers[i].w,
        Node::Leaf(Leaf::Fb(f, i)) => &c.fams[f][i],
        Node::Leaf(Leaf::Xi(i)) => &c.pass.noise[i],
        Node::Leaf(Leaf::NoisyH(i)) => &c.pass.noisy.h[i],
        Node::Leaf(Leaf::DLoss) => c.dloss,
        _ => &done[k],
    }
}

/// Node `k`'s values as a node of shape `out` reads them.
fn src<'a>(
    nodes: &[Node],
    shapes: &[Shape],
    done: &'a [DMatrix<f64>],
    k: usize,
    out: Shape,
    c: &'a Ctx<'_>,
) -> Src<'a> {
    match (nodes[k], shapes[k]) {
        (Node::Leaf(Leaf::Num(v)), _) => Src::Num(v),
        (Node::Leaf(Leaf::Lr), _) => Src::Num(c.lr),
        (Node::Leaf(Leaf::Batch), _) => Src::Num(c.ws.cols as f64),
        (Node::Leaf(Leaf::Sigma), _) => Src::Num(c.sigma),
        (_, Shape::Scalar) => Src::Num(done[k][(0, 0)]),
        (_, shape @ Shape::Mat(n, 1)) if shape != out => Src::Column(&matrix(nodes, done, k, c).as_slice()[..n]),
        (_, Shape::PerExample) if matches!(out, Shape::Batch(_)) => {
            let Shape::Batch(n) = out else { unreachable!("matched above") };
            Src::Row(&matrix(nodes, done, k, c).as_slice()[..c.ws.cols], n)
        }
        (_, shape) => Src::Full(&matrix(nodes, done, k, c).as_slice()[..len(shape, c.ws.cols)]),
    }
}

impl Tree {
    /// Evaluates every node, children first; the root's values are then what `value` gives.
    pub(super) fn eval(&mut self, c: &Ctx<'_>) {
        let cols = c.ws.cols;
        let Tree { nodes, shapes, bufs, aux } = self;
        for i in 0..nodes.len() {
            let (done, rest) = bufs.split_at_mut(i);
            let out_m = &mut rest[0];
            let shape = shapes[i];
            let n = len(shape, cols);
            let done: &[DMatrix<f64>] = done;
            let src = |k: usize| src(nodes, shapes, done, k, shape, c);
            let mat = |k: usize| matrix(nodes, done, k, c);
            let zip = |out: &mut [f64], a: usize, b: usize, f: fn(f64, f64) -> f64| {
                let (a, b) = (src(a), src(b));
                out.iter_mut().enumerate().for_each(|(j, o)| *o = f(a.at(j), b.at(j)));
            };
            let map = |out: &mut [f64], a: usize, f: &dyn Fn(f64) -> f64| {
                let a = src(a);
                out.iter_mut().enumerate().for_each(|(j, o)| *o = f(a.at(j)));
            };
            match nodes[i] {
                Node::Leaf(Leaf::B(l)) => out_m.as_mut_slice().copy_from_slice(c.net.layers[l].b.as_slice()),
                Node::Leaf(_) => {}
                Node::Neg(a) => map(&mut out_m.as_mut_slice()[..n], a, &|x| -x),
                Node::Add(a, b) => zip(&mut out_m.as_mut_slice()[..n], a, b, |x, y| x + y),
                Node::Sub(a, b) => zip(&mut out_m.as_mut_slice()[..n], a, b, |x, y| x - y),
                Node::Times(a, b) => zip(&mut out_m.as_mut_slice()[..n], a, b, |x, y| x * y),
                Node::Div(a, b) => zip(&mut out_m.as_mut_slice()[..n], a, b, |x, y| x / y),
                Node::Sign(a) => map(&mut out_m.as_mut_slice()[..n], a, &|x| {
                    if x > 0.0 {
                        1.0
                    } else if x < 0.0 {
                        -1.0
                    } else {
                        0.0
                    }
                }),
                Node::Abs(a) => map(&mut out_m.as_mut_slice()[..n], a, &libm::fabs),
                Node::Clamp(a, lo, hi) => {
                    let (lo, hi) = (src(lo).at(0), src(hi).at(0));
                    map(&mut out_m.as_mut_slice()[..n], a, &|x| {
                        if x < lo {
                            lo
                        } else if x > hi {
                            hi
                        } else {
                            x
                        }
                    });
                }
                Node::Norm(a) => {
                    let m = len(shapes[a], cols);
                    let a = src(a);
                    out_m[(0, 0)] = libm::sqrt((0..m).map(|j| a.at(j) * a.at(j)).sum());
                }
                Node::Mean(a) => {
                    let a = src(a);
                    for (r, o) in out_m.as_mut_slice().iter_mut().enumerate() {
                        *o = (0..cols).map(|j| a.at(j * n + r)).sum::<f64>() / cols as f64;
                    }
                }
                Node::Derivative(k) | Node::ScaleByDerivative(_, k) => {
                    let out = &mut out_m.as_mut_slice()[..n];
                    match nodes[i] {
                        Node::ScaleByDerivative(a, _) => map(out, a, &|x| x),
                        _ => out.fill(1.0),
                    }
                    c.net.layers[k].f.scale_by_derivative(out, c.ws.z[k].as_slice(), c.ws.h[k + 1].as_slice());
                }
                Node::Product(a, b) => kernels::product(mat(a), mat(b), cols, out_m),
                Node::TransposeProduct(a, b) => kernels::transpose_product(mat(a), mat(b), cols, out_m),
                Node::MatMul(a, b) => mat(a).mul_to(mat(b), out_m),
                Node::Transpose(a) => mat(a).transpose_to(out_m),
                Node::Outer(a, b) => kernels::outer(1.0 / cols as f64, mat(a), mat(b), cols, out_m, &mut aux[i]),
            }
        }
    }

    /// The root's values once evaluated: every entry of a batch (its used columns) or a matrix, or a number.
    pub(super) fn value<'a>(&'a self, c: &'a Ctx<'_>) -> Result<&'a [f64], f64> {
        let root = self.root();
        match src(&self.nodes, &self.shapes, &self.bufs, root, Shape::Scalar, c) {
            Src::Num(v) => Err(v),
            Src::Full(s) | Src::Column(s) | Src::Row(s, _) => Ok(s),
        }
    }
}

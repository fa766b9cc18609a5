//! The rule language's text: tokens, then statements of expressions, each piece with the line and column it came
//! from so that every error can say where it is.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The longest rule text accepted, in bytes: a rule is a few lines; this keeps a pasted novel out.
pub const MAX_LEN: usize = 4000;
/// The deepest nesting of an expression (brackets, operators) accepted.
pub const MAX_DEPTH: usize = 40;

/// A place in the text: line and column, counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub col: usize,
}

/// What is wrong with a rule's text, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// Where.
    pub at: At,
    /// What, in plain words.
    pub message: String,
}

impl core::fmt::Display for RuleError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "line {}, column {}: {}", self.at.line, self.at.col, self.message)
    }
}

pub(super) fn error<T>(at: At, message: impl Into<String>) -> Result<T, RuleError> {
    Err(RuleError { at, message: message.into() })
}

/// A layer index as written: `l`, `l+1`, `l-1`, `L` (the output's activity), `L-1` or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Index {
    /// `l` plus an offset.
    Layer(i64),
    /// `L` plus an offset (`L` is the number of weight layers).
    Last(i64),
    /// A fixed index.
    Fixed(i64),
}

/// An expression, each node with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// Where it starts.
    pub at: At,
    /// What it is.
    pub kind: ExprKind,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number.
    Num(f64),
    /// A name alone: `lr`, `x`, `y`, `e`, a constant.
    Name(String),
    /// A name with a layer index: `W[l+1]`, `delta[l]`, `B[l]`.
    Indexed(String, Index),
    /// A function applied: `outer(a, b)`, `sign(a)`, and `f'(z[l])` as `f'`.
    Call(String, Vec<Expr>),
    /// `-a`.
    Neg(Box<Expr>),
    /// `a'`.
    Transpose(Box<Expr>),
    /// `a op b` for `+ - * .* /`.
    Binary(Op, Box<Expr>, Box<Expr>),
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`: a number times anything, a matrix times activities or a matrix.
    Mul,
    /// `.*`: element by element.
    Hadamard,
    /// `/` by a number.
    Div,
}

/// What a statement sets.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// `delta[l]`: each hidden layer's error signal, from the top down.
    Delta,
    /// `dW[l]`: each layer's update direction (`W ← W − η dW`).
    DW,
    /// `db[l]`: each layer's bias direction (`b ← b − η db`).
    DB,
    /// `feedback NAME[l] = …`: a feedback matrix per hidden layer, drawn once (`random`, `random direct`) or
    /// worked out anew before each step's errors.
    Feedback(String),
    /// `after NAME[l] = …`: a feedback matrix's new value once the forward weights have been updated.
    After(String),
}

/// What a `feedback` statement sets its matrices to.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `random`: drawn once like `W[l+1]ᵀ` (as feedback alignment draws `B_l`).
    Random,
    /// `random direct`: drawn once, `n_{l+1} × n_L` (as direct feedback alignment draws `D_l`).
    RandomDirect,
    /// An expression.
    Expr(Expr),
}

/// One line of a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Where it starts.
    pub at: At,
    /// What it sets.
    pub target: Target,
    /// Its value.
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    /// `f'`, the derivative of a layer's activation (a name of its own so that `'` after it is not a transpose).
    Prime,
    Sym(&'static str),
    End,
}

struct Lexer<'a> {
    chars: core::iter::Peekable<core::str::Chars<'a>>,
    at: At,
}

impl Lexer<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.at.col += 1;
        Some(c)
    }

    fn tokens(line: &str, number: usize) -> Result<Vec<(Tok, At)>, RuleError> {
        let mut lx = Lexer { chars: line.chars().peekable(), at: At { line: number, col: 1 } };
        let mut out = Vec::new();
        while let Some(&c) = lx.chars.peek() {
            let at = lx.at;
            if c == '#' {
                break;
            }
            if c.is_whitespace() {
                lx.bump();
                continue;
            }
            if c.is_ascii_digit() {
                let mut s = String::new();
                while let Some(&d) = lx.chars.peek() {
                    let exponent_sign = (d == '-' || d == '+') && s.ends_with(['e', 'E']);
                    if d.is_ascii_digit() || d == '.' || d == 'e' || d == 'E' || exponent_sign {
                        // `2.*x` is 2 times x, element by element: a dot followed by `*` is the operator's.
                        if d == '.' && {
                            let mut ahead = lx.chars.clone();
                            ahead.next();
                            ahead.peek() == Some(&'*')
                        } {
                            break;
                        }
                        s.push(d);
                        lx.bump();
                    } else {
                        break;
                    }
                }
                match s.parse::<f64>() {
                    Ok(v) if v.is_finite() => out.push((Tok::Num(v), at)),
                    _ => return error(at, format!("“{s}” is not a number")),
                }
                continue;
            }
            if c.is_alphabetic() || c == '_' {
                let mut s = String::new();
                while let Some(&d) = lx.chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        s.push(d);
                        lx.bump();
                    } else {
                        break;
                    }
                }
                if s == "f" && lx.chars.peek() == Some(&'\'') {
                    lx.bump();
                    out.push((Tok::Prime, at));
                } else {
                    out.push((Tok::Ident(s), at));
                }
                continue;
            }
            let sym = match c {
                '.' => {
                    lx.bump();
                    if lx.chars.peek() == Some(&'*') {
                        lx.bump();
                        out.push((Tok::Sym(".*"), at));
                        continue;
                    }
                    return error(at, "a lone “.”: write .* to multiply element by element");
                }
                '+' => "+",
                '-' => "-",
                '*' => "*",
                '/' => "/",
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                ',' => ",",
                ';' => ";",
                '=' => "=",
                '\'' | 'ᵀ' => "'",
                '⊙' => ".*",
                _ => return error(at, format!("“{c}” has no meaning in a rule")),
            };
            lx.bump();
            out.push((Tok::Sym(sym), at));
        }
        out.push((Tok::End, lx.at));
        Ok(out)
    }
}

struct Parser {
    toks: Vec<(Tok, At)>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn at(&self) -> At {
        self.toks[self.pos].1
    }

    fn next(&mut self) -> (Tok, At) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, sym: &str) -> bool {
        if matches!(self.peek(), Tok::Sym(s) if *s == sym) {
            self.next();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, sym: &str, what: &str) -> Result<(), RuleError> {
        if self.eat(sym) {
            Ok(())
        } else {
            error(self.at(), format!("expected “{sym}” {what}, found {}", self.found()))
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            Tok::Num(v) => format!("the number {v}"),
            Tok::Ident(s) => format!("“{s}”"),
            Tok::Prime => "“f'”".to_string(),
            Tok::Sym(s) => format!("“{s}”"),
            Tok::End => "the end of the statement".to_string(),
        }
    }

    fn deeper(&mut self) -> Result<(), RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { error(self.at(), "the expression is nested too deeply") } else { Ok(()) }
    }

    fn statement(&mut self) -> Result<Statement, RuleError> {
        let at = self.at();
        let (first, _) = self.next();
        let Tok::Ident(word) = first else {
            return error(at, "a line starts with what it sets: delta[l], dW[l], db[l], feedback B[l] or after B[l]");
        };
        let target = match word.as_str() {
            "delta" => Target::Delta,
            "dW" => Target::DW,
            "db" => Target::DB,
            "feedback" | "after" => {
                let name_at = self.at();
                let (tok, _) = self.next();
                let Tok::Ident(name) = tok else {
                    return error(name_at, format!("“{word}” is followed by a matrix's name"));
                };
                check_feedback_name(&name, name_at)?;
                if word == "feedback" { Target::Feedback(name) } else { Target::After(name) }
            }
            other => {
                return error(
                    at,
                    format!("“{other}” cannot be set: a line sets delta[l], dW[l], db[l], feedback B[l] or after B[l]"),
                );
            }
        };
        let index_at = self.at();
        self.expect("[", "after the name")?;
        let index = self.index()?;
        self.expect("]", "to close the layer index")?;
        if index != Index::Layer(0) {
            return error(index_at, "a line sets its quantity for every layer l: write [l]");
        }
        self.expect("=", "after what the line sets")?;
        let value = if matches!(target, Target::Feedback(_)) && matches!(self.peek(), Tok::Ident(s) if s == "random") {
            self.next();
            if matches!(self.peek(), Tok::Ident(s) if s == "direct") {
                self.next();
                Value::RandomDirect
            } else {
                Value::Random
            }
        } else {
            Value::Expr(self.expr()?)
        };
        if *self.peek() != Tok::End {
            return error(self.at(), format!("expected the end of the line, found {}", self.found()));
        }
        Ok(Statement { at, target, value })
    }

    fn index(&mut self) -> Result<Index, RuleError> {
        let at = self.at();
        let (tok, _) = self.next();
        let base = match tok {
            Tok::Ident(s) if s == "l" => Index::Layer(0),
            Tok::Ident(s) if s == "L" => Index::Last(0),
            Tok::Num(v) if (0.0..100.0).contains(&v) && v == (v as i64) as f64 => return Ok(Index::Fixed(v as i64)),
            _ => return error(at, "a layer index is l, l+1, l-1, L, L-1 or a whole number"),
        };
        let sign = if self.eat("+") {
            1
        } else if self.eat("-") {
            -1
        } else {
            return Ok(base);
        };
        let at = self.at();
        match self.next().0 {
            Tok::Num(v) if (0.0..100.0).contains(&v) && v == (v as i64) as f64 => Ok(match base {
                Index::Layer(_) => Index::Layer(sign * v as i64),
                _ => Index::Last(sign * v as i64),
            }),
            _ => error(at, "a layer index adds or takes a whole number: l+1, L-1"),
        }
    }

    fn expr(&mut self) -> Result<Expr, RuleError> {
        self.deeper()?;
        let e = self.level(&[("+", Op::Add), ("-", Op::Sub)], Self::term)?;
        self.depth -= 1;
        Ok(e)
    }

    fn term(&mut self) -> Result<Expr, RuleError> {
        self.level(&[("*", Op::Mul), (".*", Op::Hadamard), ("/", Op::Div)], Self::unary)
    }

    /// One level of left-associative operators `ops` between operands that `next` reads.
    fn level(&mut self, ops: &[(&str, Op)], next: fn(&mut Self) -> Result<Expr, RuleError>) -> Result<Expr, RuleError> {
        let mut left = next(self)?;
        loop {
            let at = self.at();
            let Some(&(_, op)) = ops.iter().find(|(sym, _)| self.eat(sym)) else { break };
            let right = next(self)?;
            left = Expr { at, kind: ExprKind::Binary(op, Box::new(left), Box::new(right)) };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, RuleError> {
        let at = self.at();
        if self.eat("-") {
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr { at, kind: ExprKind::Neg(Box::new(inner)) });
        }
        let mut e = self.primary()?;
        while self.eat("'") {
            e = Expr { at, kind: ExprKind::Transpose(Box::new(e)) };
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, RuleError> {
        let at = self.at();
        match self.next().0 {
            Tok::Num(v) => Ok(Expr { at, kind: ExprKind::Num(v) }),
            Tok::Sym("(") => {
                let e = self.expr()?;
                self.expect(")", "to close the bracket")?;
                Ok(e)
            }
            Tok::Prime => self.call("f'".to_string(), at),
            Tok::Ident(name) => {
                if self.eat("[") {
                    let index = self.index()?;
                    self.expect("]", "to close the layer index")?;
                    Ok(Expr { at, kind: ExprKind::Indexed(name, index) })
                } else if matches!(self.peek(), Tok::Sym("(")) {
                    self.call(name, at)
                } else {
                    Ok(Expr { at, kind: ExprKind::Name(name) })
                }
            }
            Tok::End => error(at, "the line ends where a value was expected"),
            Tok::Sym(s) => error(at, format!("“{s}” where a value was expected")),
        }
    }

    fn call(&mut self, name: String, at: At) -> Result<Expr, RuleError> {
        self.expect("(", &format!("after {name}"))?;
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.expr()?);
                if self.eat(")") {
                    break;
                }
                self.expect(",", "between a function's arguments")?;
            }
        }
        Ok(Expr { at, kind: ExprKind::Call(name, args) })
    }
}

fn check_feedback_name(name: &str, at: At) -> Result<(), RuleError> {
    const TAKEN: &[&str] = &["W", "b", "h", "z", "delta", "dW", "db", "x", "y", "e", "lr", "l", "L", "random"];
    if TAKEN.contains(&name) {
        return error(
            at,
            format!("“{name}” already means something; a feedback matrix needs a name of its own, such as B"),
        );
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return error(at, format!("a feedback matrix's name starts with a capital letter (B, D, S…), not “{name}”"));
    }
    Ok(())
}

/// Parses a rule's text into its statements (blank lines and `#` comments skipped).
pub fn parse(text: &str) -> Result<Vec<Statement>, RuleError> {
    if text.len() > MAX_LEN {
        return error(
            At { line: 1, col: 1 },
            format!("the rule is {} characters long; at most {MAX_LEN} are accepted", text.len()),
        );
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // A `;` ends a statement as the end of a line does (a rule can be written on one line, as in a link).
        let mut rest = Lexer::tokens(line, i + 1)?;
        while rest.len() > 1 {
            let cut = rest.iter().position(|(t, _)| *t == Tok::Sym(";")).unwrap_or(rest.len() - 1);
            let mut toks: Vec<(Tok, At)> = rest.drain(..=cut).collect();
            let end = toks.last().map_or(At { line: i + 1, col: 1 }, |(_, at)| *at);
            if toks.last().is_some_and(|(t, _)| *t == Tok::Sym(";")) {
                toks.pop();
            }
            if toks.is_empty() || toks.iter().all(|(t, _)| *t == Tok::End) {
                continue;
            }
            if toks.last().is_none_or(|(t, _)| *t != Tok::End) {
                toks.push((Tok::End, end));
            }
            let mut p = Parser { toks, pos: 0, depth: 0 };
            out.push(p.statement()?);
        }
    }
    Ok(out)
}

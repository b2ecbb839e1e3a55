//! Parses arithmetic into `Expr<'a>` nodes that live in a `Bump` and point at each other,
//! evaluates them, reports malformed input with its position, and counts what the arena saved
//! against one `Box` per node.

use std::fmt;

use ownership_arena::{Bump, Interner};
use test_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// An expression node; children are references into the same arena.
#[derive(Debug)]
enum Expr<'a> {
    Num(i64),
    /// A variable name, interned in the arena.
    Var(&'a str),
    Neg(&'a Expr<'a>),
    Bin(Op, &'a Expr<'a>, &'a Expr<'a>),
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// A malformed expression: what was expected, and at which byte.
#[derive(Debug)]
struct ParseError {
    at: usize,
    expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.at)
    }
}

/// A recursive-descent parser that allocates every node in `arena`.
struct Parser<'a, 'd, 's> {
    arena: &'a Bump<'d>,
    names: &'a Interner<'a, 'd>,
    src: &'s [u8],
    at: usize,
}

impl<'a> Parser<'a, '_, '_> {
    fn node(&self, e: Expr<'a>) -> &'a Expr<'a> {
        // Nodes borrow the arena, so they are never dropped (they own nothing to drop).
        self.arena.alloc_no_drop(e)
    }

    fn skip_spaces(&mut self) {
        while self.src.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_spaces();
        self.src.get(self.at).copied()
    }

    fn parse(mut self) -> Result<&'a Expr<'a>, ParseError> {
        let e = self.expr()?;
        match self.peek() {
            None => Ok(e),
            Some(_) => Err(self.error("an operator or the end")),
        }
    }

    fn error(&self, expected: &'static str) -> ParseError {
        ParseError {
            at: self.at,
            expected,
        }
    }

    fn expr(&mut self) -> Result<&'a Expr<'a>, ParseError> {
        let mut left = self.term()?;
        while let Some(op) = self.peek().and_then(|c| match c {
            b'+' => Some(Op::Add),
            b'-' => Some(Op::Sub),
            _ => None,
        }) {
            self.at += 1;
            let right = self.term()?;
            left = self.node(Expr::Bin(op, left, right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<&'a Expr<'a>, ParseError> {
        let mut left = self.factor()?;
        while let Some(op) = self.peek().and_then(|c| match c {
            b'*' => Some(Op::Mul),
            b'/' => Some(Op::Div),
            _ => None,
        }) {
            self.at += 1;
            let right = self.factor()?;
            left = self.node(Expr::Bin(op, left, right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<&'a Expr<'a>, ParseError> {
        match self.peek() {
            Some(b'-') => {
                self.at += 1;
                let inner = self.factor()?;
                Ok(self.node(Expr::Neg(inner)))
            }
            Some(b'(') => {
                self.at += 1;
                let inner = self.expr()?;
                if self.peek() != Some(b')') {
                    return Err(self.error("')'"));
                }
                self.at += 1;
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.at;
                while self.src.get(self.at).is_some_and(u8::is_ascii_digit) {
                    self.at += 1;
                }
                let digits = std::str::from_utf8(&self.src[start..self.at]).unwrap_or("");
                let n = digits.parse().map_err(|_| ParseError {
                    at: start,
                    expected: "a number that fits in an i64",
                })?;
                Ok(self.node(Expr::Num(n)))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.at;
                while self.src.get(self.at).is_some_and(u8::is_ascii_alphanumeric) {
                    self.at += 1;
                }
                let name = std::str::from_utf8(&self.src[start..self.at]).unwrap_or("");
                Ok(self.node(Expr::Var(self.names.intern(name))))
            }
            _ => Err(self.error("a number, a name, '-' or '('")),
        }
    }
}

fn parse<'a, 'd>(
    arena: &'a Bump<'d>,
    names: &'a Interner<'a, 'd>,
    src: &str,
) -> Result<&'a Expr<'a>, ParseError> {
    Parser {
        arena,
        names,
        src: src.as_bytes(),
        at: 0,
    }
    .parse()
}

fn eval(e: &Expr<'_>, vars: &[(&str, i64)]) -> Result<i64, String> {
    Ok(match e {
        Expr::Num(n) => *n,
        Expr::Var(name) => match vars.iter().find(|(v, _)| v == name) {
            Some((_, value)) => *value,
            None => return Err(format!("unknown variable `{name}`")),
        },
        Expr::Neg(inner) => -eval(inner, vars)?,
        Expr::Bin(op, a, b) => {
            let (a, b) = (eval(a, vars)?, eval(b, vars)?);
            let result = match op {
                Op::Add => a.checked_add(b),
                Op::Sub => a.checked_sub(b),
                Op::Mul => a.checked_mul(b),
                Op::Div => a.checked_div(b),
            };
            result.ok_or_else(|| format!("overflow or division by zero in {a} {op:?} {b}"))?
        }
    })
}

fn count(e: &Expr<'_>) -> usize {
    match e {
        Expr::Num(_) | Expr::Var(_) => 1,
        Expr::Neg(a) => 1 + count(a),
        Expr::Bin(_, a, b) => 1 + count(a) + count(b),
    }
}

/// The same tree with one `Box` per node: what the arena replaces.
#[allow(dead_code)] // the fields are there to be allocated, not read
enum BoxExpr {
    Num(i64),
    Var(String),
    Neg(Box<BoxExpr>),
    Bin(Op, Box<BoxExpr>, Box<BoxExpr>),
}

fn to_boxes(e: &Expr<'_>) -> Box<BoxExpr> {
    Box::new(match e {
        Expr::Num(n) => BoxExpr::Num(*n),
        Expr::Var(v) => BoxExpr::Var((*v).to_owned()),
        Expr::Neg(a) => BoxExpr::Neg(to_boxes(a)),
        Expr::Bin(op, a, b) => BoxExpr::Bin(*op, to_boxes(a), to_boxes(b)),
    })
}

/// A balanced expression with `2^depth` leaves, e.g. `((x*2) + (3*y)) - (...)`.
fn generate(depth: u32, seed: &mut u32, out: &mut String) {
    *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
    if depth == 0 {
        match *seed % 5 {
            0 => out.push('x'),
            1 => out.push('y'),
            n => out.push_str(&(n + (*seed >> 20) % 90).to_string()),
        }
        return;
    }
    out.push('(');
    generate(depth - 1, seed, out);
    out.push_str(match (depth, *seed % 2) {
        (1, _) => " * ",
        (_, 0) => " + ",
        _ => " - ",
    });
    generate(depth - 1, seed, out);
    out.push(')');
}

fn main() {
    let vars = [("x", 10), ("y", -3)];
    let bump = Bump::new();
    let names = Interner::new(&bump);

    for src in [
        "(1 + 2) * x - 4 / 2",
        "-y * (x + y) * 2",
        "2 * (x + ",
        "3 + * 4",
        "7 / (x - 10)",
    ] {
        match parse(&bump, &names, src) {
            Ok(e) => match eval(e, &vars) {
                Ok(v) => println!("{src:<22} = {v}"),
                Err(msg) => println!("{src:<22} : {msg}"),
            },
            Err(err) => println!("{src:<22} : {err}\n{:>w$}^", "", w = err.at),
        }
    }

    // A 131,071-node expression: the arena versus one Box per node.
    let mut src = String::new();
    generate(16, &mut 7, &mut src);
    let big = Bump::new();
    let big_names = Interner::new(&big);
    let (tree, arena_stats) = CountingAlloc::measure(|| parse(&big, &big_names, &src));
    let tree = tree.expect("the generated expression is well formed");
    let nodes = count(tree);
    let value = eval(tree, &vars).expect("no overflow in the generated expression");
    let (boxed, box_stats) = CountingAlloc::measure(|| to_boxes(tree));
    drop(boxed);
    println!(
        "{nodes} nodes (value {value}): arena {} system allocations for {} KiB; Box {} allocations ({:.0}x more)",
        arena_stats.allocations,
        big.allocated_bytes() / 1024,
        box_stats.allocations,
        box_stats.allocations as f64 / arena_stats.allocations.max(1) as f64,
    );
}

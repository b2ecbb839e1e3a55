//! Helpers the exported macros expand to; not part of the API.

pub use alloc::vec;
pub use alloc::vec::Vec;

use crate::{FieldLayout, LayoutReport};

/// Names the field's type through the (never called) projection closure.
pub fn field<T, F>(
    name: &'static str,
    offset: usize,
    _project: impl FnOnce(&T) -> *const F,
) -> FieldLayout {
    FieldLayout::new(
        name,
        core::any::type_name::<F>(),
        offset,
        size_of::<F>(),
        align_of::<F>(),
    )
}

/// The numbers come from the compiler, so the only refusal left is a field listed twice.
pub fn report(
    type_name: &'static str,
    size: usize,
    align: usize,
    fields: alloc::vec::Vec<FieldLayout>,
) -> LayoutReport {
    match LayoutReport::new(type_name, size, align, fields) {
        Ok(report) => report,
        Err(err) => {
            panic!("layout_report!({type_name} {{ .. }}): {err} (is a field listed twice?)")
        }
    }
}

/// Panics (at compile time, in the macro's `const` block) with a message naming the type and
/// the numbers when they differ.
pub const fn check_layout(
    name: &str,
    size: usize,
    align: usize,
    want_size: usize,
    want_align: usize,
) {
    if size == want_size && align == want_align {
        return;
    }
    let mut msg = Message {
        buf: [0; 256],
        len: 0,
    };
    msg.push("layout of `");
    msg.push(name);
    msg.push("` is size ");
    msg.push_number(size);
    msg.push(", align ");
    msg.push_number(align);
    msg.push("; asserted size ");
    msg.push_number(want_size);
    msg.push(", align ");
    msg.push_number(want_align);
    match core::str::from_utf8(msg.buf.split_at(msg.len).0) {
        Ok(text) => panic!("{}", text),
        Err(_) => panic!("assert_layout!: the size or alignment differs"),
    }
}

struct Message {
    buf: [u8; 256],
    len: usize,
}

impl Message {
    /// Appends `text` whole, or `...` if it does not fit (never half a character).
    const fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if self.len + bytes.len() > self.buf.len() - 3 {
            let mut i = 0;
            while i < 3 && self.len < self.buf.len() {
                self.buf[self.len] = b'.';
                self.len += 1;
                i += 1;
            }
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
    }

    const fn push_number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut count = 0;
        loop {
            digits[count] = b'0' + (n % 10) as u8;
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while count > 0 && self.len < self.buf.len() {
            count -= 1;
            self.buf[self.len] = digits[count];
            self.len += 1;
        }
    }
}

//! Small types that each show one layout rule, with their sizes asserted at compile time.
//!
//! | type | rule |
//! | --- | --- |
//! | [`Point`] | `repr(C)`: fields in declaration order, the layout C expects |
//! | [`Packed`] | `repr(packed)`: no padding, so fields are read by value, never by reference |
//! | [`Status`] | `repr(u8)`: one byte, and a byte converts back only if it is a discriminant |
//! | [`InlineEvent`], [`BoxedEvent`] | an enum is as large as its largest variant: box the large one |
//! | [`Unoptimized`], [`Optimized`] | in `repr(C)`, field order decides the padding |
//! | [`Particle`], [`ParticleSoa`] | a loop over one field reads less memory from a struct of arrays |

use alloc::boxed::Box;
use core::fmt;

use crate::assert_layout;

/// A 2-D point with the layout C gives `struct { double x; double y; }`: `x` at offset 0,
/// `y` at 8, 16 bytes, so it can cross an FFI boundary as is.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::Point;
///
/// let p = Point { x: 1.5, y: -2.0 };
/// assert_eq!(core::mem::offset_of!(Point, y), 8);
/// assert_eq!(size_of::<Point>(), 16);
/// assert_eq!(p.x + p.y, -0.5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
pub struct Point {
    /// The horizontal coordinate.
    pub x: f64,
    /// The vertical coordinate.
    pub y: f64,
}

const _: () = assert_layout!(Point, size = 16, align = align_of::<f64>());
static_assertions::const_assert_eq!(core::mem::offset_of!(Point, x), 0);
static_assertions::const_assert_eq!(core::mem::offset_of!(Point, y), 8);

/// A flag and a value with no padding between them: 5 bytes instead of 8, at the price of
/// an unaligned `value`.
///
/// A reference to a field of a packed struct may be unaligned, which is undefined behaviour
/// to use, so the compiler refuses `&self.value`; the accessors copy the field out
/// (`{ self.value }`) instead.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::Packed;
///
/// let mut p = Packed::new(true, 0xdead_beef);
/// p.set_value(7);
/// assert_eq!((p.flag(), p.value()), (true, 7));
/// assert_eq!(size_of::<Packed>(), 5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, packed)]
pub struct Packed {
    flag: u8,
    value: u32,
}

impl Packed {
    /// A packed flag and value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!ownership_layout::examples::Packed::new(false, 1).flag());
    /// ```
    pub const fn new(flag: bool, value: u32) -> Self {
        Self {
            flag: flag as u8,
            value,
        }
    }

    /// The flag.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_layout::examples::Packed::new(true, 1).flag());
    /// ```
    pub const fn flag(&self) -> bool {
        self.flag != 0
    }

    /// The value, copied out of its unaligned place.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::examples::Packed::new(true, 9).value(), 9);
    /// ```
    pub const fn value(&self) -> u32 {
        // Read by value: a copy, no reference to the unaligned field is made. (Where a
        // reference would be taken, as in `println!("{}", self.value)`, write `{ self.value }`.)
        self.value
    }

    /// Replaces the value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut p = ownership_layout::examples::Packed::new(true, 9);
    /// p.set_value(10);
    /// assert_eq!(p.value(), 10);
    /// ```
    pub const fn set_value(&mut self, value: u32) {
        self.value = value;
    }
}

const _: () = assert_layout!(Packed, size = 5, align = 1);
static_assertions::const_assert_eq!(core::mem::offset_of!(Packed, value), 1);

/// A status stored in one byte (`repr(u8)`), with fixed discriminants so the byte can be
/// written to a file or a wire and read back.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Status, UnknownStatus};
///
/// assert_eq!(u8::from(Status::Active), 1);
/// assert_eq!(Status::try_from(3), Ok(Status::Failed));
/// assert_eq!(Status::try_from(4), Err(UnknownStatus(4)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Status {
    /// Waiting to start.
    Pending = 0,
    /// Running.
    Active = 1,
    /// Finished successfully.
    Done = 2,
    /// Finished with an error.
    Failed = 3,
}

const _: () = assert_layout!(Status, size = 1, align = 1);
// `Option<Status>` uses one of the 252 unused byte values for `None`.
const _: () = assert_layout!(Option<Status>, size = 1, align = 1);

impl From<Status> for u8 {
    fn from(status: Status) -> u8 {
        status as u8
    }
}

impl TryFrom<u8> for Status {
    type Error = UnknownStatus;

    /// The status whose discriminant is `byte`.
    ///
    /// # Errors
    ///
    /// [`UnknownStatus`] holding the byte, for every byte above 3.
    fn try_from(byte: u8) -> Result<Self, UnknownStatus> {
        match byte {
            0 => Ok(Self::Pending),
            1 => Ok(Self::Active),
            2 => Ok(Self::Done),
            3 => Ok(Self::Failed),
            other => Err(UnknownStatus(other)),
        }
    }
}

/// A byte that is not the discriminant of any [`Status`].
///
/// # Examples
///
/// ```
/// let err = ownership_layout::examples::Status::try_from(200).unwrap_err();
/// assert_eq!(err.to_string(), "byte 200 is not a status (0 to 3)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownStatus(pub u8);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {} is not a status (0 to 3)", self.0)
    }
}

impl core::error::Error for UnknownStatus {}

/// An event whose large variant is stored inline: every value, even `Tick`, takes
/// 1025 bytes.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{BoxedEvent, InlineEvent};
///
/// assert_eq!(size_of::<InlineEvent>(), 1025);
/// assert_eq!(size_of::<BoxedEvent>(), 2 * size_of::<usize>());
/// let event = InlineEvent::Tick(1);
/// assert!(matches!(event, InlineEvent::Tick(1)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "the unboxed variant is the example's point; `BoxedEvent` is the fix"
)]
pub enum InlineEvent {
    /// A small, frequent event.
    Tick(u8),
    /// A rare event carrying a kilobyte.
    Frame([u8; 1024]),
}

/// The same event with the large variant boxed: two words, whatever the variant; the kilobyte
/// lives on the heap only for `Frame`.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::BoxedEvent;
///
/// let events = vec![BoxedEvent::Tick(1); 1000];
/// assert_eq!(size_of_val(events.as_slice()), 1000 * 2 * size_of::<usize>());
/// let frame = BoxedEvent::Frame(Box::new([7; 1024]));
/// assert!(matches!(frame, BoxedEvent::Frame(data) if data[0] == 7));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoxedEvent {
    /// A small, frequent event.
    Tick(u8),
    /// A rare event; its kilobyte is on the heap.
    Frame(Box<[u8; 1024]>),
}

const _: () = assert_layout!(InlineEvent, size = 1025, align = 1);
const _: () = assert_layout!(
    BoxedEvent,
    size = 2 * size_of::<usize>(),
    align = align_of::<usize>()
);

/// Fields in an unlucky order: `u8`, `u64`, `u16` in `repr(C)` take 24 bytes on targets where
/// `u64` is 8-aligned (every 64-bit one), 11 of them data.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Optimized, Unoptimized};
///
/// let report = ownership_layout::layout_report!(Unoptimized { a, b, c });
/// assert_eq!(report.reordered_size(), size_of::<Optimized>());
/// # #[cfg(target_pointer_width = "64")]
/// assert_eq!((size_of::<Unoptimized>(), size_of::<Optimized>()), (24, 16));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct Unoptimized {
    /// One byte, then 7 bytes of padding so that `b` is aligned.
    pub a: u8,
    /// Eight bytes.
    pub b: u64,
    /// Two bytes, then 6 bytes of padding to round the size up to a multiple of 8.
    pub c: u16,
}

/// The same fields sorted by alignment, largest first: 16 bytes (8 + 2 + 1, rounded up to 8)
/// on targets where `u64` is 8-aligned.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::Optimized;
///
/// let report = ownership_layout::layout_report!(Optimized { b, c, a });
/// assert_eq!(report.holes(), []);
/// assert_eq!(report.trailing_padding(), report.size() - 11);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct Optimized {
    /// Eight bytes.
    pub b: u64,
    /// Two bytes.
    pub c: u16,
    /// One byte, then padding to round the size up to `u64`'s alignment.
    pub a: u8,
}

#[cfg(target_pointer_width = "64")]
const _: () = assert_layout!(Unoptimized, size = 24, align = 8);
#[cfg(target_pointer_width = "64")]
const _: () = assert_layout!(Optimized, size = 16, align = 8);
static_assertions::const_assert!(size_of::<Optimized>() < size_of::<Unoptimized>());

crate::soa! {
    @examples [ownership_layout::examples]
    /// A particle: position, velocity and mass, 28 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_layout::examples::{Particle, update_aos};
    ///
    /// let mut particles = vec![Particle { vx: 2.0, ..Particle::default() }];
    /// update_aos(&mut particles, 0.5);
    /// assert_eq!(particles[0].x, 1.0);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq)]
    pub struct Particle {
        /// Position, x.
        pub x: f32,
        /// Position, y.
        pub y: f32,
        /// Position, z.
        pub z: f32,
        /// Velocity, x.
        pub vx: f32,
        /// Velocity, y.
        pub vy: f32,
        /// Velocity, z.
        pub vz: f32,
        /// Mass.
        pub mass: f32,
    }

    /// Particles as a struct of arrays: one `Vec<f32>` per field.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_layout::examples::{Particle, ParticleSoa};
    ///
    /// let soa: ParticleSoa = (0..4).map(|i| Particle { mass: i as f32, ..Particle::default() }).collect();
    /// assert_eq!(soa.mass(), [0.0, 1.0, 2.0, 3.0]);
    /// assert_eq!(soa.len(), 4);
    /// ```
    pub struct ParticleSoa;
}

static_assertions::const_assert_eq!(size_of::<Particle>(), 28);

/// Moves every particle by its velocity times `dt`, array of structs: each step loads whole
/// 28-byte particles though `mass` is never read.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Particle, update_aos};
///
/// let mut particles = vec![Particle { x: 1.0, vx: -1.0, ..Particle::default() }; 3];
/// update_aos(&mut particles, 1.0);
/// assert!(particles.iter().all(|p| p.x == 0.0));
/// ```
pub fn update_aos(particles: &mut [Particle], dt: f32) {
    for p in particles {
        p.x += p.vx * dt;
        p.y += p.vy * dt;
        p.z += p.vz * dt;
    }
}

/// The same update on a struct of arrays: six streams of `f32`, `mass` untouched.
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Particle, ParticleSoa, update_soa};
///
/// let mut soa = ParticleSoa::from(vec![Particle { y: 1.0, vy: 3.0, ..Particle::default() }]);
/// update_soa(&mut soa, 2.0);
/// assert_eq!(soa.y(), [7.0]);
/// ```
pub fn update_soa(particles: &mut ParticleSoa, dt: f32) {
    let (x, y, z, vx, vy, vz, _mass) = particles.slices_mut();
    for (pos, vel) in [(x, &*vx), (y, &*vy), (z, &*vz)] {
        for (p, v) in pos.iter_mut().zip(vel) {
            *p += v * dt;
        }
    }
}

/// The total mass, reading one field of every struct: 4 useful bytes per 28 loaded.
///
/// Eight partial sums, so the compiler may vectorise (a single running `f32` sum must be
/// added in order, one element after another, since float addition is not associative).
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Particle, total_mass_aos};
///
/// let particles = vec![Particle { mass: 0.5, ..Particle::default() }; 10];
/// assert_eq!(total_mass_aos(&particles), 5.0);
/// ```
pub fn total_mass_aos(particles: &[Particle]) -> f32 {
    let mut sums = [0.0f32; 8];
    let mut chunks = particles.chunks_exact(8);
    for chunk in &mut chunks {
        for (sum, p) in sums.iter_mut().zip(chunk) {
            *sum += p.mass;
        }
    }
    let rest: f32 = chunks.remainder().iter().map(|p| p.mass).sum();
    sums.iter().sum::<f32>() + rest
}

/// The total mass from the `mass` column alone, with the same eight partial sums as
/// [`total_mass_aos`] (so both return the same value).
///
/// # Examples
///
/// ```
/// use ownership_layout::examples::{Particle, ParticleSoa, total_mass_soa};
///
/// let soa = ParticleSoa::from(vec![Particle { mass: 0.5, ..Particle::default() }; 10]);
/// assert_eq!(total_mass_soa(&soa), 5.0);
/// ```
pub fn total_mass_soa(particles: &ParticleSoa) -> f32 {
    let mass = particles.mass();
    let mut sums = [0.0f32; 8];
    let mut chunks = mass.chunks_exact(8);
    for chunk in &mut chunks {
        for (sum, m) in sums.iter_mut().zip(chunk) {
            *sum += m;
        }
    }
    let rest: f32 = chunks.remainder().iter().sum();
    sums.iter().sum::<f32>() + rest
}

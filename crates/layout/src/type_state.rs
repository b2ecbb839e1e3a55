//! `Resource<Locked>` / `Resource<Unlocked>`: a state checked by the compiler that costs no
//! bytes.

use alloc::vec::Vec;
use core::marker::PhantomData;

use crate::assert_layout;

mod sealed {
    /// Only this crate's states implement it, so `LockState` cannot be implemented outside.
    pub trait Sealed {}
}

/// The states a [`Resource`] can be in: [`Locked`] and [`Unlocked`]. Sealed: no other type
/// can implement it, so code matching on the two states stays complete.
///
/// ```compile_fail,E0277
/// struct Ajar;
/// impl ownership_layout::type_state::LockState for Ajar {}
/// ```
///
/// # Examples
///
/// ```
/// use ownership_layout::type_state::{LockState, Locked, Unlocked};
///
/// fn name<S: LockState>() -> &'static str { S::NAME }
/// assert_eq!((name::<Locked>(), name::<Unlocked>()), ("locked", "unlocked"));
/// ```
pub trait LockState: sealed::Sealed {
    /// The state's name, for messages.
    const NAME: &'static str;
}

/// The state in which a [`Resource`] may be modified. Zero-sized.
///
/// # Examples
///
/// ```
/// assert_eq!(size_of::<ownership_layout::type_state::Locked>(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Locked;

/// The state in which a [`Resource`] may only be read. Zero-sized.
///
/// # Examples
///
/// ```
/// assert_eq!(size_of::<ownership_layout::type_state::Unlocked>(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unlocked;

impl sealed::Sealed for Locked {}
impl sealed::Sealed for Unlocked {}
impl LockState for Locked {
    const NAME: &'static str = "locked";
}
impl LockState for Unlocked {
    const NAME: &'static str = "unlocked";
}

/// Bytes that can be modified only while locked; the state is a type parameter, so using
/// the wrong state is a compile error rather than a runtime check, and it takes no memory.
///
/// # Examples
///
/// ```
/// use ownership_layout::type_state::Resource;
///
/// let resource = Resource::new(vec![1, 2]);
/// let mut locked = resource.lock();
/// locked.modify(|data| data.push(3));
/// let resource = locked.unlock();
/// assert_eq!(resource.data(), [1, 2, 3]);
/// ```
///
/// `modify` does not exist on an unlocked resource:
///
/// ```compile_fail,E0599
/// let mut resource = ownership_layout::type_state::Resource::new(vec![1]);
/// resource.modify(|data| data.push(2));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resource<S: LockState> {
    data: Vec<u8>,
    state: PhantomData<S>,
}

const _: () = assert_layout!(
    Resource<Locked>,
    size = size_of::<Vec<u8>>(),
    align = align_of::<Vec<u8>>()
);
const _: () = assert_layout!(
    Resource<Unlocked>,
    size = size_of::<Vec<u8>>(),
    align = align_of::<Vec<u8>>()
);

impl Resource<Unlocked> {
    /// An unlocked resource holding `data`.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource = ownership_layout::type_state::Resource::new(vec![5]);
    /// assert_eq!(resource.state(), "unlocked");
    /// ```
    pub fn new(data: Vec<u8>) -> Self {
        Self {
            data,
            state: PhantomData,
        }
    }

    /// Locks the resource: the returned value can be modified.
    ///
    /// # Examples
    ///
    /// ```
    /// let locked = ownership_layout::type_state::Resource::new(vec![]).lock();
    /// assert_eq!(locked.state(), "locked");
    /// ```
    pub fn lock(self) -> Resource<Locked> {
        Resource {
            data: self.data,
            state: PhantomData,
        }
    }
}

impl Resource<Locked> {
    /// Changes the data; only a locked resource has this method.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut locked = ownership_layout::type_state::Resource::new(vec![1]).lock();
    /// locked.modify(|data| data[0] = 9);
    /// assert_eq!(locked.data(), [9]);
    /// ```
    pub fn modify<R>(&mut self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        f(&mut self.data)
    }

    /// Unlocks the resource: the returned value can only be read.
    ///
    /// # Examples
    ///
    /// ```
    /// let unlocked = ownership_layout::type_state::Resource::new(vec![]).lock().unlock();
    /// assert_eq!(unlocked.state(), "unlocked");
    /// ```
    pub fn unlock(self) -> Resource<Unlocked> {
        Resource {
            data: self.data,
            state: PhantomData,
        }
    }
}

impl<S: LockState> Resource<S> {
    /// The data, in either state.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::type_state::Resource::new(vec![4]).data(), [4]);
    /// ```
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The state's name: `"locked"` or `"unlocked"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_layout::type_state::Resource::new(vec![]).state(), "unlocked");
    /// ```
    pub fn state(&self) -> &'static str {
        S::NAME
    }

    /// Gives back the data.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = ownership_layout::type_state::Resource::new(vec![1]).lock().into_data();
    /// assert_eq!(data, [1]);
    /// ```
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}

//! `GenArena` against `slotmap::SlotMap` and a `HashMap` model: random inserts, removes,
//! gets and `get2_mut`s, with stale handles kept and used, compared after every step.

use std::collections::HashMap;

use ownership_smartptr::{GenArena, Handle};
use proptest::prelude::*;
use slotmap::{DefaultKey, SlotMap};
use test_support::proptest_config;

#[derive(Clone, Debug)]
enum Op {
    Insert(u16),
    /// Removes the value of the n-th handle ever given out (modulo their number), which may
    /// be stale.
    Remove(usize),
    Get(usize),
    Set(usize, u16),
    Swap(usize, usize),
    Retain(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => any::<u16>().prop_map(Op::Insert),
        3 => any::<usize>().prop_map(Op::Remove),
        3 => any::<usize>().prop_map(Op::Get),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, v)| Op::Set(i, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::Swap(i, j)),
        1 => any::<u16>().prop_map(Op::Retain),
    ]
}

/// Operations per case: fewer under Miri, which runs each one thousands of times slower.
fn max_ops() -> usize {
    if cfg!(miri) { 40 } else { 200 }
}

/// Every handle given out, with the slotmap key and model id of the same insert.
struct Handles(Vec<(Handle, DefaultKey, usize)>);

impl Handles {
    fn pick(&self, n: usize) -> Option<(Handle, DefaultKey, usize)> {
        (!self.0.is_empty()).then(|| self.0[n % self.0.len()])
    }
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn gen_arena_matches_slotmap_and_a_hash_map(ops in prop::collection::vec(op(), 1..max_ops())) {
        let mut ours: GenArena<u16> = GenArena::new();
        let mut peer: SlotMap<DefaultKey, u16> = SlotMap::new();
        let mut model: HashMap<usize, u16> = HashMap::new();
        let mut handles = Handles(Vec::new());
        for op in ops {
            match op {
                Op::Insert(v) => {
                    let id = handles.0.len();
                    let h = ours.insert(v);
                    prop_assert!(handles.0.iter().all(|(old, _, _)| *old != h), "a handle is never given out twice");
                    handles.0.push((h, peer.insert(v), id));
                    model.insert(id, v);
                }
                Op::Remove(n) => {
                    if let Some((h, k, id)) = handles.pick(n) {
                        let expected = model.remove(&id);
                        prop_assert_eq!(ours.remove(h), expected);
                        prop_assert_eq!(peer.remove(k), expected);
                    }
                }
                Op::Get(n) => {
                    if let Some((h, k, id)) = handles.pick(n) {
                        prop_assert_eq!(ours.get(h), model.get(&id));
                        prop_assert_eq!(peer.get(k), model.get(&id));
                        prop_assert_eq!(ours.contains(h), model.contains_key(&id));
                    }
                }
                Op::Set(n, v) => {
                    if let Some((h, k, id)) = handles.pick(n) {
                        let expected = model.get_mut(&id).map(|m| { *m = v; v });
                        prop_assert_eq!(ours.get_mut(h).map(|o| { *o = v; v }), expected);
                        prop_assert_eq!(peer.get_mut(k).map(|p| { *p = v; v }), expected);
                    }
                }
                Op::Swap(i, j) => {
                    if let (Some((ha, ka, ia)), Some((hb, kb, ib))) = (handles.pick(i), handles.pick(j)) {
                        let both = ia != ib && model.contains_key(&ia) && model.contains_key(&ib);
                        match ours.get2_mut(ha, hb) {
                            Some((a, b)) => {
                                prop_assert!(both);
                                std::mem::swap(a, b);
                                let (ma, mb) = (model[&ia], model[&ib]);
                                model.insert(ia, mb);
                                model.insert(ib, ma);
                                let (pa, pb) = peer.get_disjoint_mut([ka, kb]).map(|[a, b]| (a, b)).unwrap();
                                std::mem::swap(pa, pb);
                            }
                            None => prop_assert!(!both),
                        }
                    }
                }
                Op::Retain(limit) => {
                    ours.retain(|_, v| *v < limit);
                    peer.retain(|_, v| *v < limit);
                    model.retain(|_, v| *v < limit);
                }
            }
            prop_assert_eq!(ours.len(), model.len());
            prop_assert_eq!(peer.len(), model.len());
            let mut ours_values: Vec<u16> = ours.values().copied().collect();
            let mut model_values: Vec<u16> = model.values().copied().collect();
            ours_values.sort_unstable();
            model_values.sort_unstable();
            prop_assert_eq!(ours_values, model_values);
        }
    }
}

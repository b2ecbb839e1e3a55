//! `soa!`: round trips and the collection's methods, against a `Vec` of structs.

use ownership_layout::examples::{
    Particle, ParticleSoa, total_mass_aos, total_mass_soa, update_aos, update_soa,
};
use proptest::prelude::*;
use test_support::proptest_config;

ownership_layout::soa! {
    #[derive(Clone, Debug, PartialEq)]
    struct Row {
        id: u32,
        name: String,
    }
    struct RowSoa;
}

fn rows(n: u32) -> Vec<Row> {
    (0..n)
        .map(|id| Row {
            id,
            name: format!("row {id}"),
        })
        .collect()
}

#[test]
fn from_vec_then_get_gives_back_every_element() {
    let original = rows(50);
    let soa = RowSoa::from(original.clone());
    assert_eq!(soa.len(), 50);
    for (i, row) in original.iter().enumerate() {
        assert_eq!(soa.get(i).as_ref(), Some(row));
    }
    assert_eq!(soa.get(50), None);
    assert_eq!(soa.iter().collect::<Vec<_>>(), original);
    assert_eq!(soa.id(), (0..50).collect::<Vec<_>>());
}

#[test]
fn swap_remove_matches_vec_and_refuses_out_of_range() {
    let mut soa = RowSoa::from(rows(4));
    let mut model = rows(4);
    assert_eq!(soa.swap_remove(4), None);
    assert_eq!(soa.swap_remove(1), Some(model.swap_remove(1)));
    assert_eq!(soa.iter().collect::<Vec<_>>(), model);
    while !model.is_empty() {
        assert_eq!(soa.swap_remove(0), Some(model.swap_remove(0)));
    }
    assert!(soa.is_empty());
    assert_eq!(soa.swap_remove(0), None);
    assert_eq!(format!("{soa:?}"), "RowSoa { len: 0 }");
}

#[derive(Clone, Debug)]
enum Op {
    Push(u32),
    SwapRemove(usize),
    Get(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u32>().prop_map(Op::Push),
        (0usize..20).prop_map(Op::SwapRemove),
        (0usize..20).prop_map(Op::Get),
    ]
}

proptest! {
    #![proptest_config(proptest_config(128))]

    #[test]
    fn behaves_like_a_vec_of_structs(ops in prop::collection::vec(op(), 0..60)) {
        let mut soa = RowSoa::default();
        let mut model: Vec<Row> = Vec::new();
        for op in ops {
            match op {
                Op::Push(id) => {
                    let row = Row { id, name: id.to_string() };
                    soa.push(row.clone());
                    model.push(row);
                }
                Op::SwapRemove(i) => {
                    let expected = (i < model.len()).then(|| model.swap_remove(i));
                    prop_assert_eq!(soa.swap_remove(i), expected);
                }
                Op::Get(i) => prop_assert_eq!(soa.get(i), model.get(i).cloned()),
            }
            prop_assert_eq!(soa.len(), model.len());
            prop_assert_eq!(soa.name().len(), model.len());
        }
        prop_assert_eq!(soa.iter().collect::<Vec<_>>(), model);
    }
}

fn particles(n: usize) -> Vec<Particle> {
    (0..n)
        .map(|i| {
            let f = i as f32;
            Particle {
                x: f,
                y: -f,
                z: 0.5 * f,
                vx: 1.0,
                vy: 2.0,
                vz: -0.25 * f,
                mass: 0.125 * f,
            }
        })
        .collect()
}

#[test]
fn both_particle_updates_compute_the_same_result() {
    let mut aos = particles(37);
    let mut soa = ParticleSoa::from(aos.clone());
    for _ in 0..3 {
        update_aos(&mut aos, 0.5);
        update_soa(&mut soa, 0.5);
    }
    assert_eq!(soa.iter().collect::<Vec<_>>(), aos);
    assert_eq!(total_mass_aos(&aos), total_mass_soa(&soa));
    let exact: f32 = (0..37).map(|i| 0.125 * i as f32).sum();
    assert_eq!(total_mass_soa(&soa), exact); // small integers times 1/8: exact in f32
}

#[test]
fn extend_and_with_capacity_append_in_order() {
    let mut soa = ParticleSoa::with_capacity(2);
    soa.extend(particles(3));
    soa.push(Particle::default());
    assert_eq!(soa.len(), 4);
    assert_eq!(soa.get(3), Some(Particle::default()));
    assert_eq!(soa.x()[..3], [0.0, 1.0, 2.0]);
}

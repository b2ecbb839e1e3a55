//! A small entity store on `GenArena`: entities spawn and despawn, a despawned entity's
//! handle stays dead even after its slot is reused, and a target held by another entity is
//! checked rather than silently pointing at a newcomer.
//!
//! Run with `cargo run -p ownership-smartptr --example entities --release`.

use ownership_smartptr::gen_arena::Key;
use ownership_smartptr::{GenArena, new_handle_type};

new_handle_type! {
    /// Names an entity in the world.
    struct EntityId;
}

#[derive(Debug)]
struct Entity {
    name: String,
    health: i32,
    target: Option<EntityId>,
}

struct World {
    entities: GenArena<Entity, EntityId>,
}

impl World {
    fn spawn(&mut self, name: &str, health: i32) -> EntityId {
        self.entities.insert(Entity {
            name: name.to_string(),
            health,
            target: None,
        })
    }

    /// Each entity with a live target hits it; a dead target (a stale handle) is dropped.
    fn attack_round(&mut self) -> (usize, usize) {
        let attackers: Vec<(EntityId, EntityId)> = self
            .entities
            .iter()
            .filter_map(|(id, e)| Some((id, e.target?)))
            .collect();
        let (mut hits, mut lost) = (0, 0);
        for (attacker, target) in attackers {
            match self.entities.get2_mut(attacker, target) {
                Some((a, t)) => {
                    t.health -= 10;
                    hits += 1;
                    println!("  {} hits {} ({} left)", a.name, t.name, t.health);
                }
                None => {
                    self.entities[attacker].target = None;
                    lost += 1;
                    println!("  {} lost its target", self.entities[attacker].name);
                }
            }
        }
        (hits, lost)
    }

    fn despawn_dead(&mut self) -> usize {
        let before = self.entities.len();
        self.entities.retain(|_, e| e.health > 0);
        before - self.entities.len()
    }
}

fn main() {
    let mut world = World {
        entities: GenArena::default(),
    };
    let hero = world.spawn("hero", 100);
    let goblin = world.spawn("goblin", 10);
    let troll = world.spawn("troll", 30);
    world.entities[hero].target = Some(goblin);
    world.entities[troll].target = Some(hero);

    println!("round 1");
    world.attack_round();
    let despawned = world.despawn_dead();
    println!("despawned {despawned}: the goblin");

    // The goblin's slot is reused by the next spawn, but its handle stays dead.
    let bat = world.spawn("bat", 5);
    assert_eq!(
        bat.handle().index(),
        goblin.handle().index(),
        "the slot was reused"
    );
    assert!(
        world.entities.get(goblin).is_none(),
        "the old handle is stale"
    );
    println!(
        "spawned a bat in the goblin's slot; the goblin's handle finds: {:?}",
        world.entities.get(goblin).map(|e| &e.name)
    );

    println!("round 2");
    let (hits, lost) = world.attack_round();
    assert_eq!(
        (hits, lost),
        (1, 1),
        "the hero did not hit the bat by mistake"
    );
    assert_eq!(world.entities[bat].health, 5);

    // Churn: many spawns and despawns; every stale handle stays dead.
    let mut stale = Vec::new();
    for round in 0..10_000 {
        let id = world.spawn("minion", 1);
        if round % 3 != 0 {
            world.entities.remove(id);
            stale.push(id);
        }
    }
    let alive = stale
        .iter()
        .filter(|id| world.entities.contains(**id))
        .count();
    println!(
        "after 10000 spawns: {} entities, {} despawned handles, {alive} of them resolve",
        world.entities.len(),
        stale.len()
    );
    assert_eq!(alive, 0);
}

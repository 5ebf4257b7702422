//! Flocks: the list the pickers read, and moving a token from one flock to another
//! (`flock/move`, reference §12).

use crate::api::Call;
use crate::audit::Action;
use crate::reply::{Outcome, Reply};
use crate::state::{self, Console, FLOCKS};
use serde_json::{Map, Value, json};

pub fn list(_: &mut Console, _: &Call) -> Outcome {
    let flocks: Map<String, Value> =
        FLOCKS.iter().map(|(id, name)| ((*id).to_owned(), json!(name))).collect();
    Ok(Reply::ok(json!({"flocks": flocks})))
}

/// Moves a token; its incidents go with it unless `clear_incidents` deletes them first.
pub fn move_node(console: &mut Console, call: &Call) -> Outcome {
    let dest = call.required("dest_flock_id")?;
    let node = call.required("node_id")?;
    let dest_name = state::require_flock(dest)?;
    let index = console.token_index(node)?;
    let clear = call.flag("clear_incidents")?;
    let from = console.tokens()[index].flock_id.clone();
    console.change(index, |token| token.flock_id = dest.to_owned());
    if clear {
        console.incidents.retain(|i| i.node_id != node);
    }
    for incident in console.incidents.iter_mut().filter(|i| i.node_id == node) {
        incident.flock_id = dest.to_owned();
    }
    let from_name = state::flock_name(&from).unwrap_or_default();
    Action::new("flock_move", format!("Moved Canarytoken {node} from {from_name} to {dest_name}"))
        .flock(dest)
        .info(json!({"from_flock_id": from, "to_flock_id": dest, "clear_incidents": clear}))
        .record(console, call);
    Ok(Reply::ok(json!({})))
}

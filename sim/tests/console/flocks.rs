//! Flocks: the list, and moving a token between them.

use crate::support::{Sim, empty, id};
use reqwest::StatusCode;

async fn incidents_in(sim: &Sim, flock: &str) -> usize {
    let (_, feed) = sim.get("incidents/all", &[("flock_id", flock)]).await;
    feed["incidents"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_token_moves_with_its_incidents_unless_they_are_cleared() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    sim.trigger(&t, 2).await;
    let branch = "flock:branch-offices";
    let (status, body) =
        sim.post("flock/move", &[("dest_flock_id", branch), ("node_id", &t)]).await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!({"result": "success"})));
    let (_, token) = sim.get("canarytoken/fetch", &[("canarytoken", &t)]).await;
    assert_eq!(token["token"]["flock_id"], branch);
    assert_eq!(
        (incidents_in(&sim, branch).await, incidents_in(&sim, "flock:default").await),
        (2, 0)
    );
    let (_, found) = sim.get("canarytokens/fetch", &[("flock_id", branch)]).await;
    assert_eq!(found["tokens"][0]["canarytoken"], t.as_str());

    let params =
        [("dest_flock_id", "flock:default"), ("node_id", t.as_str()), ("clear_incidents", "true")];
    sim.post("flock/move", &params).await;
    assert_eq!(incidents_in(&sim, "flock:default").await + incidents_in(&sim, branch).await, 0);
}

#[tokio::test]
async fn a_move_needs_a_flock_and_a_node_that_exist() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    for (params, status, message) in [
        (
            vec![("dest_flock_id", "flock:nowhere"), ("node_id", t.as_str())],
            StatusCode::NOT_FOUND,
            "Flock does not exist.",
        ),
        (
            vec![("dest_flock_id", "flock:default"), ("node_id", "nothing")],
            StatusCode::NOT_FOUND,
            "Could not find the Canarytoken",
        ),
        (
            vec![("node_id", t.as_str())],
            StatusCode::BAD_REQUEST,
            "Could not process the parameters",
        ),
    ] {
        let (got, body) = sim.post("flock/move", &params).await;
        assert_eq!((got, body["message"].as_str()), (status, Some(message)), "{params:?}");
    }
}

//! Stable sorting with one copy of the sorting code. The standard library's sort is compiled
//! again for every element type and comparator, about five kilobytes of wasm each time; here the
//! sort runs over indices with a comparator behind a reference, compiled once, and only moving
//! the items into their order is compiled per type.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items = &*items;
        sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]))
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i as usize].take()));
}

/// Sorts `items` by the key `key` gives each, keeping items of equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `0..len` in the order `compare` gives the positions.
#[inline(never)]
fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|a, b| compare(*a as usize, *b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key_and_by_comparator() {
        let mut words = vec!["pear", "Fig", "apple", "kiwi", "fig"];
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["Fig", "fig", "pear", "kiwi", "apple"]);
        sort_by(&mut words, |a, b| b.to_lowercase().cmp(&a.to_lowercase()));
        assert_eq!(words, ["pear", "kiwi", "Fig", "fig", "apple"]);
        let mut none: Vec<u8> = Vec::new();
        sort_by_key(&mut none, |n| *n);
        assert!(none.is_empty());
    }
}

//! "No allocation per step": after the first step, `Trainer::step` allocates nothing, for every rule on every
//! task it accepts (and on the reward-only variant). A counting global allocator sees every allocation this
//! thread makes while the steps run.

// A global allocator is an `unsafe impl`; it only counts and then hands the request to the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use plasticity::{Config, RuleKind, TaskKind, Trainer};

struct Counting;

thread_local! {
    /// Allocations made by this thread while `COUNTING` is set.
    static COUNT: Cell<usize> = const { Cell::new(0) };
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    // `try_with`: the thread-locals may be gone while a thread shuts down.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    COUNT.with(|c| c.get())
}

#[test]
fn the_counter_sees_an_allocation() {
    assert_eq!(allocations(|| drop(std::hint::black_box(vec![1u8; 16]))), 1);
    assert_eq!(allocations(|| ()), 0);
}

#[test]
fn steps_allocate_nothing_after_the_first_for_every_rule_on_every_task_it_accepts() {
    let mut configs = Vec::new();
    for task in TaskKind::available() {
        for &rule in RuleKind::ALL {
            configs.push(Config::preset_for(task, rule));
        }
        if task.classes().is_some() {
            configs.push(Config::reward_preset(task));
        }
    }
    // Spiking hidden units with a surrogate, and delayed feedback (its ring of old updates).
    for rule in [RuleKind::BACKPROP, RuleKind::NODE_PERTURBATION] {
        let spikes = plasticity::Activation::Spike(plasticity::Surrogate::FastSigmoid);
        configs.push(Config { activation: spikes, delay: 3, ..Config::preset_for(TaskKind::XOR, rule) });
    }
    // The lab's rules written in the rule language, on every task that takes them.
    for task in TaskKind::available() {
        for (_, text) in plasticity::rules::language::EXPRESSIONS {
            let rule = RuleKind::custom(text).unwrap();
            configs.push(Config { rule, expr: (*text).into(), ..Config::preset_for(task, rule) });
        }
    }
    let (mut checked, mut written) = (0, 0);
    for config in configs.into_iter().filter(|c| c.validate().is_ok()) {
        written += usize::from(config.rule.is_custom());
        let what = format!("{}/{}{}", config.task, config.rule, if config.reward { " (reward)" } else { "" });
        let mut t = Trainer::new(config).unwrap();
        t.step(1);
        let n = allocations(|| {
            t.step(5);
        });
        assert_eq!(n, 0, "{what}: {n} allocations in 5 steps");
        // A larger batch reserves once, then steps allocate nothing again.
        t.set_batch_size(t.config().batch_size * 2).unwrap();
        t.step(1);
        assert_eq!(
            allocations(|| {
                t.step(3);
            }),
            0,
            "{what}: after the batch grew"
        );
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} rule × task pairs ran");
    assert!(written >= 7 * 2, "only {written} written rules ran");
}

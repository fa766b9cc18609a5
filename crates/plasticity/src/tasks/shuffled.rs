//! The data-set tasks' way of handing out mini-batches: passes over the training set in a freshly shuffled order
//! each time, from the run's `Batches` stream (so changing the batch size reshuffles nothing else).

use alloc::vec::Vec;

use super::{Setup, Task, TaskData};

/// With a validation split, every this-many-th training example of each class is held out (see
/// [`TaskData::validation_split`]).
pub const VALIDATION_EVERY: usize = 5;
use crate::net::{Network, Workspace};
use crate::random::{Rng, Stream};

/// A fixed data set, shuffled into mini-batches.
#[derive(Clone, Debug)]
pub struct Shuffled {
    data: TaskData,
    order: Vec<u32>,
    cursor: usize,
    rng: Rng,
}

impl Shuffled {
    /// Hands out `data`'s training examples in an order shuffled from the run's seed (and, for data made anew
    /// during a run, from the step it was made at: [`Setup::made_at`]); with [`Setup::validation`], every fifth
    /// training example is held out and replaces the test set.
    pub fn new(data: TaskData, setup: &Setup) -> Self {
        let data = if setup.validation { data.validation_split(VALIDATION_EVERY) } else { data };
        let mut order: Vec<u32> = (0..data.train.len() as u32).collect();
        let mut rng = Rng::renewed(setup.seed, Stream::Batches, setup.made_at);
        rng.shuffle(&mut order);
        Shuffled { data, order, cursor: 0, rng }
    }
}

impl Task for Shuffled {
    fn data(&self) -> &TaskData {
        &self.data
    }

    /// The next `cols` examples of the order, reshuffling at the end of each pass.
    fn next_batch(&mut self, _net: &Network, ws: &mut Workspace, cols: usize) {
        for c in 0..cols {
            if self.cursor == self.order.len() {
                self.rng.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let i = self.order[self.cursor];
            self.cursor += 1;
            self.data.train.copy_into(i as usize, ws, c);
        }
        ws.cols = cols;
    }
}

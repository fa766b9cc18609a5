//! Each panel's title and caption for the running rule and task: what its marks mean here, so that a panel never
//! describes lines it does not draw (an unsupervised rule has no test loss; backprop has no feedback matrix).

use plasticity::rules::Pathway;
use plasticity::tasks::View;

use crate::scene::Scene;

/// A panel's heading and the sentence under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    /// The heading.
    pub title: String,
    /// What its marks mean.
    pub caption: String,
}

fn caption(title: &str, caption: &str) -> Caption {
    Caption { title: title.into(), caption: caption.into() }
}

/// The loss panel: loss and accuracy, loss and normalized error, or what an unsupervised rule learns.
pub fn loss(s: &Scene<'_>) -> Caption {
    if !s.rule().is_supervised() && !s.latest.measures.is_empty() && s.task().info().view != View::Cloud {
        return caption(
            "What the rule learns",
            "There is no loss to follow: what the task measures of the weights, over training.",
        );
    }
    if !s.rule().is_supervised() && !s.latest.measures.is_empty() {
        return caption(
            "What the rule learns",
            "There is no loss to follow. Top: the length of each unit's weight vector; below: its angle to the \
             cloud's principal axes (0°: along the axis, 90°: across it).",
        );
    }
    // A task whose one fixed set is both training and test (the prism's targets, the walk's states) says what its
    // loss is instead.
    if let Some(what) = s.task().info().loss_caption {
        return caption("Loss", what);
    }
    let sets = "Blue: training examples; orange: held-out test examples; loss on a log scale.";
    if s.task().classes().is_some() {
        caption("Loss and accuracy", sets)
    } else if s.latest.nse.is_some_and(f64::is_finite) && s.task().info().view != View::ErrorCurve {
        caption(
            "Loss and normalized error",
            "Blue: training examples; orange: held-out test examples, log scales. Below: the test error relative \
             to answering zero.",
        )
    } else {
        caption("Loss", sets)
    }
}

/// The alignment panel.
pub fn alignment(s: &Scene<'_>) -> Caption {
    let title = "Weight alignment";
    let (rule, hidden) = (s.rule(), s.hidden());
    let layers = &s.latest.layers[..hidden];
    if !rule.is_supervised() {
        return caption(title, "This rule follows no loss, so there is no gradient to align its updates with.");
    }
    if hidden == 0 {
        return caption(title, "Without a hidden layer every synapse sees its own error: nothing needs aligning.");
    }
    if layers.iter().all(|l| l.update_angle_deg.is_none() && l.feedback_angle_deg.is_none()) {
        return caption(title, "The hidden layers never change, so there is no update to compare.");
    }
    let scale = "0°: the same direction; 90°: unrelated; 180°: opposite.";
    if layers.iter().any(|l| l.feedback_angle_deg.is_some()) {
        caption(
            title,
            &format!(
                "Thick: each feedback matrix B against the forward weights Wᵀ it stands in for. Dashed: the \
                 rule's update of each hidden layer against backprop's. {scale}"
            ),
        )
    } else {
        caption(title, &format!("The rule's update of each hidden layer against backprop's. {scale}"))
    }
}

/// The error-signal panel.
pub fn errors(s: &Scene<'_>) -> Caption {
    let title = "Error signals δ of the probe example";
    if s.rule().info().silent.is_some() {
        return caption(title, "This rule sends no error signal to any unit.");
    }
    caption(
        title,
        "A band per layer, a row per unit, newest on the right; blue: the error pushes the unit up (δ < 0), \
         orange: down — as in the activity panel.",
    )
}

/// The activity panel: feedforward activity against the activity (or target) that feedback brings.
pub fn activity(s: &Scene<'_>) -> Caption {
    let title = "Feedforward vs feedback-influenced activity";
    if s.rule().info().silent.is_some() {
        return caption(title, "Without feedback there is no second activity to compare with the feedforward one.");
    }
    if s.trainer.rule().internals().influenced.is_empty() {
        caption(
            title,
            "Grey: each unit's feedforward activity h = f(z); colour: the target its error implies, f(z − δ) — an \
             implied target, not an activity the network has. The gap is the error carried as activity — the \
             NGRAD idea.",
        )
    } else {
        caption(
            title,
            "Grey: each unit's feedforward activity; colour: its activity once feedback has acted. The difference \
             is the error carried as activity — the NGRAD idea.",
        )
    }
}

/// The task panel: its caption comes with the task.
pub fn task(s: &Scene<'_>) -> Caption {
    let title = match s.task().info().view {
        View::Boundary => "The task: the network's answer",
        View::ErrorCurve => "The task: error on held-out examples",
        View::Digit => "The task: a test digit",
        View::Reconstruction => "The task: a test digit, reconstructed",
        View::Cloud => "The task: the input cloud",
        View::Charts => "The task, as its paper plots it",
    };
    caption(title, s.task().info().caption)
}

/// The network panel.
pub fn network(s: &Scene<'_>) -> Caption {
    let colours = "blue positive, orange negative, stronger darker.";
    let text = match s.trainer.rule().internals().feedback {
        Pathway::Layered(_) => {
            format!("Forward weights W beside the feedback weights B that carry errors (or targets) down; {colours}")
        }
        Pathway::Direct(_) => {
            format!("Forward weights W beside the direct feedback from the output to each hidden layer; {colours}")
        }
        Pathway::None => format!("Forward weights W (this rule has no separate feedback weights); {colours}"),
    };
    caption("The network", &text)
}

//! The input features of the 2-D tasks, as in TensorFlow Playground: a point `(x₁, x₂)` reaches the network as
//! any chosen subset of these seven numbers.

/// An input feature of the 2-D tasks, as in TensorFlow Playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Feature {
    /// `x₁`.
    X1,
    /// `x₂`.
    X2,
    /// `x₁²`.
    X1Sq,
    /// `x₂²`.
    X2Sq,
    /// `x₁ x₂`.
    X1X2,
    /// `sin x₁`.
    SinX1,
    /// `sin x₂`.
    SinX2,
}

impl Feature {
    /// Every feature, in Playground's order.
    pub const ALL: [Feature; 7] =
        [Feature::X1, Feature::X2, Feature::X1Sq, Feature::X2Sq, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Sq => "x1sq",
            Feature::X2Sq => "x2sq",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinx1",
            Feature::SinX2 => "sinx2",
        }
    }

    /// Parses [`Feature::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at the point `(x₁, x₂)`.
    pub fn eval(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => libm::sin(x1),
            Feature::SinX2 => libm::sin(x2),
        }
    }
}

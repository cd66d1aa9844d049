//! The `figure` block of an exercise (or a fault): a base, props and one to four key poses given
//! as joint angles in degrees, deserialized strictly (`deny_unknown_fields`), and, in
//! [`kinematics`], the pure geometry that turns a pose into joint coordinates. The parse stage
//! checks that geometry (`parse/data/figure.rs`); the render stage draws it (`render/views/figure.rs`).
//!
//! Angles describe a side view of the figure. Standing, kneeling and seated figures face right;
//! lying figures have their head to the left (supine, side-lying) or to the right (prone). Every
//! angle is in degrees:
//!
//! | key        | zero                                    | positive                                 |
//! |------------|-----------------------------------------|------------------------------------------|
//! | `trunk`    | hip-to-shoulder line vertical, head up  | tipping toward the face (leaning forward)|
//! | `lumbar`   | flat (neutral) back                     | low back rounded (flexed); negative arched |
//! | `hip`      | thigh in line with the pelvis           | thigh forward (flexion); negative behind |
//! | `knee`     | leg straight                            | knee bent (flexion)                      |
//! | `ankle`    | foot at right angles to the shin        | toes toward the shin (dorsiflexion)      |
//! | `shoulder` | arm along the upper back, hand to hips  | arm raised forward (flexion); negative back |
//! | `elbow`    | arm straight                            | elbow bent (flexion)                     |
//! | `neck`     | head in line with the upper back        | chin toward the chest; negative looks up |
//!
//! `trunk` is the only absolute angle: 0 upright, 90 face down and level (hands and knees, prone),
//! -90 face up and level (supine, side-lying). The others are relative to the segment above them.
//! With a flat back (`lumbar: 0`) the pelvis and the upper back are both the trunk line; a
//! rounded back tips the pelvis back and the upper back forward by half of `lumbar` each, so
//! `hip` is measured from the pelvis and `shoulder` and `neck` from the upper back.

use serde::{Deserialize, Serialize};

pub(crate) mod kinematics;

/// How the body rests on the floor, which sets the view and the geometry checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Base {
    /// On the feet; at least one foot flat on the floor.
    Standing,
    /// Kneeling on hands and knees (quadruped); a knee and a hand on the floor.
    HandsKnees,
    /// Lying on the back, head to the left; the upper back on the mat.
    Supine,
    /// Lying face down, head to the right; supported at both ends (hips, or forearms and toes).
    Prone,
    /// Lying on one side, head to the left, seen from in front and above.
    SideLying,
    /// Sitting on the floor, a bench or a bike.
    Seated,
}

impl Base {
    /// The name as written in YAML.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Base::Standing => "standing",
            Base::HandsKnees => "hands-knees",
            Base::Supine => "supine",
            Base::Prone => "prone",
            Base::SideLying => "side-lying",
            Base::Seated => "seated",
        }
    }
}

/// Equipment drawn with the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Prop {
    /// A 20 kg bar with 45 cm plates, held in the hands.
    Barbell,
    /// A hexagonal bar with 45 cm plates, handles in the hands.
    TrapBar,
    /// A kettlebell hanging from the hands.
    Kettlebell,
    /// A dowel along the back, touching head, upper back and tailbone.
    Dowel,
    /// A resistance band from a post behind the figure to the front of the hips.
    Band,
    /// Blocks (or stacked plates) under the bar or bell where it starts, in pose 1.
    Blocks,
    /// Rack safety pins under the bar where it starts, in pose 1.
    Pins,
    /// A bench to sit on (seated).
    Bench,
    /// A floor mat.
    Mat,
    /// A foam roller under the upper back (supine).
    Roller,
    /// An exercise bike (seated); its pedals follow the feet.
    Bike,
}

impl Prop {
    /// The name as written in YAML.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Prop::Barbell => "barbell",
            Prop::TrapBar => "trap-bar",
            Prop::Kettlebell => "kettlebell",
            Prop::Dowel => "dowel",
            Prop::Band => "band",
            Prop::Blocks => "blocks",
            Prop::Pins => "pins",
            Prop::Bench => "bench",
            Prop::Mat => "mat",
            Prop::Roller => "roller",
            Prop::Bike => "bike",
        }
    }
}

/// The figure block of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Figure {
    /// How the body rests on the floor.
    pub(crate) base: Base,
    /// Equipment drawn with the figure.
    #[serde(default)]
    pub(crate) props: Vec<Prop>,
    /// One to four key poses, drawn side by side with step numbers.
    pub(crate) poses: Vec<Pose>,
    /// An optional arrow: the path one point travels from a pose to the next.
    #[serde(default)]
    pub(crate) motion: Option<Motion>,
    /// Side-lying only: where the viewer stands (`front`, the default, or `above`).
    #[serde(default)]
    pub(crate) view: View,
}

/// Where the viewer of a side-lying figure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum View {
    /// In front, a little above the floor: shows knees opening and hips lifting.
    #[default]
    Front,
    /// Above: shows legs and arms bent forward and back, and the chest turning.
    Above,
}

/// One key pose: a label and joint angles in degrees (see the module docs for zero and sign).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pose {
    /// A short label, shown under the pose and used in the text alternative.
    pub(crate) label: String,
    /// Hip-to-shoulder line from vertical, positive tipping toward the face.
    #[serde(default)]
    pub(crate) trunk: f64,
    /// Low-back flexion, positive rounded, negative arched; drawn as a curved trunk.
    #[serde(default)]
    pub(crate) lumbar: f64,
    /// Hip flexion from the trunk line.
    #[serde(default)]
    pub(crate) hip: f64,
    /// Knee flexion.
    #[serde(default)]
    pub(crate) knee: f64,
    /// Ankle dorsiflexion from a right angle.
    #[serde(default)]
    pub(crate) ankle: f64,
    /// Shoulder flexion from the trunk line.
    #[serde(default)]
    pub(crate) shoulder: f64,
    /// Elbow flexion.
    #[serde(default)]
    pub(crate) elbow: f64,
    /// Neck flexion from the upper back.
    #[serde(default)]
    pub(crate) neck: f64,
    /// The far-side arm and leg, where they differ from the near side (the side facing the
    /// viewer). Standing figures face right, so the far side is the right arm and leg.
    #[serde(default)]
    pub(crate) far: Option<Limbs>,
    /// Side-lying only: how far the top knee opens, feet together (a clamshell), in degrees.
    #[serde(default)]
    pub(crate) open: f64,
    /// Side-lying only: how far the body lifts off the floor about the feet (a side plank).
    #[serde(default)]
    pub(crate) lift: f64,
    /// Side-lying only: how far the chest turns back toward the floor (a twist).
    #[serde(default)]
    pub(crate) twist: f64,
}

/// The far-side limb angles; any left out take the near side's value.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limbs {
    /// Hip flexion.
    pub(crate) hip: Option<f64>,
    /// Knee flexion.
    pub(crate) knee: Option<f64>,
    /// Ankle dorsiflexion.
    pub(crate) ankle: Option<f64>,
    /// Shoulder flexion.
    pub(crate) shoulder: Option<f64>,
    /// Elbow flexion.
    pub(crate) elbow: Option<f64>,
}

/// A point of the body the motion arrow follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Point {
    /// The centre of the head.
    Head,
    /// The shoulder joint.
    Shoulder,
    /// The hip joint.
    Hip,
    /// The near knee.
    Knee,
    /// The near foot (ankle).
    Foot,
    /// The near hand (grip).
    Hand,
    /// The far knee.
    FarKnee,
    /// The far foot (ankle).
    FarFoot,
    /// The far hand (grip).
    FarHand,
}

/// The arrow of motion: the path `point` travels from pose `from` (1-based) to the next pose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Motion {
    /// The point that moves.
    pub(crate) point: Point,
    /// The pose the motion starts from, 1-based; it ends at the next pose.
    #[serde(default = "one")]
    pub(crate) from: usize,
}

fn one() -> usize {
    1
}

/// The angle keys of a pose, in the order the checks report them.
pub(crate) const ANGLE_KEYS: [&str; 8] =
    ["trunk", "lumbar", "hip", "knee", "ankle", "shoulder", "elbow", "neck"];

/// Human range of motion per joint, in degrees (min, max), generous enough for rehab poses.
pub(crate) fn joint_range(key: &str) -> (f64, f64) {
    match key {
        "lumbar" => (-40.0, 60.0),
        "hip" => (-30.0, 145.0),
        "knee" => (-5.0, 155.0),
        "ankle" => (-50.0, 35.0),
        "shoulder" => (-60.0, 180.0),
        "elbow" => (-5.0, 150.0),
        "neck" => (-60.0, 70.0),
        "open" => (0.0, 60.0),
        "lift" => (0.0, 45.0),
        "twist" => (0.0, 90.0),
        _ => (-180.0, 180.0),
    }
}

/// The trunk orientations a base allows (min, max), in degrees.
pub(crate) fn trunk_range(base: Base) -> (f64, f64) {
    match base {
        Base::Standing => (-30.0, 110.0),
        Base::HandsKnees => (40.0, 130.0),
        Base::Supine | Base::SideLying => (-150.0, -30.0),
        Base::Prone => (30.0, 150.0),
        Base::Seated => (-45.0, 90.0),
    }
}

impl Pose {
    /// The value of angle `key` on the near side.
    pub(crate) fn angle(&self, key: &str) -> f64 {
        match key {
            "trunk" => self.trunk,
            "lumbar" => self.lumbar,
            "hip" => self.hip,
            "knee" => self.knee,
            "ankle" => self.ankle,
            "shoulder" => self.shoulder,
            "elbow" => self.elbow,
            "neck" => self.neck,
            "open" => self.open,
            "lift" => self.lift,
            "twist" => self.twist,
            _ => 0.0,
        }
    }

    /// Sets angle `key` on the near side (used to search for a suggested fix).
    pub(crate) fn set_angle(&mut self, key: &str, value: f64) {
        match key {
            "trunk" => self.trunk = value,
            "lumbar" => self.lumbar = value,
            "hip" => self.hip = value,
            "knee" => self.knee = value,
            "ankle" => self.ankle = value,
            "shoulder" => self.shoulder = value,
            "elbow" => self.elbow = value,
            "neck" => self.neck = value,
            "open" => self.open = value,
            "lift" => self.lift = value,
            "twist" => self.twist = value,
            _ => {}
        }
    }

    /// The far-side limb angles, defaulting to the near side's.
    pub(crate) fn far_limbs(&self) -> (f64, f64, f64, f64, f64) {
        let f = self.far.unwrap_or_default();
        (
            f.hip.unwrap_or(self.hip),
            f.knee.unwrap_or(self.knee),
            f.ankle.unwrap_or(self.ankle),
            f.shoulder.unwrap_or(self.shoulder),
            f.elbow.unwrap_or(self.elbow),
        )
    }

    /// Sets a far-side angle (`hip`, `knee`, `ankle`, `shoulder`, `elbow`).
    pub(crate) fn set_far(&mut self, key: &str, value: f64) {
        let f = self.far.get_or_insert_with(Limbs::default);
        match key {
            "hip" => f.hip = Some(value),
            "knee" => f.knee = Some(value),
            "ankle" => f.ankle = Some(value),
            "shoulder" => f.shoulder = Some(value),
            "elbow" => f.elbow = Some(value),
            _ => {}
        }
    }

    /// Linear blend of two poses' angles, `t` in 0..=1 (for the motion arrow).
    pub(crate) fn blend(&self, other: &Pose, t: f64) -> Pose {
        let l = |a: f64, b: f64| a + (b - a) * t;
        let (fh, fk, fa, fs, fe) = self.far_limbs();
        let (gh, gk, ga, gs, ge) = other.far_limbs();
        Pose {
            label: self.label.clone(),
            trunk: l(self.trunk, other.trunk),
            lumbar: l(self.lumbar, other.lumbar),
            hip: l(self.hip, other.hip),
            knee: l(self.knee, other.knee),
            ankle: l(self.ankle, other.ankle),
            shoulder: l(self.shoulder, other.shoulder),
            elbow: l(self.elbow, other.elbow),
            neck: l(self.neck, other.neck),
            far: Some(Limbs {
                hip: Some(l(fh, gh)),
                knee: Some(l(fk, gk)),
                ankle: Some(l(fa, ga)),
                shoulder: Some(l(fs, gs)),
                elbow: Some(l(fe, ge)),
            }),
            open: l(self.open, other.open),
            lift: l(self.lift, other.lift),
            twist: l(self.twist, other.twist),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_block_parses_and_unknown_keys_are_refused() {
        let yaml = "base: standing\nprops: [barbell]\nposes:\n  - {label: Set-up, trunk: 60, hip: 130}\nmotion: {point: hip}\n";
        let f: Figure = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(f.base, Base::Standing);
        assert_eq!(f.props, vec![Prop::Barbell]);
        assert_eq!(f.poses[0].hip, 130.0);
        assert_eq!(f.motion.unwrap().from, 1);
        let bad = "base: standing\nposes:\n  - {label: A, knees: 10}\n";
        assert!(serde_yaml::from_str::<Figure>(bad).is_err());
        let bad_base = "base: kneeling\nposes: []\n";
        assert!(serde_yaml::from_str::<Figure>(bad_base).is_err());
    }

    #[test]
    fn far_limbs_default_to_the_near_side() {
        let p = Pose {
            hip: 90.0,
            knee: 45.0,
            far: Some(Limbs { hip: Some(-10.0), ..Limbs::default() }),
            ..Pose::default()
        };
        assert_eq!(p.far_limbs(), (-10.0, 45.0, 0.0, 0.0, 0.0));
    }
}

//! Geometry checks: every problem is reported at the YAML path of the angle to change.
//!
//! [`check`] looks at a figure the way a physiotherapist would: every joint angle inside human
//! range, nothing below the floor, and every pose on its base (a flat foot when standing, a
//! hand and a knee on the floor on hands and knees, the upper back on the mat when supine,
//! support at both ends when prone, a propped shoulder in a side plank, the body's centre of mass
//! over the feet when standing). Each [`FigureError`] names the angle's path, e.g.
//! `figure.poses.1.knee`, and where it can, suggests a value that fixes it.

use crate::model::figure::kinematics::{self, P, Part, Placed, dims, foot_tilt, lows};
use crate::model::figure::{ANGLE_KEYS, Base, Figure, Pose, Prop, View, joint_range, trunk_range};

/// A problem with a figure, at the YAML path of the value to change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FigureError {
    /// The YAML path, e.g. `figure.poses.1.knee`.
    pub(crate) path: String,
    /// What is wrong, in plain words, with a suggested fix where one exists.
    pub(crate) message: String,
}

/// How far (cm) a point may sit below the floor before it counts as going through it.
pub(crate) const BELOW: f64 = 1.0;
/// How close (cm) a point must be to the floor to count as resting on it.
pub(crate) const TOUCH: f64 = 2.5;

const LIMB_KEYS: [&str; 5] = ["hip", "knee", "ankle", "shoulder", "elbow"];

/// Checks a figure; `at` is the YAML path of the block (usually `figure`).
pub(crate) fn check(fig: &Figure, at: &str) -> Vec<FigureError> {
    let mut errors = Vec::new();
    let mut err = |path: String, message: String| errors.push(FigureError { path, message });
    if fig.poses.is_empty() || fig.poses.len() > 4 {
        err(format!("{at}.poses"), format!("a figure has 1 to 4 poses, not {}", fig.poses.len()));
    }
    for (j, prop) in fig.props.iter().enumerate() {
        if fig.props[..j].contains(prop) {
            err(format!("{at}.props.{j}"), format!("`{}` is listed twice", prop.name()));
        }
        let needs = match prop {
            Prop::Bike | Prop::Bench => (fig.base != Base::Seated).then_some("a seated figure"),
            Prop::Roller => (fig.base != Base::Supine).then_some("a supine figure"),
            Prop::Blocks | Prop::Pins => {
                (!fig.props.iter().any(|p| matches!(p, Prop::Barbell | Prop::Kettlebell | Prop::TrapBar)))
                    .then_some("a barbell, trap bar or kettlebell to rest on them")
            }
            Prop::Barbell | Prop::TrapBar | Prop::Kettlebell => {
                (fig.base != Base::Standing).then_some("a standing figure")
            }
            _ => None,
        };
        if let Some(needs) = needs {
            err(format!("{at}.props.{j}"), format!("`{}` needs {needs}", prop.name()));
        }
    }
    if fig.view != View::Front && fig.base != Base::SideLying {
        err(format!("{at}.view"), "`view` is for side-lying figures only".into());
    }
    if let Some(m) = fig.motion
        && (m.from == 0 || m.from >= fig.poses.len())
    {
        err(
            format!("{at}.motion.from"),
            format!(
                "the motion starts at pose {} but must start at a pose that has a next one (1 to {})",
                m.from,
                fig.poses.len().saturating_sub(1)
            ),
        );
    }
    for (i, pose) in fig.poses.iter().enumerate() {
        errors.extend(check_pose(fig, i, pose, at));
    }
    errors
}

fn path(at: &str, i: usize, key: &str) -> String {
    format!("{at}.poses.{i}.{key}")
}

fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

fn check_pose(fig: &Figure, i: usize, pose: &Pose, at: &str) -> Vec<FigureError> {
    let mut out = Vec::new();
    let mut err = |key: &str, message: String| out.push(FigureError { path: path(at, i, key), message });
    if pose.label.trim().is_empty() {
        err("label", "a pose needs a short label".into());
    }
    // Ranges.
    let (tmin, tmax) = trunk_range(fig.base);
    if pose.trunk < tmin || pose.trunk > tmax {
        err(
            "trunk",
            format!(
                "trunk {} is outside what a {} figure can do ({} to {}; 0 is upright, positive leans toward the face)",
                fmt(pose.trunk),
                fig.base.name(),
                fmt(tmin),
                fmt(tmax)
            ),
        );
    }
    for key in ANGLE_KEYS.iter().skip(1).chain(["open", "lift", "twist"].iter()) {
        let v = pose.angle(key);
        let (lo, hi) = joint_range(key);
        if v < lo || v > hi {
            err(
                key,
                format!("{key} {} is outside the human range {} to {} degrees", fmt(v), fmt(lo), fmt(hi)),
            );
        }
    }
    if fig.base != Base::SideLying {
        for key in ["open", "lift", "twist"] {
            if pose.angle(key) != 0.0 {
                err(key, format!("`{key}` is for side-lying figures only"));
            }
        }
    }
    if let Some(far) = pose.far {
        for (key, v) in LIMB_KEYS.iter().zip([far.hip, far.knee, far.ankle, far.shoulder, far.elbow]) {
            if let Some(v) = v {
                let (lo, hi) = joint_range(key);
                if v < lo || v > hi {
                    err(
                        &format!("far.{key}"),
                        format!(
                            "{key} {} is outside the human range {} to {} degrees",
                            fmt(v),
                            fmt(lo),
                            fmt(hi)
                        ),
                    );
                }
            }
        }
    }
    if !out.is_empty() {
        return out; // Geometry on impossible angles would only add noise.
    }
    out.extend(geometry(fig, i, pose, at));
    out
}

/// `far.KEY` when the pose sets that far-side angle, else the near `KEY` it inherits.
fn blame_far(pose: &Pose, key: &str) -> String {
    let set = pose.far.is_some_and(|f| match key {
        "hip" => f.hip.is_some(),
        "knee" => f.knee.is_some(),
        "ankle" => f.ankle.is_some(),
        "shoulder" => f.shoulder.is_some(),
        _ => f.elbow.is_some(),
    });
    if set { format!("far.{key}") } else { key.to_string() }
}

/// The YAML key that moves `part` most directly, for a pose whose far limbs may be overridden.
fn blame(pose: &Pose, part: Part, body: &kinematics::Body) -> String {
    let far_key = |key: &str| {
        let set = pose.far.is_some_and(|f| match key {
            "hip" => f.hip.is_some(),
            "knee" => f.knee.is_some(),
            "ankle" => f.ankle.is_some(),
            "shoulder" => f.shoulder.is_some(),
            _ => f.elbow.is_some(),
        });
        if set { format!("far.{key}") } else { key.to_string() }
    };
    match part {
        Part::Head => "neck".into(),
        Part::Trunk => "trunk".into(),
        Part::NearKnee => "hip".into(),
        Part::FarKnee => far_key("hip"),
        Part::NearFoot | Part::FarFoot => {
            let l = if part == Part::NearFoot { &body.near_leg } else { &body.far_leg };
            let key = if l.ankle.y >= dims::ANKLE_H - BELOW { "ankle" } else { "knee" };
            if part == Part::NearFoot { key.into() } else { far_key(key) }
        }
        Part::NearElbow => "shoulder".into(),
        Part::FarElbow => far_key("shoulder"),
        Part::NearHand | Part::FarHand => {
            let a = if part == Part::NearHand { &body.near_arm } else { &body.far_arm };
            let key = if a.elbow.y - dims::UPPER_ARM_W / 2.0 >= -BELOW { "elbow" } else { "shoulder" };
            if part == Part::NearHand { key.into() } else { far_key(key) }
        }
    }
}

fn get(pose: &Pose, key: &str) -> f64 {
    match key.strip_prefix("far.") {
        Some(k) => {
            let (h, kn, a, s, e) = pose.far_limbs();
            match k {
                "hip" => h,
                "knee" => kn,
                "ankle" => a,
                "shoulder" => s,
                _ => e,
            }
        }
        None => pose.angle(key),
    }
}

fn set(pose: &mut Pose, key: &str, v: f64) {
    match key.strip_prefix("far.") {
        Some(k) => pose.set_far(k, v),
        None => pose.set_angle(key, v),
    }
}

/// The value of `key` nearest to its current one (within its range) for which `ok` holds.
fn suggest(pose: &Pose, key: &str, ok: impl Fn(&Pose) -> bool) -> Option<f64> {
    let base_key = key.strip_prefix("far.").unwrap_or(key);
    let (lo, hi) = joint_range(base_key);
    let v0 = get(pose, key);
    let mut p = pose.clone();
    for step in 1..=360 {
        for sign in [-1.0, 1.0] {
            let v = v0 + sign * f64::from(step) * 0.5;
            if v < lo || v > hi {
                continue;
            }
            set(&mut p, key, v);
            if ok(&p) {
                return Some(v);
            }
        }
    }
    None
}

fn try_hint(v: Option<f64>, key: &str) -> String {
    v.map(|v| format!(" (try {key}: {})", fmt(v))).unwrap_or_default()
}

/// Where a held implement's lowest point is: (name, y of its bottom), if there is one.
fn implement_bottom(props: &[Prop], placed: &Placed) -> Option<(&'static str, f64)> {
    let g = placed.body.near_arm.grip;
    if props.contains(&Prop::Barbell) || props.contains(&Prop::TrapBar) {
        Some(("the plates", g.y - dims::PLATE_R))
    } else if props.contains(&Prop::Kettlebell) {
        Some(("the kettlebell", g.y - kinematics::KETTLEBELL_DROP))
    } else {
        None
    }
}

/// The body's centre of mass (segment masses after Winter), plus a held implement.
pub(crate) fn centre_of_mass(props: &[Prop], b: &kinematics::Body) -> P {
    let mid = |a: P, c: P| a.lerp(c, 0.5);
    let mut parts: Vec<(f64, P)> = vec![
        (0.081, b.head),
        (0.497, b.spine(0.5)),
        (0.028, mid(b.shoulder, b.near_arm.elbow)),
        (0.028, mid(b.far_arm.shoulder, b.far_arm.elbow)),
        (0.022, mid(b.near_arm.elbow, b.near_arm.grip)),
        (0.022, mid(b.far_arm.elbow, b.far_arm.grip)),
    ];
    for l in [&b.near_leg, &b.far_leg] {
        parts.push((0.1, mid(b.hip, l.knee)));
        parts.push((0.0465, mid(l.knee, l.ankle)));
        parts.push((0.0145, mid(l.heel, l.toe)));
    }
    let load = if props.contains(&Prop::Barbell) || props.contains(&Prop::TrapBar) {
        0.8
    } else if props.contains(&Prop::Kettlebell) {
        0.2
    } else {
        0.0
    };
    if load > 0.0 {
        parts.push((load, b.near_arm.grip));
    }
    let m: f64 = parts.iter().map(|p| p.0).sum();
    parts.iter().fold(P::default(), |acc, (w, p)| acc.plus(p.scale(*w / m)))
}

fn geometry(fig: &Figure, i: usize, pose: &Pose, at: &str) -> Vec<FigureError> {
    let mut out = Vec::new();
    let base = fig.base;
    let props = &fig.props;
    let mut err = |key: &str, message: String| out.push(FigureError { path: path(at, i, key), message });
    let placed = kinematics::place_fig(fig, pose);
    let b = &placed.body;

    match base {
        Base::Standing => {
            let near = foot_tilt(&b.near_leg);
            let far = foot_tilt(&b.far_leg);
            if near.abs() > kinematics::FLAT && far.abs() > kinematics::FLAT {
                let flat = pose.ankle - near;
                err(
                    "ankle",
                    format!(
                        "standing, but no foot is flat on the floor: the near foot tilts {} degrees {}; with trunk {}, hip {} and knee {} a flat foot needs ankle {} (trunk - lumbar/2 - hip + knee)",
                        fmt(near.abs()),
                        if near > 0.0 { "toes up" } else { "toes down" },
                        fmt(pose.trunk),
                        fmt(pose.hip),
                        fmt(pose.knee),
                        fmt(flat)
                    ),
                );
                return out;
            }
            // Balance: the centre of mass over the feet on the floor.
            let mut lo = f64::INFINITY;
            let mut hi = f64::NEG_INFINITY;
            for l in [&b.near_leg, &b.far_leg] {
                if l.heel.y.min(l.toe.y) <= TOUCH {
                    lo = lo.min(l.heel.x.min(l.toe.x));
                    hi = hi.max(l.heel.x.max(l.toe.x));
                }
            }
            let com = centre_of_mass(props, b);
            let resting = implement_bottom(props, &placed).is_some_and(|(_, y)| y <= TOUCH);
            if !resting && (com.x < lo - TOUCH || com.x > hi + TOUCH) {
                let (side, by) = if com.x > hi {
                    ("in front of the toes", com.x - hi)
                } else {
                    ("behind the heels", lo - com.x)
                };
                err(
                    "trunk",
                    format!(
                        "standing, but the centre of mass is {} cm {side}: the figure would fall over",
                        fmt(by)
                    ),
                );
            }
        }
        Base::HandsKnees => {
            let hands = [
                (Part::NearHand, kinematics::hand_bottom(&b.near_arm)),
                (Part::FarHand, kinematics::hand_bottom(&b.far_arm)),
            ];
            if hands.iter().all(|h| h.1.abs() > TOUCH) {
                let (part, y) = if hands[0].1 <= hands[1].1 { hands[0] } else { hands[1] };
                let key = if part == Part::NearHand {
                    "shoulder".to_string()
                } else {
                    blame(pose, Part::FarElbow, b)
                };
                let ok = |p: &Pose| {
                    let q = kinematics::place_fig(fig, p).body;
                    [kinematics::hand_bottom(&q.near_arm), kinematics::hand_bottom(&q.far_arm)]
                        .iter()
                        .any(|y| y.abs() <= TOUCH)
                };
                let gap = y;
                err(
                    &key,
                    format!(
                        "on hands and knees, but no hand is on the floor: {} is {} cm {} it{}",
                        part.words(),
                        fmt(gap.abs()),
                        if gap > 0.0 { "above" } else { "below" },
                        try_hint(suggest(pose, &key, ok), &key)
                    ),
                );
                return out;
            }
        }
        Base::Supine => {
            let pelvis = (0..=3).map(|k| b.back_surface(f64::from(k) / 10.0).y).fold(f64::INFINITY, f64::min);
            let feet_down = [&b.near_leg, &b.far_leg].iter().any(|l| l.heel.y.min(l.toe.y) <= TOUCH);
            {
                // A foot on the floor with the knee bent stands flat (it holds the hips up).
                let (_, far_knee, _, _, _) = pose.far_limbs();
                for (l, key, knee) in [
                    (&b.near_leg, "ankle".to_string(), pose.knee),
                    (&b.far_leg, blame_far(pose, "ankle"), far_knee),
                ] {
                    let tilt = foot_tilt(l);
                    if l.heel.y.min(l.toe.y) <= TOUCH && knee >= 45.0 && tilt.abs() > kinematics::FLAT * 2.0 {
                        let now = get(pose, &key);
                        err(
                            &key,
                            format!(
                                "a foot on the floor with the knee bent should stand flat, but it tilts {} degrees {} (try {key}: {})",
                                fmt(tilt.abs()),
                                if tilt > 0.0 { "toes up" } else { "toes down" },
                                fmt(now - tilt)
                            ),
                        );
                        break;
                    }
                }
            }
            if pelvis > TOUCH && !feet_down {
                let ok = |p: &Pose| {
                    let q = kinematics::place_fig(fig, p).body;
                    [&q.near_leg, &q.far_leg].iter().any(|l| l.heel.y.min(l.toe.y).abs() <= TOUCH)
                };
                err(
                    "trunk",
                    format!(
                        "lying on the back, but the hips are {} cm off the floor with no foot on it to hold them up{}",
                        fmt(pelvis),
                        try_hint(suggest(pose, "hip", ok), "hip")
                    ),
                );
            }
        }
        Base::Prone => {
            let touch = |y: f64| y <= TOUCH;
            let under = |a: f64, z: f64| {
                (0..=4)
                    .map(|k| b.spine(a + (z - a) * f64::from(k) / 4.0).y - dims::TRUNK_W / 2.0)
                    .fold(f64::INFINITY, f64::min)
            };
            let chest = under(0.6, 1.0);
            let upper = touch(chest)
                || [kinematics::hand_bottom(&b.near_arm), kinematics::hand_bottom(&b.far_arm)]
                    .iter()
                    .any(|y| touch(*y))
                || [b.near_arm.elbow.y, b.far_arm.elbow.y].iter().any(|y| touch(y - dims::UPPER_ARM_W / 2.0))
                || [b.near_arm.wrist.y, b.far_arm.wrist.y].iter().any(|y| touch(y - dims::FOREARM_W / 2.0));
            let pelvis = under(0.0, 0.4);
            let lower = touch(pelvis)
                || [&b.near_leg, &b.far_leg]
                    .iter()
                    .any(|l| touch(l.knee.y - dims::THIGH_W / 2.0) || touch(l.toe.y) || touch(l.heel.y));
            if !upper {
                let hand = kinematics::hand_bottom(&b.near_arm).min(kinematics::hand_bottom(&b.far_arm));
                let ok = |p: &Pose| {
                    let q = kinematics::place_fig(fig, p).body;
                    kinematics::hand_bottom(&q.near_arm) <= TOUCH
                        || (q.near_arm.elbow.y - dims::UPPER_ARM_W / 2.0) <= TOUCH
                        || (q.near_arm.wrist.y - dims::FOREARM_W / 2.0) <= TOUCH
                };
                err(
                    "shoulder",
                    format!(
                        "lying face down, but nothing holds up the upper body: the hands are {} cm off the floor{}",
                        fmt(hand),
                        try_hint(suggest(pose, "shoulder", ok), "shoulder")
                    ),
                );
            }
            if !lower {
                err("hip", "lying face down, but nothing holds up the legs: neither the hips, the knees nor the toes touch the floor".into());
            }
        }
        Base::SideLying => {
            if let Some(h) = kinematics::side_plank_shoulder_height(pose) {
                let need = dims::UPPER_ARM + dims::UPPER_ARM_W / 2.0;
                if (h - need).abs() > 3.0 {
                    let ok = |p: &Pose| {
                        kinematics::side_plank_shoulder_height(p).is_some_and(|h| (h - need).abs() <= 3.0)
                    };
                    err(
                        "lift",
                        format!(
                            "a side plank props the shoulder on the forearm, {} cm up, but this lift puts it {} cm up{}",
                            fmt(need),
                            fmt(h),
                            try_hint(suggest(pose, "lift", ok), "lift")
                        ),
                    );
                }
            }
        }
        Base::Seated => {}
    }

    // Nothing goes through the floor (side-lying bodies lie on it by construction).
    if base != Base::SideLying {
        let mut seen = Vec::new();
        for (part, _, y) in lows(b) {
            if y < -BELOW {
                let key = blame(pose, part, b);
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key.clone());
                let ok = |p: &Pose| {
                    let q = kinematics::place_fig(fig, p).body;
                    lows(&q).iter().filter(|l| l.0 == part).all(|l| l.2 >= -BELOW)
                };
                let what = if base == Base::Supine && part == Part::Trunk {
                    "the upper back is off the mat: the hips go".to_string()
                } else {
                    format!("{} goes", part.words())
                };
                err(
                    &key,
                    format!(
                        "{what} {} cm below the floor{}",
                        fmt(-y),
                        try_hint(suggest(pose, &key, ok), &key)
                    ),
                );
            }
        }
        if let Some((what, y)) = implement_bottom(props, &placed)
            && y < -BELOW
        {
            let ok = |p: &Pose| {
                implement_bottom(props, &kinematics::place_fig(fig, p)).is_none_or(|(_, y)| y >= -BELOW)
            };
            err(
                "shoulder",
                format!(
                    "{what} go {} cm into the floor{}",
                    fmt(-y),
                    try_hint(suggest(pose, "shoulder", ok), "shoulder")
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figure::Limbs;

    fn fig(base: Base, props: Vec<Prop>, poses: Vec<Pose>) -> Figure {
        Figure { base, props, poses, motion: None, view: Default::default() }
    }

    fn paths(f: &Figure) -> Vec<String> {
        check(f, "figure").into_iter().map(|e| e.path).collect()
    }

    fn stand() -> Pose {
        Pose { label: "Stand".into(), ..Pose::default() }
    }

    /// The conventional set-up: feet flat, bar at 22.5 cm over mid-foot.
    fn setup() -> Pose {
        Pose {
            label: "Set-up".into(),
            trunk: 60.0,
            hip: 131.0,
            knee: 79.0,
            ankle: 8.0,
            shoulder: 60.0,
            ..Pose::default()
        }
    }

    #[test]
    fn good_poses_have_no_errors() {
        assert!(paths(&fig(Base::Standing, vec![], vec![stand()])).is_empty());
        assert_eq!(
            paths(&fig(Base::Standing, vec![Prop::Barbell], vec![setup(), stand()])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_knee_out_of_range_is_reported_at_the_knee() {
        let p = Pose { knee: 170.0, ..stand() };
        let e = check(&fig(Base::Standing, vec![], vec![stand(), p]), "figure");
        assert_eq!(e[0].path, "figure.poses.1.knee");
        assert!(e[0].message.contains("human range"), "{}", e[0].message);
    }

    #[test]
    fn a_far_side_angle_out_of_range_is_reported_under_far() {
        let p = Pose { far: Some(Limbs { hip: Some(-60.0), ..Limbs::default() }), ..stand() };
        assert_eq!(paths(&fig(Base::Standing, vec![], vec![p])), ["figure.poses.0.far.hip"]);
    }

    #[test]
    fn a_trunk_outside_the_base_is_reported_at_the_trunk() {
        let p = Pose { trunk: -90.0, ..stand() };
        assert_eq!(paths(&fig(Base::Standing, vec![], vec![p])), ["figure.poses.0.trunk"]);
    }

    #[test]
    fn a_tilted_standing_foot_leaves_the_base() {
        let p = Pose { ankle: 20.0, ..setup() };
        let e = check(&fig(Base::Standing, vec![], vec![p]), "figure");
        assert_eq!(e[0].path, "figure.poses.0.ankle");
        assert!(e[0].message.contains("needs ankle 8"), "{}", e[0].message);
    }

    #[test]
    fn a_foot_under_the_floor_is_reported_at_the_knee_with_a_fix() {
        // Standing on the near leg, the far leg hangs straight down through the floor.
        let p = Pose { far: Some(Limbs { hip: Some(60.0), knee: Some(0.0), ..Limbs::default() }), ..setup() };
        let e = check(&fig(Base::Standing, vec![], vec![p]), "figure");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].path, "figure.poses.0.far.knee");
        assert!(
            e[0].message.contains("far foot goes 30.2 cm below the floor (try far.knee: 88)"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn a_hand_under_the_floor_is_reported_at_the_elbow() {
        // Sitting on the floor, leaning forward with the arms hanging: the fists pass the floor.
        let p = Pose {
            label: "Reach".into(),
            trunk: 60.0,
            hip: 100.0,
            knee: 90.0,
            shoulder: 60.0,
            ..Pose::default()
        };
        let e = check(&fig(Base::Seated, vec![], vec![p]), "figure");
        assert!(
            e.iter().any(|e| e.path == "figure.poses.0.elbow" && e.message.contains("near hand goes")),
            "{e:?}"
        );
    }

    #[test]
    fn plates_under_the_floor_are_reported_at_the_shoulder() {
        let p = Pose { trunk: 70.0, ankle: 18.0, shoulder: 70.0, ..setup() };
        let e = check(&fig(Base::Standing, vec![Prop::Barbell], vec![p]), "figure");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].path, "figure.poses.0.shoulder");
        assert!(
            e[0].message.contains("the plates go 1.7 cm into the floor (try shoulder: 61.5)"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn falling_forward_is_reported_at_the_trunk() {
        let p =
            Pose { label: "Lean".into(), trunk: 30.0, hip: 0.0, knee: 0.0, ankle: 30.0, ..Pose::default() };
        let e = check(&fig(Base::Standing, vec![], vec![p]), "figure");
        assert!(e.iter().any(|e| e.path == "figure.poses.0.trunk" && e.message.contains("fall")), "{e:?}");
    }

    fn quad() -> Pose {
        Pose {
            label: "Start".into(),
            trunk: 78.0,
            hip: 78.0,
            knee: 90.0,
            ankle: -44.0,
            shoulder: 78.0,
            ..Pose::default()
        }
    }

    #[test]
    fn hands_and_knees_with_no_hand_down_is_reported_at_the_shoulder() {
        let ok = check(&fig(Base::HandsKnees, vec![], vec![quad()]), "figure");
        assert!(ok.is_empty(), "{ok:?}");
        let p = Pose { shoulder: 40.0, ..quad() };
        let e = check(&fig(Base::HandsKnees, vec![], vec![p]), "figure");
        assert_eq!(e[0].path, "figure.poses.0.shoulder");
        assert!(
            e[0].message.contains("no hand is on the floor") && e[0].message.contains("try shoulder"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn supine_with_the_hips_up_and_the_feet_in_the_air_leaves_the_base() {
        let bug = Pose {
            label: "Bug".into(),
            trunk: -90.0,
            hip: 90.0,
            knee: 90.0,
            shoulder: 90.0,
            ..Pose::default()
        };
        assert!(paths(&fig(Base::Supine, vec![], vec![bug.clone()])).is_empty());
        let floating = Pose { trunk: -100.0, ..bug };
        assert_eq!(paths(&fig(Base::Supine, vec![], vec![floating])), ["figure.poses.0.trunk"]);
    }

    #[test]
    fn supine_with_the_upper_back_lifted_sends_the_hips_through_the_floor() {
        let p = Pose { label: "Sit-up".into(), trunk: -60.0, ..Pose::default() };
        let e = check(&fig(Base::Supine, vec![], vec![p]), "figure");
        assert!(
            e.iter()
                .any(|e| e.path == "figure.poses.0.trunk" && e.message.contains("upper back is off the mat")),
            "{e:?}"
        );
    }

    #[test]
    fn prone_with_nothing_under_the_chest_is_reported_at_the_shoulder() {
        let press = Pose {
            label: "Up".into(),
            trunk: 40.0,
            lumbar: -40.0,
            hip: -30.0,
            ankle: -50.0,
            shoulder: 45.0,
            elbow: 20.0,
            ..Pose::default()
        };
        let e = check(&fig(Base::Prone, vec![], vec![press.clone()]), "figure");
        assert!(e.is_empty(), "{e:?}");
        let p = Pose { shoulder: 150.0, ..press };
        let e = check(&fig(Base::Prone, vec![], vec![p]), "figure");
        assert_eq!(e[0].path, "figure.poses.0.shoulder", "{e:?}");
    }

    #[test]
    fn a_side_plank_that_does_not_reach_the_forearm_is_reported_at_lift() {
        let p = Pose { label: "Up".into(), trunk: -90.0, lift: 40.0, ..Pose::default() };
        let e = check(&fig(Base::SideLying, vec![], vec![p]), "figure");
        assert_eq!(e[0].path, "figure.poses.0.lift");
        assert!(e[0].message.contains("try lift"), "{}", e[0].message);
    }

    #[test]
    fn props_need_the_right_base_and_a_motion_needs_a_next_pose() {
        let mut f = fig(
            Base::Supine,
            vec![Prop::Bike, Prop::Blocks],
            vec![Pose { label: "A".into(), trunk: -90.0, ..Pose::default() }],
        );
        f.motion = Some(crate::model::figure::Motion { point: crate::model::figure::Point::Hip, from: 1 });
        assert_eq!(paths(&f), ["figure.props.0", "figure.props.1", "figure.motion.from"]);
    }

    #[test]
    fn side_lying_keys_are_refused_elsewhere() {
        let p = Pose { open: 20.0, ..stand() };
        assert_eq!(paths(&fig(Base::Standing, vec![], vec![p])), ["figure.poses.0.open"]);
    }
}

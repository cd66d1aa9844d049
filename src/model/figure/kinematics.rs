//! Forward kinematics: joint angles to joint coordinates on fixed limb proportions.
//!
//! [`profile`] builds the side view of a pose with the hip joint at the origin (x to the right,
//! y up, centimetres, a 175 cm adult); [`place`] puts it on the floor the way its base rests
//! (feet, knees, back, front, side or seat) and, for side-lying, projects the body as seen from
//! in front and above. Everything here is a pure function of the pose.

use super::{Base, Figure, Pose, Prop, View};

/// Segment lengths and drawn thicknesses, in centimetres.
pub(crate) mod dims {
    /// Hip joint to shoulder joint.
    pub(crate) const TRUNK: f64 = 50.0;
    /// Shoulder joint to the base of the head.
    pub(crate) const NECK: f64 = 12.0;
    /// Head radius.
    pub(crate) const HEAD_R: f64 = 11.0;
    /// Hip joint to knee joint.
    pub(crate) const THIGH: f64 = 43.0;
    /// Knee joint to ankle joint.
    pub(crate) const SHIN: f64 = 43.0;
    /// Ankle joint above the sole.
    pub(crate) const ANKLE_H: f64 = 7.0;
    /// Heel behind the ankle joint, along the sole.
    pub(crate) const HEEL: f64 = 6.0;
    /// Toes in front of the ankle joint, along the sole.
    pub(crate) const TOE: f64 = 19.0;
    /// Shoulder to elbow.
    pub(crate) const UPPER_ARM: f64 = 31.0;
    /// Elbow to wrist.
    pub(crate) const FOREARM: f64 = 27.0;
    /// Wrist to the middle of the grip.
    pub(crate) const HAND: f64 = 7.0;
    /// Drawn widths of the rounded limbs.
    pub(crate) const TRUNK_W: f64 = 26.0;
    /// Thigh width.
    pub(crate) const THIGH_W: f64 = 16.0;
    /// Shin width.
    pub(crate) const SHIN_W: f64 = 11.0;
    /// Foot width (height of the foot).
    pub(crate) const FOOT_W: f64 = 7.0;
    /// Upper-arm width.
    pub(crate) const UPPER_ARM_W: f64 = 9.5;
    /// Forearm width.
    pub(crate) const FOREARM_W: f64 = 8.0;
    /// Neck width.
    pub(crate) const NECK_W: f64 = 11.0;
    /// Fist radius.
    pub(crate) const HAND_R: f64 = 5.0;
    /// Barbell and trap-bar plate radius (45 cm plates).
    pub(crate) const PLATE_R: f64 = 22.5;
    /// Foam roller radius.
    pub(crate) const ROLLER_R: f64 = 7.5;
    /// Bench seat height.
    pub(crate) const BENCH_H: f64 = 45.0;
}
use dims::*;

/// A kettlebell's bottom sits this far below the grip.
pub(crate) const KETTLEBELL_DROP: f64 = 30.0;

/// A point in centimetres, x to the right, y up.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct P {
    /// Horizontal coordinate.
    pub(crate) x: f64,
    /// Vertical coordinate, up.
    pub(crate) y: f64,
}

impl P {
    /// A point.
    pub(crate) const fn new(x: f64, y: f64) -> P {
        P { x, y }
    }
    /// Sum.
    pub(crate) fn plus(self, o: P) -> P {
        P::new(self.x + o.x, self.y + o.y)
    }
    /// Difference.
    pub(crate) fn minus(self, o: P) -> P {
        P::new(self.x - o.x, self.y - o.y)
    }
    /// Scaled.
    pub(crate) fn scale(self, k: f64) -> P {
        P::new(self.x * k, self.y * k)
    }
    /// Length.
    pub(crate) fn len(self) -> f64 {
        self.x.hypot(self.y)
    }
    /// Distance.
    pub(crate) fn dist(self, o: P) -> f64 {
        self.minus(o).len()
    }
    /// Midpoint-style blend.
    pub(crate) fn lerp(self, o: P, t: f64) -> P {
        self.plus(o.minus(self).scale(t))
    }
}

/// Unit vector of direction `phi` degrees, measured clockwise from straight up (so 90 points
/// right, toward the face of a standing figure, and 180 points down).
pub(crate) fn dir(phi: f64) -> P {
    let r = phi.to_radians();
    P::new(r.sin(), r.cos())
}

/// The direction of `v` in the same convention as [`dir`], in (-180, 180].
pub(crate) fn angle_of(v: P) -> f64 {
    v.x.atan2(v.y).to_degrees()
}

/// Wraps an angle into (-180, 180].
pub(crate) fn wrap(a: f64) -> f64 {
    let mut a = a % 360.0;
    if a <= -180.0 {
        a += 360.0;
    }
    if a > 180.0 {
        a -= 360.0;
    }
    a
}

/// One leg: joints and the two sole points of the foot.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Leg {
    /// Knee joint.
    pub(crate) knee: P,
    /// Ankle joint.
    pub(crate) ankle: P,
    /// Sole under the heel.
    pub(crate) heel: P,
    /// Sole under the toes.
    pub(crate) toe: P,
    /// Direction of the foot (heel to toe), as for [`dir`].
    pub(crate) foot_dir: f64,
}

/// One arm.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Arm {
    /// Shoulder joint (the same point for both arms in a side view, except side-lying).
    pub(crate) shoulder: P,
    /// Elbow joint.
    pub(crate) elbow: P,
    /// Wrist joint.
    pub(crate) wrist: P,
    /// Middle of the grip (what the hand holds).
    pub(crate) grip: P,
}

/// The joint coordinates of one pose.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Body {
    /// Hip joint.
    pub(crate) hip: P,
    /// Control point of the trunk curve (a quadratic Bézier from hip to shoulder).
    pub(crate) ctrl: P,
    /// Shoulder joint (top of the trunk line).
    pub(crate) shoulder: P,
    /// Base of the head (top of the neck).
    pub(crate) neck: P,
    /// Centre of the head.
    pub(crate) head: P,
    /// Near-side leg.
    pub(crate) near_leg: Leg,
    /// Far-side leg.
    pub(crate) far_leg: Leg,
    /// Near-side arm.
    pub(crate) near_arm: Arm,
    /// Far-side arm.
    pub(crate) far_arm: Arm,
    /// Direction of the trunk line, hip to shoulder (as for [`dir`]).
    pub(crate) trunk_dir: f64,
}

fn leg(hip: P, trunk: f64, h: f64, k: f64, a: f64) -> Leg {
    let thigh = wrap(trunk + 180.0 - h);
    let knee = hip.plus(dir(thigh).scale(THIGH));
    let shin = thigh + k;
    let ankle = knee.plus(dir(shin).scale(SHIN));
    let foot_dir = wrap(shin - 90.0 - a);
    let along = dir(foot_dir);
    let plantar = dir(foot_dir + 90.0).scale(ANKLE_H);
    Leg {
        knee,
        ankle,
        heel: ankle.plus(along.scale(-HEEL)).plus(plantar),
        toe: ankle.plus(along.scale(TOE)).plus(plantar),
        foot_dir,
    }
}

fn arm(shoulder: P, trunk: f64, s: f64, e: f64) -> Arm {
    let upper = trunk + 180.0 - s;
    let elbow = shoulder.plus(dir(upper).scale(UPPER_ARM));
    let fore = upper - e;
    let wrist = elbow.plus(dir(fore).scale(FOREARM));
    Arm { shoulder, elbow, wrist, grip: wrist.plus(dir(fore).scale(HAND)) }
}

/// The side view of `pose` with the hip joint at the origin.
pub(crate) fn profile(pose: &Pose) -> Body {
    let hip = P::new(0.0, 0.0);
    let t = pose.trunk;
    let shoulder = hip.plus(dir(t).scale(TRUNK));
    // The trunk bends by `lumbar` degrees overall: a flexed back bulges toward the back (dorsal).
    let bend = pose.lumbar.clamp(-170.0, 170.0);
    let sagitta = TRUNK / 2.0 * (bend / 2.0).to_radians().tan();
    let ctrl = hip.lerp(shoulder, 0.5).plus(dir(t - 90.0).scale(sagitta));
    let neck_dir = t + bend / 2.0 + pose.neck;
    let neck = shoulder.plus(dir(neck_dir).scale(NECK));
    let head = neck.plus(dir(neck_dir).scale(HEAD_R - 2.0)).plus(dir(neck_dir + 90.0).scale(2.5));
    let (fh, fk, fa, fs, fe) = pose.far_limbs();
    // The hips bend from the pelvis (the lower end of the trunk curve), the shoulders from the
    // upper back (its upper end); with a flat back both are the trunk line.
    let pelvis = t - bend / 2.0;
    let chest = t + bend / 2.0;
    Body {
        hip,
        ctrl,
        shoulder,
        neck,
        head,
        near_leg: leg(hip, pelvis, pose.hip, pose.knee, pose.ankle),
        far_leg: leg(hip, pelvis, fh, fk, fa),
        near_arm: arm(shoulder, chest, pose.shoulder, pose.elbow),
        far_arm: arm(shoulder, chest, fs, fe),
        trunk_dir: wrap(t),
    }
}

impl Body {
    /// Applies `f` to every point.
    pub(crate) fn map(&self, f: impl Fn(P) -> P) -> Body {
        let l = |l: &Leg| Leg {
            knee: f(l.knee),
            ankle: f(l.ankle),
            heel: f(l.heel),
            toe: f(l.toe),
            foot_dir: l.foot_dir,
        };
        let a =
            |a: &Arm| Arm { shoulder: f(a.shoulder), elbow: f(a.elbow), wrist: f(a.wrist), grip: f(a.grip) };
        Body {
            hip: f(self.hip),
            ctrl: f(self.ctrl),
            shoulder: f(self.shoulder),
            neck: f(self.neck),
            head: f(self.head),
            near_leg: l(&self.near_leg),
            far_leg: l(&self.far_leg),
            near_arm: a(&self.near_arm),
            far_arm: a(&self.far_arm),
            trunk_dir: self.trunk_dir,
        }
    }

    /// Moves every point by `d`.
    pub(crate) fn shift(&self, d: P) -> Body {
        self.map(|p| p.plus(d))
    }

    /// A point on the trunk curve, `t` from 0 (hip) to 1 (shoulder).
    pub(crate) fn spine(&self, t: f64) -> P {
        let u = 1.0 - t;
        self.hip.scale(u * u).plus(self.ctrl.scale(2.0 * u * t)).plus(self.shoulder.scale(t * t))
    }

    /// The back surface of the trunk at `t` (0 hip, 1 shoulder).
    pub(crate) fn back_surface(&self, t: f64) -> P {
        self.surface(t, -1.0)
    }

    fn surface(&self, t: f64, side: f64) -> P {
        let a = self.spine((t - 0.02).max(0.0));
        let b = self.spine((t + 0.02).min(1.0));
        let tangent = angle_of(b.minus(a));
        self.spine(t).plus(dir(tangent + 90.0 * side).scale(TRUNK_W / 2.0))
    }

    /// The lowest drawn point of the trunk (outline, buttock and shoulder caps included).
    pub(crate) fn trunk_bottom(&self) -> f64 {
        let mut low = f64::INFINITY;
        for i in 0..=10 {
            let t = f64::from(i) / 10.0;
            let c = self.spine(t);
            low = low.min(c.y - TRUNK_W / 2.0);
        }
        low
    }
}

/// The parts of the body that can touch (or go through) the floor, with their lowest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The head.
    Head,
    /// The trunk.
    Trunk,
    /// The near knee.
    NearKnee,
    /// The far knee.
    FarKnee,
    /// The near foot.
    NearFoot,
    /// The far foot.
    FarFoot,
    /// The near elbow.
    NearElbow,
    /// The far elbow.
    FarElbow,
    /// The near hand.
    NearHand,
    /// The far hand.
    FarHand,
}

impl Part {
    /// Plain words for error messages and descriptions.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Part::Head => "the head",
            Part::Trunk => "the trunk",
            Part::NearKnee => "the near knee",
            Part::FarKnee => "the far knee",
            Part::NearFoot => "the near foot",
            Part::FarFoot => "the far foot",
            Part::NearElbow => "the near elbow",
            Part::FarElbow => "the far elbow",
            Part::NearHand => "the near hand",
            Part::FarHand => "the far hand",
        }
    }
}

/// The lowest point of each part: (part, x, y of its underside).
pub(crate) fn lows(b: &Body) -> Vec<(Part, f64, f64)> {
    let foot = |l: &Leg| if l.heel.y < l.toe.y { l.heel } else { l.toe };
    let nf = foot(&b.near_leg);
    let ff = foot(&b.far_leg);
    vec![
        (Part::Head, b.head.x, b.head.y - HEAD_R),
        (Part::Trunk, b.hip.x, b.trunk_bottom()),
        (Part::NearKnee, b.near_leg.knee.x, b.near_leg.knee.y - THIGH_W / 2.0),
        (Part::FarKnee, b.far_leg.knee.x, b.far_leg.knee.y - THIGH_W / 2.0),
        (Part::NearFoot, nf.x, nf.y),
        (Part::FarFoot, ff.x, ff.y),
        (Part::NearElbow, b.near_arm.elbow.x, b.near_arm.elbow.y - UPPER_ARM_W / 2.0),
        (Part::FarElbow, b.far_arm.elbow.x, b.far_arm.elbow.y - UPPER_ARM_W / 2.0),
        (Part::NearHand, b.near_arm.grip.x, hand_bottom(&b.near_arm)),
        (Part::FarHand, b.far_arm.grip.x, hand_bottom(&b.far_arm)),
    ]
}

/// A wrist this close to the floor (cm) puts the hand flat on it, palm down.
pub(crate) const FLAT_HAND: f64 = 9.5;
/// The wrist of a hand flat on the floor sits this high.
pub(crate) const WRIST_H: f64 = 3.5;

/// True when the hand rests flat on the floor rather than gripping.
pub(crate) fn hand_flat(a: &Arm) -> bool {
    a.wrist.y <= FLAT_HAND
}

/// The underside of a hand: the palm when flat, else the fist.
pub(crate) fn hand_bottom(a: &Arm) -> f64 {
    if hand_flat(a) { a.wrist.y - WRIST_H } else { a.grip.y - HAND_R }
}

/// How far a foot's sole tilts from level, in degrees (0 flat; positive toes up).
pub(crate) fn foot_tilt(l: &Leg) -> f64 {
    wrap(90.0 - l.foot_dir)
}

/// Feet within this many degrees of level are flat on the floor.
pub(crate) const FLAT: f64 = 4.0;

/// A pose placed on the floor (y = 0 is the floor; a mat or roller sits on it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// The joint coordinates.
    pub(crate) body: Body,
    /// The side-lying lift support: where the supporting forearm lies, if any.
    pub(crate) forearm: Option<(P, P)>,
}

/// The underside of the upper back (shoulder blades), where a supine body rests.
pub(crate) fn upper_back(b: &Body) -> f64 {
    (6..=10).map(|k| b.spine(f64::from(k) / 10.0).y - TRUNK_W / 2.0).fold(f64::INFINITY, f64::min)
}

/// The height the upper back rests at when supine: the mat, or the top of a foam roller.
pub(crate) fn back_rest(props: &[Prop]) -> f64 {
    if props.contains(&Prop::Roller) { 2.0 * ROLLER_R } else { 0.0 }
}

/// Puts `pose` of `fig` on the floor the way its base rests, seen from its view.
pub(crate) fn place_fig(fig: &Figure, pose: &Pose) -> Placed {
    place_view(fig.base, &fig.props, fig.view, pose)
}

/// Puts `pose` on the floor the way `base` rests (side-lying seen from the front).
#[cfg(test)]
pub(crate) fn place(base: Base, props: &[Prop], pose: &Pose) -> Placed {
    place_view(base, props, View::Front, pose)
}

/// Puts `pose` on the floor the way `base` rests, side-lying seen from `view`.
pub(crate) fn place_view(base: Base, props: &[Prop], view: View, pose: &Pose) -> Placed {
    let body = profile(pose);
    let placed = match base {
        Base::Standing => {
            let near = foot_tilt(&body.near_leg).abs() <= FLAT;
            let far = foot_tilt(&body.far_leg).abs() <= FLAT;
            let l = if near || !far { body.near_leg } else { body.far_leg };
            let mid = l.heel.lerp(l.toe, 0.5);
            let low = l.heel.y.min(l.toe.y);
            body.shift(P::new(-mid.x, -low))
        }
        Base::HandsKnees => {
            let k = if body.near_leg.knee.y <= body.far_leg.knee.y {
                body.near_leg.knee
            } else {
                body.far_leg.knee
            };
            body.shift(P::new(-k.x, THIGH_W / 2.0 - k.y))
        }
        Base::Supine => {
            let back = upper_back(&body);
            body.shift(P::new(-body.shoulder.x, back_rest(props) - back))
        }
        Base::Prone => {
            let low = lows(&body).iter().map(|l| l.2).fold(f64::INFINITY, f64::min);
            body.shift(P::new(-body.hip.x, -low))
        }
        Base::Seated => {
            let seat = if props.contains(&Prop::Bench) {
                BENCH_H
            } else if props.contains(&Prop::Bike) {
                // The crank sits 30 cm up, halfway between the two feet; the seat follows.
                let mid = body.near_leg.ankle.lerp(body.far_leg.ankle, 0.5);
                (body.trunk_bottom() - mid.y) + 30.0
            } else {
                0.0
            };
            body.shift(P::new(-body.hip.x, seat - body.trunk_bottom()))
        }
        Base::SideLying => return side_lying(pose, &body, view),
    };
    Placed { body: placed, forearm: None }
}

/// A point in the side-lying scene: along the body (x), toward the viewer (d), up (h).
#[derive(Debug, Clone, Copy, PartialEq)]
struct V3 {
    x: f64,
    d: f64,
    h: f64,
}

/// The camera looks at a side-lying figure from in front, this many degrees above level.
pub(crate) const ELEVATION: f64 = 25.0;
/// Seen from above, the camera is this many degrees above level.
pub(crate) const ELEVATION_ABOVE: f64 = 75.0;

/// The camera elevation of a view, in degrees.
pub(crate) fn elevation(view: View) -> f64 {
    match view {
        View::Front => ELEVATION,
        View::Above => ELEVATION_ABOVE,
    }
}

fn project(v: V3, e: f64) -> P {
    let e = e.to_radians();
    P::new(v.x, v.h * e.cos() - v.d * e.sin())
}

fn rotate_about(p: V3, a: V3, b: V3, deg: f64) -> V3 {
    // Rodrigues' rotation of p about the axis a->b.
    let (kx, kd, kh) = (b.x - a.x, b.d - a.d, b.h - a.h);
    let n = (kx * kx + kd * kd + kh * kh).sqrt();
    if n < 1e-9 {
        return p;
    }
    let (kx, kd, kh) = (kx / n, kd / n, kh / n);
    let (vx, vd, vh) = (p.x - a.x, p.d - a.d, p.h - a.h);
    let (s, c) = deg.to_radians().sin_cos();
    let dot = kx * vx + kd * vd + kh * vh;
    let (cx, cd, ch) = (kd * vh - kh * vd, kh * vx - kx * vh, kx * vd - kd * vx);
    V3 {
        x: a.x + vx * c + cx * s + kx * dot * (1.0 - c),
        d: a.d + vd * c + cd * s + kd * dot * (1.0 - c),
        h: a.h + vh * c + ch * s + kh * dot * (1.0 - c),
    }
}

/// Heights (cm above the floor) of the body's lines when lying on the side.
const SIDE_TRUNK_H: f64 = 18.0;
const SIDE_FAR_H: f64 = 8.0;
const SIDE_NEAR_HIP_H: f64 = 27.0;
const SIDE_NEAR_SHOULDER_H: f64 = 28.0;

fn side_lying(pose: &Pose, body: &Body, view: View) -> Placed {
    let e = elevation(view);
    // The profile plane lies on the floor: profile y is the depth toward the viewer (the front
    // of the body faces the viewer when the head is to the left).
    let at = |p: P, h: f64| V3 { x: p.x, d: p.y, h };
    let far_leg_clear = {
        let nt = angle_of(body.near_leg.knee.minus(body.hip));
        let ft = angle_of(body.far_leg.knee.minus(body.hip));
        wrap(nt - ft).abs() > 35.0
    };
    let near_hip = at(body.hip, SIDE_NEAR_HIP_H);
    let leg_h = |rest: f64| if far_leg_clear { SIDE_FAR_H } else { rest };
    let mut nk = at(body.near_leg.knee, leg_h(SIDE_NEAR_HIP_H - 3.0));
    let na = at(body.near_leg.ankle, leg_h(SIDE_FAR_H + 11.0));
    let nh = at(body.near_leg.heel, leg_h(SIDE_FAR_H + 11.0));
    let nt = at(body.near_leg.toe, leg_h(SIDE_FAR_H + 11.0));
    if pose.open != 0.0 {
        // Open the top knee about the hip-to-ankle line, feet together.
        nk = rotate_about(nk, near_hip, na, pose.open);
        if nk.h < SIDE_NEAR_HIP_H - 3.0 {
            nk = rotate_about(at(body.near_leg.knee, SIDE_NEAR_HIP_H - 3.0), near_hip, na, -pose.open);
        }
    }
    // The top shoulder turns back about the trunk line by `twist`.
    let tw = pose.twist.to_radians();
    let rise = SIDE_NEAR_SHOULDER_H - SIDE_TRUNK_H;
    let ns =
        V3 { x: body.shoulder.x, d: body.shoulder.y - rise * tw.sin(), h: SIDE_TRUNK_H + rise * tw.cos() };
    let arm_shift = P::new(0.0, ns.d - body.shoulder.y);
    let arm_h = |p: P, rest: f64| {
        // A hand well clear of the trunk reaches the floor; otherwise it rests on the body.
        let off = (p.y - body.spine(0.5).y).abs();
        if off > 22.0 { SIDE_FAR_H } else { rest }
    };
    let rest = SIDE_TRUNK_H + 6.0;
    let ne = at(body.near_arm.elbow.plus(arm_shift), arm_h(body.near_arm.elbow, rest));
    let nw = at(body.near_arm.wrist.plus(arm_shift), arm_h(body.near_arm.wrist, rest));
    let ng = at(body.near_arm.grip.plus(arm_shift), arm_h(body.near_arm.grip, rest));

    let mut pts: Vec<(&str, V3)> = vec![
        ("hip", at(body.hip, SIDE_TRUNK_H)),
        ("ctrl", at(body.ctrl, SIDE_TRUNK_H)),
        ("shoulder", at(body.shoulder, SIDE_TRUNK_H)),
        ("neck", at(body.neck, SIDE_TRUNK_H - 2.0)),
        ("head", at(body.head, SIDE_TRUNK_H - 4.0)),
        ("nk", nk),
        ("na", na),
        ("nh", nh),
        ("nt", nt),
        ("fk", at(body.far_leg.knee, SIDE_FAR_H)),
        ("fa", at(body.far_leg.ankle, SIDE_FAR_H)),
        ("fh", at(body.far_leg.heel, SIDE_FAR_H)),
        ("ft", at(body.far_leg.toe, SIDE_FAR_H)),
        ("ns", ns),
        ("ne", ne),
        ("nw", nw),
        ("ng", ng),
        ("fs", at(body.shoulder, SIDE_FAR_H)),
        ("fe", at(body.far_arm.elbow, SIDE_FAR_H - 2.0)),
        ("fw", at(body.far_arm.wrist, SIDE_FAR_H - 2.0)),
        ("fg", at(body.far_arm.grip, SIDE_FAR_H - 2.0)),
    ];
    let mut forearm = None;
    if pose.lift > 0.0 {
        // A side plank: the whole body turns up about the bottom foot; the bottom forearm
        // props the shoulder, upper arm straight down, forearm flat toward the viewer.
        let pivot = V3 { x: body.far_leg.heel.x.max(body.far_leg.toe.x), d: 0.0, h: 0.0 };
        let axis_end = V3 { d: 1.0, ..pivot };
        let sign = if body.shoulder.x < body.hip.x { 1.0 } else { -1.0 };
        for (_, v) in pts.iter_mut() {
            *v = rotate_about(*v, pivot, axis_end, sign * pose.lift);
        }
        let s = pts.iter().find(|(n, _)| *n == "shoulder").map(|p| p.1).unwrap_or(pivot);
        let elbow = V3 { x: s.x, d: s.d + 4.0, h: UPPER_ARM_W / 2.0 };
        let wrist = V3 { d: elbow.d + FOREARM, ..elbow };
        let grip = V3 { d: wrist.d + HAND, ..wrist };
        for (n, v) in pts.iter_mut() {
            match *n {
                "fs" => *v = s,
                "fe" => *v = elbow,
                "fw" => *v = wrist,
                "fg" => *v = grip,
                _ => {}
            }
        }
        forearm = Some((project(elbow, e), project(grip, e)));
    }
    let g = |n: &str| pts.iter().find(|(k, _)| *k == n).map(|p| project(p.1, e)).unwrap_or_default();
    let b = Body {
        hip: g("hip"),
        ctrl: g("ctrl"),
        shoulder: g("shoulder"),
        neck: g("neck"),
        head: g("head"),
        near_leg: Leg {
            knee: g("nk"),
            ankle: g("na"),
            heel: g("nh"),
            toe: g("nt"),
            foot_dir: body.near_leg.foot_dir,
        },
        far_leg: Leg {
            knee: g("fk"),
            ankle: g("fa"),
            heel: g("fh"),
            toe: g("ft"),
            foot_dir: body.far_leg.foot_dir,
        },
        near_arm: Arm { shoulder: g("ns"), elbow: g("ne"), wrist: g("nw"), grip: g("ng") },
        far_arm: Arm { shoulder: g("fs"), elbow: g("fe"), wrist: g("fw"), grip: g("fg") },
        trunk_dir: body.trunk_dir,
    };
    let shift = P::new(-b.hip.x, 0.0);
    Placed { body: b.shift(shift), forearm: forearm.map(|(a, c)| (a.plus(shift), c.plus(shift))) }
}

/// The height of the bottom shoulder above the floor in a side plank (0 when not lifted): the
/// supporting upper arm needs it to be about one upper-arm length.
pub(crate) fn side_plank_shoulder_height(pose: &Pose) -> Option<f64> {
    if pose.lift <= 0.0 {
        return None;
    }
    let body = profile(pose);
    let pivot_x = body.far_leg.heel.x.max(body.far_leg.toe.x);
    let r = (body.shoulder.x - pivot_x).abs();
    Some(SIDE_FAR_H + r * pose.lift.to_radians().sin())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: P, x: f64, y: f64) {
        assert!((a.x - x).abs() < 0.05 && (a.y - y).abs() < 0.05, "{a:?} is not ({x}, {y})");
    }

    #[test]
    fn standing_tall_stacks_the_joints_over_the_foot() {
        let p = place(Base::Standing, &[], &Pose::default()).body;
        // Mid-foot at x = 0: the ankle sits 6.5 cm behind it, 7 cm up.
        close(p.near_leg.ankle, -6.5, 7.0);
        close(p.near_leg.knee, -6.5, 50.0);
        close(p.hip, -6.5, 93.0);
        close(p.shoulder, -6.5, 143.0);
        close(p.near_arm.elbow, -6.5, 112.0);
        close(p.near_arm.grip, -6.5, 78.0);
        assert!((p.head.y + HEAD_R - 175.0).abs() < 0.5, "top of head {}", p.head.y + HEAD_R);
    }

    #[test]
    fn a_right_angle_hinge_puts_the_shoulder_level_with_the_hip() {
        let pose = Pose { trunk: 90.0, hip: 90.0, shoulder: 90.0, ..Pose::default() };
        let b = profile(&pose);
        close(b.shoulder, 50.0, 0.0);
        close(b.near_leg.knee, 0.0, -43.0);
        // Arms hang straight down from the shoulder.
        close(b.near_arm.grip, 50.0, -65.0);
    }

    #[test]
    fn knee_flexion_folds_the_shin_backward() {
        let pose = Pose { hip: 90.0, knee: 90.0, ..Pose::default() };
        let b = profile(&pose);
        close(b.near_leg.knee, 43.0, 0.0);
        close(b.near_leg.ankle, 43.0, -43.0);
        // The foot points forward from the ankle at a right angle to the shin.
        assert!((b.near_leg.foot_dir - 90.0).abs() < 1e-9);
    }

    #[test]
    fn ankle_dorsiflexion_tips_the_shin_over_the_flat_foot() {
        // Trunk - hip + knee = ankle keeps the foot flat.
        let pose = Pose { trunk: 60.0, hip: 131.0, knee: 79.0, ankle: 8.0, ..Pose::default() };
        let b = profile(&pose);
        assert!(foot_tilt(&b.near_leg).abs() < 1e-9);
        assert!(b.near_leg.knee.x > b.near_leg.ankle.x, "knee in front of the ankle");
    }

    #[test]
    fn lumbar_flexion_bows_the_trunk_backward() {
        let flat = profile(&Pose { trunk: 45.0, ..Pose::default() });
        let round = profile(&Pose { trunk: 45.0, lumbar: 40.0, ..Pose::default() });
        assert_eq!(flat.shoulder, round.shoulder, "the trunk line is unchanged");
        // Leaning forward, the back is up and to the left: the curve moves that way.
        let (f, r) = (flat.spine(0.5), round.spine(0.5));
        assert!(r.x < f.x && r.y > f.y, "{r:?} vs {f:?}");
    }

    #[test]
    fn hands_and_knees_puts_the_knee_on_the_floor() {
        let pose =
            Pose { trunk: 80.0, hip: 90.0, knee: 90.0, ankle: -40.0, shoulder: 80.0, ..Pose::default() };
        let b = place(Base::HandsKnees, &[], &pose).body;
        close(b.near_leg.knee, 0.0, THIGH_W / 2.0);
    }

    #[test]
    fn supine_puts_the_upper_back_on_the_mat_or_the_roller() {
        let pose = Pose { trunk: -90.0, ..Pose::default() };
        let b = place(Base::Supine, &[], &pose).body;
        assert!(upper_back(&b).abs() < 1e-9);
        let r = place(Base::Supine, &[Prop::Roller], &pose).body;
        assert!((upper_back(&r) - 15.0).abs() < 1e-9);
    }

    #[test]
    fn opening_a_clamshell_lifts_the_top_knee_and_keeps_the_feet_together() {
        let shut = Pose { trunk: -90.0, hip: 45.0, knee: 90.0, ..Pose::default() };
        let open = Pose { open: 40.0, ..shut.clone() };
        let (a, b) = (place(Base::SideLying, &[], &shut).body, place(Base::SideLying, &[], &open).body);
        assert!(
            b.near_leg.knee.y > a.near_leg.knee.y + 5.0,
            "{:?} vs {:?}",
            b.near_leg.knee,
            a.near_leg.knee
        );
        assert_eq!(a.near_leg.ankle, b.near_leg.ankle);
    }

    #[test]
    fn a_side_plank_raises_the_head_end_about_the_feet() {
        let flat = Pose { trunk: -90.0, ..Pose::default() };
        let up = Pose { lift: 12.0, ..flat.clone() };
        let (a, b) = (place(Base::SideLying, &[], &flat).body, place(Base::SideLying, &[], &up).body);
        assert!(b.shoulder.y > a.shoulder.y + 10.0);
        assert!((b.far_leg.toe.y - a.far_leg.toe.y).abs() < 3.0, "the feet stay down");
        let h = side_plank_shoulder_height(&up).unwrap();
        assert!((h - 35.75).abs() < 3.0, "the forearm props the shoulder: {h}");
    }

    #[test]
    fn a_rounded_back_tips_the_pelvis_so_the_hip_is_measured_from_it() {
        // With the trunk line fixed, rounding the back by 40 degrees turns the thigh by 20.
        let flat = profile(&Pose { trunk: 45.0, hip: 90.0, ..Pose::default() });
        let round = profile(&Pose { trunk: 45.0, hip: 90.0, lumbar: 40.0, ..Pose::default() });
        let a = angle_of(flat.near_leg.knee.minus(flat.hip));
        let b = angle_of(round.near_leg.knee.minus(round.hip));
        assert!((wrap(a - b) - 20.0).abs() < 1e-9, "{a} vs {b}");
    }

    #[test]
    fn wrap_keeps_angles_in_range() {
        assert_eq!(wrap(190.0), -170.0);
        assert_eq!(wrap(-180.0), 180.0);
        assert_eq!(wrap(45.0), 45.0);
    }
}

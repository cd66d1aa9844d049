//! SVG output: the key poses side by side, and an animated figure for readers who allow motion.
//!
//! [`render`] turns a checked [`Figure`] into one `<figure class="fig">` holding two inline SVGs:
//! the still poses (`role="img"`, with a `<title>` and a `<desc>` built from the pose labels and
//! angles by [`describe`]), each with its step number and label, and an optional arrow of motion;
//! and, for two or more poses, an `aria-hidden` animated figure whose joints are nested `<g>`
//! elements that CSS rotates between the poses (`_figures.css`, only under
//! `prefers-reduced-motion: no-preference`). Colours come only from CSS classes; the geometry
//! (coordinates, stroke widths) is in attributes, in centimetres, rounded to 0.1, so the same
//! figure always gives the same bytes.

use crate::model::figure::kinematics::{self, Body, Leg, P, Placed, dims::*, dir, wrap};
use crate::model::figure::{Base, Figure, Point, Pose, Prop};
use std::fmt::Write as _;

/// What the host knows that the figure does not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderOptions<'a> {
    /// The accessible name, e.g. the exercise's name.
    pub(crate) title: &'a str,
    /// Whether to add the animated figure (two or more poses).
    pub(crate) animate: bool,
    /// Extra classes on the `<figure>` element, e.g. `fig--card`.
    pub(crate) class: &'a str,
    /// A thumbnail: still poses only, no labels, arrow or animation, hidden from assistive
    /// technology (the card around it names the exercise).
    pub(crate) compact: bool,
}

/// A number for SVG output: rounded to 0.1, no `-0`, no trailing `.0`.
pub(crate) fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

fn pt(p: P) -> String {
    format!("{} {}", num(p.x), num(-p.y))
}

/// Collects SVG elements in world coordinates (y up) and tracks their bounding box.
struct Canvas {
    out: String,
    lo: P,
    hi: P,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            out: String::new(),
            lo: P::new(f64::INFINITY, f64::INFINITY),
            hi: P::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
        }
    }
    fn grow(&mut self, p: P, r: f64) {
        self.lo = P::new(self.lo.x.min(p.x - r), self.lo.y.min(p.y - r));
        self.hi = P::new(self.hi.x.max(p.x + r), self.hi.y.max(p.y + r));
    }
    fn line(&mut self, class: &str, pts: &[P], width: f64) {
        let mut d = String::new();
        for (i, p) in pts.iter().enumerate() {
            self.grow(*p, width / 2.0);
            let _ = write!(d, "{}{}", if i == 0 { "M" } else { "L" }, pt(*p));
        }
        let _ = write!(self.out, r#"<path class="{class}" d="{d}" stroke-width="{}"/>"#, num(width));
    }
    fn curve(&mut self, class: &str, a: P, c: P, b: P, width: f64) {
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let u = 1.0 - t;
            self.grow(a.scale(u * u).plus(c.scale(2.0 * u * t)).plus(b.scale(t * t)), width / 2.0);
        }
        let _ = write!(
            self.out,
            r#"<path class="{class}" d="M{}Q{} {}" stroke-width="{}"/>"#,
            pt(a),
            pt(c),
            pt(b),
            num(width)
        );
    }
    fn circle(&mut self, class: &str, c: P, r: f64) {
        self.grow(c, r);
        let _ = write!(
            self.out,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{}"/>"#,
            num(c.x),
            num(-c.y),
            num(r)
        );
    }
    fn rect(&mut self, class: &str, lo: P, hi: P, rx: f64) {
        self.grow(lo, 0.0);
        self.grow(hi, 0.0);
        let _ = write!(
            self.out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
            num(lo.x),
            num(-hi.y),
            num(hi.x - lo.x),
            num(hi.y - lo.y),
            num(rx)
        );
    }
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
}

/// The points a foot is drawn through: heel and toe centres of a rounded stroke.
fn foot_stroke(l: &Leg) -> [P; 2] {
    let along = dir(l.foot_dir);
    let up = dir(l.foot_dir - 90.0).scale(FOOT_W / 2.0);
    [l.heel.plus(up).plus(along.scale(FOOT_W / 2.0)), l.toe.plus(up).plus(along.scale(-FOOT_W / 2.0))]
}

/// Which way fingers point on the floor: toward the head.
fn facing(b: &Body) -> f64 {
    if b.head.x >= b.hip.x { 1.0 } else { -1.0 }
}

fn draw_arm(c: &mut Canvas, class: &str, a: &kinematics::Arm, face: f64, halo: bool, flat_ok: bool) {
    let flat = flat_ok && kinematics::hand_flat(a);
    let end = if flat { a.wrist } else { a.grip };
    if halo {
        c.line("fig__halo", &[a.shoulder, a.elbow, end], UPPER_ARM_W + 3.0);
    }
    c.line(class, &[a.shoulder, a.elbow], UPPER_ARM_W);
    c.line(class, &[a.elbow, end], FOREARM_W);
    if flat {
        let w = P::new(a.wrist.x, a.wrist.y.max(kinematics::WRIST_H));
        c.line(class, &[w, P::new(w.x + face * 9.0, 2.5)], 6.0);
    } else {
        c.circle(class, a.grip, HAND_R);
    }
}

fn draw_leg(c: &mut Canvas, class: &str, hip: P, l: &Leg, halo: bool) {
    let f = foot_stroke(l);
    if halo {
        c.line("fig__halo", &[hip, l.knee, l.ankle], THIGH_W + 3.0);
        c.line("fig__halo", &f, FOOT_W + 3.0);
    }
    c.line(class, &[hip, l.knee], THIGH_W);
    c.line(class, &[l.knee, l.ankle], SHIN_W);
    c.line(class, &f, FOOT_W);
}

fn legs_differ(a: &Leg, b: &Leg) -> bool {
    a.knee.dist(b.knee) > 0.5 || a.ankle.dist(b.ankle) > 0.5 || a.toe.dist(b.toe) > 0.5
}

fn arms_differ(a: &kinematics::Arm, b: &kinematics::Arm) -> bool {
    a.shoulder.dist(b.shoulder) > 0.5 || a.elbow.dist(b.elbow) > 0.5 || a.grip.dist(b.grip) > 0.5
}

/// Where the props stand, fixed by the first pose (blocks, pins, posts stay put).
struct Scene {
    start: Placed,
    base: Base,
    props: Vec<Prop>,
}

impl Scene {
    fn has(&self, p: Prop) -> bool {
        self.props.contains(&p)
    }
    /// The bottom of the held implement in the first pose (where blocks or pins hold it).
    fn start_bottom(&self) -> Option<(P, f64, f64)> {
        let g = self.start.body.near_arm.grip;
        if self.has(Prop::Barbell) || self.has(Prop::TrapBar) {
            Some((g, g.y - PLATE_R, 25.0))
        } else if self.has(Prop::Kettlebell) {
            Some((g, g.y - kinematics::KETTLEBELL_DROP, 23.0))
        } else {
            None
        }
    }
}

fn draw_static_props(c: &mut Canvas, s: &Scene, b: &Body) {
    if s.has(Prop::Pins)
        && let Some((g, _, _)) = s.start_bottom()
    {
        let pin = g.y - 2.5;
        for x in [g.x - 38.0, g.x + 42.0] {
            c.line("fig__rack", &[P::new(x, 0.0), P::new(x, 150.0)], 6.0);
        }
        c.line("fig__line", &[P::new(g.x - 38.0, pin), P::new(g.x + 42.0, pin)], 3.0);
    }
    if s.has(Prop::Blocks)
        && let Some((g, bottom, half)) = s.start_bottom()
        && bottom > 1.0
    {
        let layers = 3;
        let h = bottom / f64::from(layers);
        for i in 0..layers {
            let y0 = h * f64::from(i);
            c.rect("fig__block", P::new(g.x - half, y0 + 0.4), P::new(g.x + half, y0 + h - 0.4), 1.5);
        }
    }
    if s.has(Prop::Band) {
        let x = s.start.body.hip.x - 72.0;
        c.line("fig__rack", &[P::new(x, 0.0), P::new(x, 120.0)], 7.0);
    }
    if s.has(Prop::Bench) {
        let h = s.start.body.hip;
        c.rect("fig__prop", P::new(h.x - 32.0, BENCH_H - 5.0), P::new(h.x + 22.0, BENCH_H), 2.0);
        for x in [h.x - 26.0, h.x + 16.0] {
            c.line("fig__line", &[P::new(x, 0.0), P::new(x, BENCH_H - 4.0)], 3.5);
        }
    }
    if s.has(Prop::Roller) {
        let x = b.back_surface(0.8).x;
        c.circle("fig__prop", P::new(x, ROLLER_R), ROLLER_R);
    }
    if s.has(Prop::Bike) {
        let ball =
            |l: &Leg| l.ankle.plus(dir(l.foot_dir).scale(9.0)).plus(dir(l.foot_dir + 90.0).scale(ANKLE_H));
        let (pn, pf) = (ball(&b.near_leg), ball(&b.far_leg));
        let crank = pn.lerp(pf, 0.5);
        let seat = P::new(b.hip.x - 2.0, b.trunk_bottom());
        let bars = b.near_arm.grip;
        let fly = P::new(crank.x + 48.0, 30.0);
        c.line("fig__rack", &[P::new(crank.x - 40.0, 2.0), P::new(fly.x + 18.0, 2.0)], 4.0);
        c.line("fig__rack", &[P::new(crank.x - 30.0, 3.0), seat.plus(P::new(0.0, -6.0))], 5.0);
        c.line("fig__rack", &[crank, fly], 5.0);
        c.line("fig__rack", &[fly, P::new(bars.x - 6.0, bars.y - 4.0), bars], 5.0);
        c.circle("fig__prop", fly, 20.0);
        c.circle("fig__prop", crank, 9.0);
        c.line("fig__line", &[pf, crank, pn], 3.0);
        c.rect("fig__prop", P::new(seat.x - 13.0, seat.y - 5.0), P::new(seat.x + 11.0, seat.y), 2.5);
    }
}

fn draw_implement_back(c: &mut Canvas, s: &Scene, b: &Body) {
    let g = b.near_arm.grip;
    if s.has(Prop::Barbell) || s.has(Prop::TrapBar) {
        c.circle("fig__plate", g, PLATE_R);
        c.circle("fig__hub", g, 4.0);
    }
    if s.has(Prop::TrapBar) {
        c.line("fig__line", &[P::new(g.x - 34.0, g.y), P::new(g.x + 34.0, g.y)], 3.0);
    }
}

fn draw_kettlebell(c: &mut Canvas, b: &Body) {
    let g = b.near_arm.grip;
    let bell = P::new(g.x, g.y - 19.0);
    c.line(
        "fig__line",
        &[
            P::new(g.x - 6.5, g.y - 12.0),
            P::new(g.x - 6.5, g.y - 1.0),
            P::new(g.x + 6.5, g.y - 1.0),
            P::new(g.x + 6.5, g.y - 12.0),
        ],
        3.0,
    );
    c.circle("fig__prop", bell, 11.0);
    c.rect("fig__prop", P::new(g.x - 7.5, g.y - 30.0), P::new(g.x + 7.5, g.y - 24.0), 1.5);
}

fn draw_dowel(c: &mut Canvas, b: &Body) {
    let t = b.trunk_dir;
    let back = dir(t - 90.0);
    let along = dir(t);
    let bottom = b.hip.plus(along.scale(-16.0)).plus(back.scale(TRUNK_W / 2.0 + 1.5));
    let top = b.shoulder.plus(along.scale(34.0)).plus(back.scale(TRUNK_W / 2.0 - 1.5));
    c.line("fig__dowel", &[bottom, top], 3.0);
}

/// A prop drawn in the figure's own coordinates, turned back into the bone's frame (rotated by
/// `-angle` about `origin`), so it moves with the bone in the animation.
fn unrotated(out: &mut String, draw: fn(&mut Canvas, &Body), body: &Body, angle: f64, origin: P) {
    let mut c = Canvas::new();
    draw(&mut c, body);
    let _ = write!(
        out,
        r#"<g transform="rotate({}) translate({} {})">{}</g>"#,
        num(-angle),
        num(-origin.x),
        num(origin.y),
        c.out
    );
}

fn draw_band(c: &mut Canvas, s: &Scene, b: &Body) {
    // The band runs from the post to the crease at the front of the hips, both edges of the loop.
    let post = P::new(s.start.body.hip.x - 72.0, s.start.body.hip.y);
    let t = b.trunk_dir;
    let front = b.hip.plus(dir(t + 90.0).scale(TRUNK_W / 2.0 - 2.0));
    let along = dir(t).scale(3.5);
    c.line("fig__band", &[post, front.plus(along), front.minus(along), post], 2.2);
}

/// Draws one placed pose: props, far limbs, trunk and head, near limbs.
fn draw_pose(c: &mut Canvas, s: &Scene, placed: &Placed) {
    let b = &placed.body;
    draw_static_props(c, s, b);
    draw_implement_back(c, s, b);
    let face = facing(b);
    if arms_differ(&b.near_arm, &b.far_arm) {
        draw_arm(c, "fig__far", &b.far_arm, face, false, s.base != Base::SideLying);
    }
    if legs_differ(&b.near_leg, &b.far_leg) {
        draw_leg(c, "fig__far", b.hip, &b.far_leg, false);
    }
    // The trunk stops a little short of the shoulder joint, so the round cap does not hunch it.
    let top = b.spine(0.93);
    let ctrl = b.hip.lerp(b.ctrl, 0.93);
    c.curve("fig__body", b.hip, ctrl, top, TRUNK_W);
    let neck_base = b.shoulder.plus(dir(angle(b.ctrl, b.shoulder)).scale(-4.0));
    c.line("fig__body", &[neck_base, b.neck], NECK_W);
    c.circle("fig__body fig__head", b.head, HEAD_R);
    draw_leg(c, "fig__body", b.hip, &b.near_leg, true);
    // The bell hangs between the legs; drawn in front of them so it stays in sight.
    if s.has(Prop::Kettlebell) {
        draw_kettlebell(c, b);
    }
    if s.has(Prop::Dowel) {
        draw_dowel(c, b);
    }
    if s.has(Prop::Band) {
        draw_band(c, s, b);
    }
    draw_arm(c, "fig__body", &b.near_arm, face, true, s.base != Base::SideLying);
    if s.has(Prop::Barbell) {
        c.circle("fig__bar", b.near_arm.grip, 2.2);
    }
    if s.has(Prop::TrapBar) {
        let g = b.near_arm.grip;
        c.line("fig__bar", &[P::new(g.x - 7.0, g.y), P::new(g.x + 7.0, g.y)], 2.6);
    }
}

fn angle(a: P, b: P) -> f64 {
    kinematics::angle_of(b.minus(a))
}

/// The text alternative: one sentence per pose, from its label and angles.
pub(crate) fn describe(fig: &Figure) -> String {
    let mut out = String::new();
    let props: Vec<&str> = fig
        .props
        .iter()
        .filter(|p| !matches!(p, Prop::Mat))
        .map(|p| match p {
            Prop::Barbell => "a barbell",
            Prop::TrapBar => "a trap bar",
            Prop::Kettlebell => "a kettlebell",
            Prop::Dowel => "a dowel along the back",
            Prop::Band => "a band around the hips",
            Prop::Blocks => "blocks under the weight",
            Prop::Pins => "rack pins under the bar",
            Prop::Bench => "a bench",
            Prop::Roller => "a foam roller",
            Prop::Bike => "an exercise bike",
            Prop::Mat => "a mat",
        })
        .collect();
    let n = fig.poses.len();
    let _ = write!(out, "A figure seen from the side, in {} step{}", n, if n == 1 { "" } else { "s" });
    if !props.is_empty() {
        let _ = write!(out, ", with {}", join(&props));
    }
    out.push('.');
    for (i, p) in fig.poses.iter().enumerate() {
        let _ = write!(out, " Step {}, {}: {}.", i + 1, p.label.trim(), pose_words(fig.base, p));
    }
    out
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        _ => format!("{} and {}", items[..items.len() - 1].join(", "), items[items.len() - 1]),
    }
}

fn deg(v: f64) -> String {
    format!("{}°", v.abs().round() as i64)
}

fn pose_words(base: Base, p: &Pose) -> String {
    let mut w: Vec<String> = Vec::new();
    w.push(
        match base {
            Base::Standing => "standing",
            Base::HandsKnees => "on hands and knees",
            Base::Supine => "lying on the back",
            Base::Prone => "lying face down",
            Base::SideLying => "lying on the side",
            Base::Seated => "sitting",
        }
        .to_string(),
    );
    match base {
        Base::Standing | Base::Seated => {
            if p.trunk.abs() < 8.0 {
                w.push("trunk upright".into());
            } else if p.trunk > 0.0 {
                w.push(format!("leaning forward {}", deg(p.trunk)));
            } else {
                w.push(format!("leaning back {}", deg(p.trunk)));
            }
        }
        Base::Supine | Base::SideLying if (p.trunk + 90.0).abs() >= 8.0 => {
            w.push(if p.trunk < -90.0 { "hips raised".into() } else { "shoulders raised".into() });
        }
        _ => {}
    }
    let bend = |name: &str, v: f64, w: &mut Vec<String>| {
        if v >= 10.0 {
            w.push(format!("{name} bent {}", deg(v)));
        } else if v <= -10.0 {
            w.push(format!("{name} stretched back {}", deg(v)));
        }
    };
    if base == Base::Standing && p.hip.abs() < 10.0 && p.knee.abs() < 10.0 {
        w.push("hips and knees straight".into());
    } else {
        bend("hips", p.hip, &mut w);
        bend("knees", p.knee, &mut w);
    }
    if p.lumbar >= 8.0 {
        w.push(format!("low back rounded {}", deg(p.lumbar)));
    } else if p.lumbar <= -8.0 {
        w.push(format!("low back arched {}", deg(p.lumbar)));
    } else if !matches!(base, Base::SideLying) {
        w.push("back flat".into());
    }
    if p.shoulder >= 60.0 {
        w.push(format!("arms raised {}", deg(p.shoulder)));
    }
    if let Some(f) = p.far {
        let mut other = Vec::new();
        if let Some(h) = f.hip
            && (h - p.hip).abs() >= 10.0
        {
            other.push(format!("hip {}", deg(h)));
        }
        if let Some(k) = f.knee
            && (k - p.knee).abs() >= 10.0
        {
            other.push(format!("knee {}", deg(k)));
        }
        if let Some(s) = f.shoulder
            && (s - p.shoulder).abs() >= 10.0
        {
            other.push(format!("shoulder {}", deg(s)));
        }
        if !other.is_empty() {
            w.push(format!("the other side: {}", other.join(", ")));
        }
    }
    if p.open >= 10.0 {
        w.push(format!("top knee opened {}", deg(p.open)));
    }
    if p.lift >= 5.0 {
        w.push(format!("body lifted {} on the forearm", deg(p.lift)));
    }
    if p.twist >= 10.0 {
        w.push(format!("chest turned back {}", deg(p.twist)));
    }
    w.join(", ")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn motion_point(b: &Body, p: Point) -> P {
    match p {
        Point::Head => b.head,
        Point::Shoulder => b.shoulder,
        Point::Hip => b.hip,
        Point::Knee => b.near_leg.knee,
        Point::Foot => b.near_leg.ankle,
        Point::Hand => b.near_arm.grip,
        Point::FarKnee => b.far_leg.knee,
        Point::FarFoot => b.far_leg.ankle,
        Point::FarHand => b.far_arm.grip,
    }
}

/// The arrow of motion: the traced path of a point from pose `from` to the next, set off to the
/// side away from the body, with a head.
fn draw_motion(c: &mut Canvas, fig: &Figure, from: usize, point: Point) {
    let (a, b) = (&fig.poses[from], &fig.poses[from + 1]);
    let pts: Vec<P> = (1..=11)
        .map(|k| {
            let t = f64::from(k) / 12.0;
            motion_point(&kinematics::place_fig(fig, &a.blend(b, t)).body, point)
        })
        .collect();
    if pts.first().zip(pts.last()).is_none_or(|(p, q)| p.dist(*q) < 4.0) {
        return;
    }
    let centre = kinematics::place_fig(fig, a).body.spine(0.5);
    let mid = pts[pts.len() / 2];
    let tangent = pts[pts.len() / 2 + 1].minus(pts[pts.len() / 2 - 1]);
    let normal = P::new(-tangent.y, tangent.x).scale(1.0 / tangent.len().max(1e-9));
    let side = if mid.plus(normal).dist(centre) > mid.minus(normal).dist(centre) { 1.0 } else { -1.0 };
    // Clear of the limb the point belongs to.
    let clear = match point {
        Point::Hip | Point::Shoulder => TRUNK_W / 2.0 + 10.0,
        Point::Head => HEAD_R + 8.0,
        Point::Knee | Point::FarKnee => THIGH_W / 2.0 + 9.0,
        _ => 13.0,
    };
    let length: f64 = pts.windows(2).map(|w| w[0].dist(w[1])).sum();
    let chord = pts[0].dist(pts[pts.len() - 1]);
    let off: Vec<P> = if chord > 0.9 * length {
        // A straight move: the arrow starts just outside the body and points the way it goes.
        let d = pts[pts.len() - 1].minus(pts[0]).scale(1.0 / chord);
        let len = chord.max(22.0);
        let body = kinematics::place_fig(fig, a).body;
        // Standing or seated, hips driving forward are pushed by an arrow from behind (only air
        // is there); otherwise the arrow starts outside the body and points the way it goes.
        let upright = matches!(fig.base, Base::Standing | Base::Seated);
        if upright && matches!(point, Point::Hip | Point::Shoulder) && d.x * facing(&body) > 0.0 {
            let end = pts[0].minus(d.scale(clear));
            vec![end.minus(d.scale(len)), end]
        } else {
            let start = pts[0].plus(d.scale(clear));
            vec![start, start.plus(d.scale(len))]
        }
    } else {
        pts.iter()
            .enumerate()
            .map(|(i, p)| {
                let (p0, p1) = (pts[i.saturating_sub(1)], pts[(i + 1).min(pts.len() - 1)]);
                let t = p1.minus(p0);
                let n = P::new(-t.y, t.x).scale(side / t.len().max(1e-9));
                p.plus(n.scale(clear))
            })
            .collect()
    };
    c.line("fig__arrow", &off, 3.0);
    let end = off[off.len() - 1];
    let back = off[off.len() - 2];
    let d = end.minus(back).scale(1.0 / end.dist(back).max(1e-9));
    let n = P::new(-d.y, d.x);
    let tip = end.plus(d.scale(8.0));
    let l = end.plus(n.scale(5.5)).plus(d.scale(-1.0));
    let r = end.plus(n.scale(-5.5)).plus(d.scale(-1.0));
    c.grow(tip, 0.0);
    c.raw(&format!(r#"<path class="fig__arrowhead" d="M{}L{}L{}Z"/>"#, pt(tip), pt(l), pt(r)));
}

/// Renders a checked figure as a `<figure>` with the still poses and, if asked, the animation.
pub(crate) fn render(fig: &Figure, opts: &RenderOptions) -> String {
    let placed: Vec<Placed> = fig.poses.iter().map(|p| kinematics::place_fig(fig, p)).collect();
    let scene = Scene { start: placed[0], base: fig.base, props: fig.props.clone() };
    // Draw each pose on its own canvas to learn its extent, then set them side by side.
    let mut panels: Vec<Canvas> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let mut c = Canvas::new();
        draw_pose(&mut c, &scene, p);
        if let Some(m) = fig.motion
            && !opts.compact
            && m.from == i + 1
            && i + 1 < fig.poses.len()
        {
            draw_motion(&mut c, fig, i, m.point);
        }
        panels.push(c);
    }
    let gap = 14.0;
    let top = panels.iter().map(|c| c.hi.y).fold(0.0, f64::max) + 4.0;
    let lowest = panels.iter().map(|c| c.lo.y).fold(0.0, f64::min);
    let floor_y = if fig.base == Base::SideLying { lowest - 3.0 } else { 0.0 };
    let label_y = if opts.compact { lowest.min(0.0) + 2.0 } else { lowest.min(0.0) - 17.0 };
    let mut body = String::new();
    let mut x = 0.0;
    let mut offsets = Vec::new();
    for (i, c) in panels.iter().enumerate() {
        let label_w =
            if opts.compact { 0.0 } else { fig.poses[i].label.trim().chars().count() as f64 * 7.0 + 28.0 };
        let w = (c.hi.x - c.lo.x).max(60.0).max(label_w);
        let dx = x - c.lo.x + (w - (c.hi.x - c.lo.x)) / 2.0;
        offsets.push((x, w));
        let _ = write!(body, r#"<g class="fig__pose" transform="translate({} 0)">"#, num(dx));
        body.push_str(&c.out);
        if opts.compact {
            body.push_str("</g>");
        } else {
            // Step number and label, centred under the pose.
            let cx = c.lo.x + (c.hi.x - c.lo.x) / 2.0;
            let label = escape(fig.poses[i].label.trim());
            let text_w = label.chars().count() as f64 * 7.0;
            let bx = cx - text_w / 2.0 - 8.0;
            let _ = write!(
                body,
                r#"<circle class="fig__badge" cx="{}" cy="{}" r="8.5"/><text class="fig__num" x="{}" y="{}">{}</text><text class="fig__label" x="{}" y="{}">{label}</text></g>"#,
                num(bx),
                num(-label_y - 4.0),
                num(bx),
                num(-label_y),
                i + 1,
                num(bx + 12.0),
                num(-label_y),
            );
        }
        x += w + gap;
    }
    let width = x - gap;
    let floor = if fig.base == Base::SideLying {
        format!(
            r#"<rect class="fig__mat" x="-4" y="{}" width="{}" height="{}" rx="4"/>"#,
            num(-(kinematics::elevation(fig.view).to_radians().sin() * 26.0 + 4.0)),
            num(width + 8.0),
            num(-floor_y + kinematics::elevation(fig.view).to_radians().sin() * 26.0 + 4.0)
        )
    } else {
        let mat = if fig.props.contains(&Prop::Mat) {
            offsets
                .iter()
                .map(|(x0, w)| {
                    format!(
                        r#"<rect class="fig__mat" x="{}" y="-1.5" width="{}" height="1.5" rx="0.75"/>"#,
                        num(x0 - 2.0),
                        num(w + 4.0)
                    )
                })
                .collect::<String>()
        } else {
            String::new()
        };
        format!(r#"<path class="fig__floor" d="M-4 0H{}" stroke-width="1.5"/>{mat}"#, num(width + 4.0))
    };
    let vb = format!("-6 {} {} {}", num(-top), num(width + 12.0), num(top - label_y + 6.0));
    let title = escape(opts.title);
    let desc = escape(&describe(fig));
    let n = fig.poses.len();
    let mut out = format!(
        r#"<figure class="fig fig--{} fig--n{n}{}{}">"#,
        fig.base.name(),
        if opts.class.is_empty() { "" } else { " " },
        opts.class
    );
    let a11y = if opts.compact { r#"aria-hidden="true""#.to_string() } else { r#"role="img""#.to_string() };
    let text =
        if opts.compact { String::new() } else { format!("<title>{title}</title><desc>{desc}</desc>") };
    let _ = write!(
        out,
        r#"<svg class="fig__still" viewBox="{vb}" {a11y} xmlns="http://www.w3.org/2000/svg">{text}{floor}<g stroke-linecap="round" stroke-linejoin="round">{body}</g></svg>"#
    );
    if opts.animate && !opts.compact && n >= 2 {
        out.push_str(&animate(fig, &scene, &placed));
    }
    out.push_str("</figure>");
    out
}

// ---------------------------------------------------------------------------------------------
// The animated figure.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layer {
    Back,
    Far,
    Trunk,
    NearLeg,
    Mid,
    NearArm,
}

const LAYERS: [Layer; 6] =
    [Layer::Back, Layer::Far, Layer::Trunk, Layer::NearLeg, Layer::Mid, Layer::NearArm];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Hip,
    Mid,
    Shoulder,
    Neck,
    NearKnee,
    NearAnkle,
    NearToe,
    FarKnee,
    FarAnkle,
    FarToe,
    NearShoulder,
    NearElbow,
    NearGrip,
    FarShoulder,
    FarElbow,
    FarGrip,
}

fn node_pos(b: &Body, n: Node) -> P {
    let foot_mid = |l: &Leg| l.toe;
    match n {
        Node::Hip => b.hip,
        Node::Mid => b.spine(0.5),
        Node::Shoulder => b.shoulder,
        Node::Neck => b.neck,
        Node::NearKnee => b.near_leg.knee,
        Node::NearAnkle => b.near_leg.ankle,
        Node::NearToe => foot_mid(&b.near_leg),
        Node::FarKnee => b.far_leg.knee,
        Node::FarAnkle => b.far_leg.ankle,
        Node::FarToe => foot_mid(&b.far_leg),
        Node::NearShoulder => b.near_arm.shoulder,
        Node::NearElbow => b.near_arm.elbow,
        Node::NearGrip => {
            if kinematics::hand_flat(&b.near_arm) {
                b.near_arm.wrist
            } else {
                b.near_arm.grip
            }
        }
        Node::FarShoulder => b.far_arm.shoulder,
        Node::FarElbow => b.far_arm.elbow,
        Node::FarGrip => {
            if kinematics::hand_flat(&b.far_arm) {
                b.far_arm.wrist
            } else {
                b.far_arm.grip
            }
        }
    }
}

/// The bones: (one end, other end, stroke width, layer, class).
const BONES: [(Node, Node, f64, Layer, &str); 15] = [
    (Node::Hip, Node::Mid, TRUNK_W, Layer::Trunk, "fig__body"),
    (Node::Mid, Node::Shoulder, TRUNK_W, Layer::Trunk, "fig__body"),
    (Node::Shoulder, Node::Neck, NECK_W, Layer::Trunk, "fig__body"),
    (Node::Hip, Node::NearKnee, THIGH_W, Layer::NearLeg, "fig__body"),
    (Node::NearKnee, Node::NearAnkle, SHIN_W, Layer::NearLeg, "fig__body"),
    (Node::NearAnkle, Node::NearToe, 0.0, Layer::NearLeg, "fig__body"),
    (Node::Hip, Node::FarKnee, THIGH_W, Layer::Far, "fig__far"),
    (Node::FarKnee, Node::FarAnkle, SHIN_W, Layer::Far, "fig__far"),
    (Node::FarAnkle, Node::FarToe, 0.0, Layer::Far, "fig__far"),
    (Node::Shoulder, Node::NearShoulder, 0.0, Layer::NearArm, "fig__body"),
    (Node::NearShoulder, Node::NearElbow, UPPER_ARM_W, Layer::NearArm, "fig__body"),
    (Node::NearElbow, Node::NearGrip, FOREARM_W, Layer::NearArm, "fig__body"),
    (Node::Shoulder, Node::FarShoulder, 0.0, Layer::Far, "fig__far"),
    (Node::FarShoulder, Node::FarElbow, UPPER_ARM_W, Layer::Far, "fig__far"),
    (Node::FarElbow, Node::FarGrip, FOREARM_W, Layer::Far, "fig__far"),
];

/// A directed bone of the re-rooted tree.
struct Edge {
    from: Node,
    to: Node,
    bone: usize,
}

/// SVG-space angle (degrees, clockwise on screen) of the vector from `a` to `b`.
fn svg_angle(a: P, b: P) -> f64 {
    let d = b.minus(a);
    if d.len() < 1e-6 { 0.0 } else { (-d.y).atan2(d.x).to_degrees() }
}

/// Rotation classes for the animation: each later pose's delta from pose 1 as tens and units of
/// degrees (`fig__t2-n4 fig__u2-3` is -37 degrees at pose 2), read by the keyframes in CSS.
fn delta_classes(deltas: &[f64]) -> String {
    let mut out = String::new();
    for (k, d) in deltas.iter().enumerate() {
        let d = d.round() as i64;
        if d == 0 {
            continue;
        }
        let tens = d.div_euclid(10);
        let units = d.rem_euclid(10);
        let slot = k + 2;
        if tens != 0 {
            let t = if tens < 0 { format!("n{}", -tens) } else { tens.to_string() };
            let _ = write!(out, " fig__t{slot}-{t}");
        }
        if units != 0 {
            let _ = write!(out, " fig__u{slot}-{units}");
        }
    }
    out
}

struct Anim<'a> {
    bodies: Vec<Body>,
    edges: Vec<Edge>,
    scene: &'a Scene,
}

impl Anim<'_> {
    fn children(&self, n: Node) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.from == n)
    }

    fn has_layer(&self, e: &Edge, layer: Layer) -> bool {
        self.draws(e, layer) || self.children(e.to).any(|c| self.has_layer(c, layer))
    }

    fn draws(&self, e: &Edge, layer: Layer) -> bool {
        let (_, _, w, l, _) = BONES[e.bone];
        let deco = match (e.to, layer) {
            (Node::NearGrip, Layer::Back) => self.scene.has(Prop::Barbell) || self.scene.has(Prop::TrapBar),
            (Node::NearGrip, Layer::Mid) => self.scene.has(Prop::Kettlebell),
            (Node::Mid, Layer::Mid) => self.scene.has(Prop::Dowel),
            (Node::Neck, Layer::Trunk) | (Node::NearToe, Layer::NearLeg) | (Node::FarToe, Layer::Far) => true,
            _ => false,
        };
        deco || (l == layer && w > 0.0)
    }

    fn emit(&self, out: &mut String, n: Node, frame: &[f64], layer: Layer) {
        for e in self.children(n) {
            if !self.has_layer(e, layer) {
                continue;
            }
            let a0 = node_pos(&self.bodies[0], e.from);
            let b0 = node_pos(&self.bodies[0], e.to);
            let angles: Vec<f64> =
                self.bodies.iter().map(|b| svg_angle(node_pos(b, e.from), node_pos(b, e.to))).collect();
            let rel: Vec<f64> = angles.iter().zip(frame).map(|(a, f)| wrap(a - f)).collect();
            let deltas: Vec<f64> = rel.iter().skip(1).map(|r| wrap(r - rel[0])).collect();
            let classes = delta_classes(&deltas);
            let len = a0.dist(b0);
            let _ = write!(out, r#"<g transform="rotate({})">"#, num(rel[0]));
            if !classes.is_empty() {
                let _ = write!(out, r#"<g class="fig__j{classes}">"#);
            }
            if self.draws(e, layer) {
                self.draw_bone(out, e, layer, len, angles[0], a0);
            }
            if self.children(e.to).any(|c| self.has_layer(c, layer)) {
                let _ = write!(out, r#"<g transform="translate({} 0)">"#, num(len));
                self.emit(out, e.to, &angles, layer);
                out.push_str("</g>");
            }
            if !classes.is_empty() {
                out.push_str("</g>");
            }
            out.push_str("</g>");
        }
    }

    /// Draws a bone along +x in its own frame, with what hangs off it.
    fn draw_bone(&self, out: &mut String, e: &Edge, layer: Layer, len: f64, angle: f64, origin: P) {
        let (_, _, w, l, class) = BONES[e.bone];
        let b0 = &self.bodies[0];
        // World point to this bone's frame (SVG axes).
        let local = |p: P| {
            let d = P::new(p.x - origin.x, -(p.y - origin.y));
            let (s, c) = (-angle).to_radians().sin_cos();
            P::new(d.x * c - d.y * s, d.x * s + d.y * c)
        };
        let lp = |p: P| format!("{} {}", num(p.x), num(p.y));
        let halo = l == Layer::NearLeg || l == Layer::NearArm;
        if l == layer && w > 0.0 {
            // The trunk stops short of the shoulder joint, as in the still poses.
            let (x0, x1) = match (e.from, e.to) {
                (Node::Mid, Node::Shoulder) => (0.0, len - 3.5),
                (Node::Shoulder, Node::Mid) => (3.5, len),
                _ => (0.0, len),
            };
            if halo && class == "fig__body" {
                let _ = write!(
                    out,
                    r#"<path class="fig__halo" d="M{} 0H{}" stroke-width="{}"/>"#,
                    num(x0),
                    num(x1),
                    num(w + 3.0)
                );
            }
            let _ = write!(
                out,
                r#"<path class="{class}" d="M{} 0H{}" stroke-width="{}"/>"#,
                num(x0),
                num(x1),
                num(w)
            );
        }
        match (e.to, layer) {
            (Node::Neck, Layer::Trunk) => {
                let h = local(b0.head);
                let _ = write!(
                    out,
                    r#"<circle class="fig__body" cx="{}" cy="{}" r="{}"/>"#,
                    num(h.x),
                    num(h.y),
                    num(HEAD_R)
                );
            }
            (Node::NearToe, Layer::NearLeg) | (Node::FarToe, Layer::Far) => {
                let leg = if e.to == Node::NearToe { &b0.near_leg } else { &b0.far_leg };
                let [h, t] = foot_stroke(leg);
                let _ = write!(
                    out,
                    r#"<path class="{class}" d="M{}L{}" stroke-width="{}"/>"#,
                    lp(local(h)),
                    lp(local(t)),
                    num(FOOT_W)
                );
            }
            (Node::NearGrip, Layer::NearArm) | (Node::FarGrip, Layer::Far) => {
                let arm = if e.to == Node::NearGrip { &b0.near_arm } else { &b0.far_arm };
                // A flat hand would turn with the forearm, so the animation draws every hand round;
                // only a gripping hand holds the bar.
                let _ =
                    write!(out, r#"<circle class="{class}" cx="{}" cy="0" r="{}"/>"#, num(len), num(HAND_R));
                let grips_bar = e.to == Node::NearGrip && self.scene.has(Prop::Barbell);
                if grips_bar && !kinematics::hand_flat(arm) {
                    let _ = write!(out, r#"<circle class="fig__bar" cx="{}" cy="0" r="2.2"/>"#, num(len));
                }
            }
            (Node::NearGrip, Layer::Back) => {
                let g = local(b0.near_arm.grip);
                let _ = write!(
                    out,
                    r#"<circle class="fig__plate" cx="{0}" cy="{1}" r="{2}"/><circle class="fig__hub" cx="{0}" cy="{1}" r="4"/>"#,
                    num(g.x),
                    num(g.y),
                    num(PLATE_R)
                );
            }
            (Node::NearGrip, Layer::Mid) => unrotated(out, draw_kettlebell, b0, angle, origin),
            (Node::Mid, Layer::Mid) => unrotated(out, draw_dowel, b0, angle, origin),
            _ => {}
        }
    }
}

/// The animated figure: all poses overlaid, joints rotating between them.
fn animate(fig: &Figure, scene: &Scene, placed: &[Placed]) -> String {
    let bodies: Vec<Body> = placed.iter().map(|p| p.body).collect();
    // Root the tree at the joint that moves least, so the figure stays planted.
    let candidates =
        [Node::NearAnkle, Node::FarAnkle, Node::NearKnee, Node::FarKnee, Node::Hip, Node::Shoulder];
    let drift =
        |n: Node| bodies.iter().map(|b| node_pos(b, n).dist(node_pos(&bodies[0], n))).fold(0.0, f64::max);
    let mut root = candidates[0];
    for n in candidates {
        if drift(n) + 0.5 < drift(root) {
            root = n;
        }
    }
    let mut edges = Vec::new();
    let mut seen = vec![root];
    let mut queue = vec![root];
    while let Some(n) = queue.pop() {
        for (i, (a, b, _, _, _)) in BONES.iter().enumerate() {
            let other = if *a == n {
                *b
            } else if *b == n {
                *a
            } else {
                continue;
            };
            if seen.contains(&other) {
                continue;
            }
            seen.push(other);
            queue.insert(0, other);
            edges.push(Edge { from: n, to: other, bone: i });
        }
    }
    let anim = Anim { bodies: bodies.clone(), edges, scene };
    let mut c = Canvas::new();
    // Static props, drawn from the first pose, and every pose's extent for the view box.
    draw_static_props(&mut c, scene, &bodies[0]);
    let statics = std::mem::take(&mut c.out);
    for p in placed {
        let mut probe = Canvas::new();
        draw_pose(&mut probe, scene, p);
        c.grow(probe.lo, 0.0);
        c.grow(probe.hi, 0.0);
    }
    let r = node_pos(&bodies[0], root);
    let frame = vec![0.0; bodies.len()];
    let mut figure = String::new();
    for layer in LAYERS {
        let _ = write!(figure, r#"<g transform="translate({})">"#, pt(r));
        anim.emit(&mut figure, root, &frame, layer);
        figure.push_str("</g>");
    }
    let top = c.hi.y + 4.0;
    let low = c.lo.y.min(0.0) - 4.0;
    let floor = if fig.base == Base::SideLying {
        format!(
            r#"<rect class="fig__mat" x="{}" y="{}" width="{}" height="{}" rx="4"/>"#,
            num(c.lo.x - 4.0),
            num(-(kinematics::elevation(fig.view).to_radians().sin() * 26.0 + 4.0)),
            num(c.hi.x - c.lo.x + 8.0),
            num(-low + kinematics::elevation(fig.view).to_radians().sin() * 26.0)
        )
    } else {
        format!(
            r#"<path class="fig__floor" d="M{}H{}" stroke-width="1.5"/>"#,
            pt(P::new(c.lo.x - 4.0, 0.0)),
            num(c.hi.x + 4.0)
        )
    };
    format!(
        r#"<svg class="fig__anim" viewBox="{} {} {} {}" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">{floor}<g stroke-linecap="round" stroke-linejoin="round">{statics}{figure}</g></svg>"#,
        num(c.lo.x - 6.0),
        num(-top),
        num(c.hi.x - c.lo.x + 12.0),
        num(top - low + 2.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadlift() -> Figure {
        serde_yaml::from_str(
            "base: standing\nprops: [barbell]\nposes:\n  - {label: Set-up, trunk: 60, hip: 131, knee: 79, ankle: 8, shoulder: 60}\n  - {label: Lockout}\nmotion: {point: hip}\n",
        )
        .unwrap()
    }

    #[test]
    fn numbers_round_to_a_tenth_without_minus_zero() {
        assert_eq!(num(1.04), "1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(22.55), "22.6");
        assert_eq!(num(-3.25), "-3.3");
    }

    #[test]
    fn the_figure_has_a_text_alternative_and_no_style_attribute() {
        let html = render(
            &deadlift(),
            &RenderOptions { title: "Deadlift", animate: true, class: "", compact: false },
        );
        assert!(html.starts_with(r#"<figure class="fig fig--standing fig--n2">"#));
        assert!(html.contains(r#"role="img""#) && html.contains("<title>Deadlift</title>"));
        assert!(
            html.contains(
                "Step 1, Set-up: standing, leaning forward 60°, hips bent 131°, knees bent 79°, back flat"
            ),
            "{html}"
        );
        assert!(
            html.contains("Step 2, Lockout: standing, trunk upright, hips and knees straight, back flat.")
        );
        assert!(!html.contains("style="));
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(html.contains(r#"class="fig__anim" viewBox"#) && html.contains(r#"aria-hidden="true""#));
        assert!(html.contains("fig__j"), "the animated joints carry rotation classes");
    }

    #[test]
    fn a_compact_figure_is_stills_only_and_hidden_from_screen_readers() {
        let html = render(
            &deadlift(),
            &RenderOptions { title: "Deadlift", animate: true, class: "fig--card", compact: true },
        );
        assert!(html.starts_with(r#"<figure class="fig fig--standing fig--n2 fig--card">"#), "{html}");
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(
            html.contains(r#"aria-hidden="true""#)
                && !html.contains("<title>")
                && !html.contains("fig__label")
        );
        assert!(!html.contains("fig__arrow"));
    }

    #[test]
    fn output_is_deterministic() {
        let o = RenderOptions { title: "Deadlift", animate: true, class: "", compact: false };
        assert_eq!(render(&deadlift(), &o), render(&deadlift(), &o));
    }

    #[test]
    fn delta_classes_split_tens_and_units() {
        assert_eq!(delta_classes(&[-37.0, 0.0, 40.0]), " fig__t2-n4 fig__u2-3 fig__t4-4");
        assert_eq!(delta_classes(&[5.4]), " fig__u2-5");
    }
}

//! The calculators' pure functions (`themes/default/static/js/loads.js`) run inside an embedded
//! JavaScript engine (QuickJS through rquickjs): every table-driven case in
//! `tests/fixtures/calculators/*.json`, then a property test over thousands of random inputs.

use crate::support::repo;
use rquickjs::{Context, Module, Runtime};
use serde_json::{Value, json};

/// Loads `loads.js` as an ES module and runs `body` with a caller for its exports.
fn with_loads<R>(body: impl FnOnce(&dyn Fn(&str, &Value) -> Value) -> R) -> R {
    let source = std::fs::read_to_string(repo().join("themes/default/static/js/loads.js")).unwrap();
    let runtime = Runtime::new().unwrap();
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| {
        let (module, promise) = Module::declare(ctx.clone(), "loads.js", source).unwrap().eval().unwrap();
        promise.finish::<()>().unwrap();
        ctx.globals().set("loads", module.namespace().unwrap()).unwrap();
        let call = |function: &str, args: &Value| -> Value {
            let script = format!("JSON.stringify(loads[{}](...{}))", json!(function), args);
            let text: String =
                ctx.eval(script.as_str()).unwrap_or_else(|e| panic!("{function}({args}) threw: {e:?}"));
            serde_json::from_str(&text).unwrap()
        };
        body(&call)
    })
}

/// Numbers compared as numbers: `20` and `20.0` are equal.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_table_driven_case_matches_exactly() {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/calculators"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixture files: {files:?}");
    let mut total = 0;
    let mut failures = Vec::new();
    with_loads(|call| {
        for file in &files {
            let fixture: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            let function = fixture["function"].as_str().unwrap();
            for case in fixture["cases"].as_array().unwrap() {
                total += 1;
                let got = call(function, &case["args"]);
                if normalise(&got) != normalise(&case["expect"]) {
                    failures.push(format!(
                        "{function}: {}\n  expected {}\n  got      {got}",
                        case["name"], case["expect"]
                    ));
                }
            }
        }
    });
    assert!(failures.is_empty(), "{} of {total} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 150, "only {total} cases");
    println!("calculator cases: {total} in {} files", files.len());
}

/// A deterministic pseudo-random source for the property test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

/// Random equipment in kg or lb, sometimes with limited pairs, micro plates and collars.
fn random_equipment(rng: &mut Rng) -> Value {
    let kg = rng.one_in(2);
    let (unit, bars, plates, micro, max): (&str, &[f64], Vec<f64>, &[f64], f64) = if kg {
        ("kg", &[20.0, 15.0, 25.0, 10.0], vec![25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25], &[0.5, 0.25], 600.0)
    } else {
        ("lb", &[45.0, 35.0, 55.0], vec![45.0, 35.0, 25.0, 10.0, 5.0, 2.5], &[1.25], 1320.0)
    };
    let mut chosen: Vec<f64> = plates.into_iter().filter(|_| !rng.one_in(5)).collect();
    if rng.one_in(3) {
        chosen.extend_from_slice(micro);
    }
    if chosen.is_empty() {
        chosen.push(if kg { 5.0 } else { 10.0 });
    }
    chosen.sort_by(|a, b| b.total_cmp(a));
    let pairs = if rng.one_in(3) {
        let map: serde_json::Map<String, Value> =
            chosen.iter().map(|p| (format_plate(*p), json!(rng.range(0, 4)))).collect();
        Value::Object(map)
    } else {
        Value::Null
    };
    let collar = if rng.one_in(4) { if kg { 2.5 } else { 5.0 } } else { 0.0 };
    json!({ "unit": unit, "bar": rng.pick(bars), "collar": collar, "plates": chosen, "pairs": pairs, "maxLoad": max })
}

fn format_plate(p: f64) -> String {
    if p.fract() == 0.0 { format!("{}", p as i64) } else { format!("{p}") }
}

fn hundredths(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) * 100.0).round() as i64
}

/// Every load is bar + 2 collars + 2 x plates per side, from the plates and pairs available.
fn assert_loadable(eq: &Value, load: &Value, plates: &Value, context: &str) {
    let bar = hundredths(&eq["bar"]);
    let collar = hundredths(&eq["collar"]);
    let side: i64 = plates.as_array().unwrap().iter().map(hundredths).sum();
    assert_eq!(hundredths(load), bar + 2 * collar + 2 * side, "{context}: load does not add up");
    let allowed: Vec<i64> = eq["plates"].as_array().unwrap().iter().map(hundredths).collect();
    for plate in plates.as_array().unwrap() {
        assert!(allowed.contains(&hundredths(plate)), "{context}: plate {plate} not in the set");
    }
    if let Some(pairs) = eq["pairs"].as_object() {
        for (size, limit) in pairs {
            let size = (size.parse::<f64>().unwrap() * 100.0).round() as i64;
            let used = plates.as_array().unwrap().iter().filter(|p| hundredths(p) == size).count() as u64;
            assert!(used <= limit.as_u64().unwrap(), "{context}: uses {used} pairs of {size}, has {limit}");
        }
    }
    let text = plates.to_string();
    assert!(!text.contains("null"), "{context}: NaN in plates {text}");
}

#[test]
fn random_inputs_never_produce_nan_negative_or_unloadable_loads() {
    let iterations = 3000;
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut warmups, mut plans, mut errors) = (0, 0, 0);
    with_loads(|call| {
        for i in 0..iterations {
            let eq = random_equipment(&mut rng);
            let kg = eq["unit"] == "kg";
            let weight =
                rng.range(5, if kg { 320 } else { 700 }) as f64 + if rng.one_in(2) { 0.5 } else { 0.0 };
            let reps = if rng.one_in(2) { json!(rng.range(1, 12)) } else { Value::Null };
            let mut warmup = eq.clone();
            warmup["weight"] = json!(weight);
            warmup["sets"] = json!(rng.range(2, 3));
            warmup["first"] = json!(rng.range(40, 50));
            warmup["reps"] = reps.clone();
            warmup["beltPercent"] = json!(80);
            warmup["rampReps"] = json!([5, 3, 2]);
            let result = call("warmupSets", &json!([warmup]));
            let context = format!("case {i} warmup {warmup}");
            assert!(!result.to_string().contains("NaN"), "{context}");
            if result["ok"] == true {
                warmups += 1;
                let working = &result["working"];
                assert_loadable(&eq, &working["load"], &working["plates"], &context);
                assert!(
                    hundredths(&working["load"]) <= hundredths(&json!(weight)),
                    "{context}: working load above the target"
                );
                let mut previous = i64::MIN;
                for row in result["rows"].as_array().unwrap() {
                    assert_loadable(&eq, &row["load"], &row["plates"], &context);
                    let load = hundredths(&row["load"]);
                    assert!(
                        load > previous && load < hundredths(&working["load"]),
                        "{context}: ramp not rising below the working set"
                    );
                    assert_eq!(row["belt"], false, "{context}: ramp sets never get the belt hint");
                    previous = load;
                }
            } else {
                errors += 1;
                assert!(
                    !result["errors"].as_array().unwrap().is_empty(),
                    "{context}: failure without an error"
                );
            }

            let mut plan = eq.clone();
            plan["weight"] = json!(weight);
            plan["start"] = json!(rng.range(40, 50));
            plan["technique"] = json!(rng.range(2, 3));
            plan["spw"] = json!(rng.range(1, 2));
            plan["increase"] = json!(if kg { rng.pick(&[2.5, 5.0]) } else { rng.pick(&[5.0, 10.0]) });
            plan["reps"] = reps;
            plan["beltPercent"] = json!(80);
            let result = call("returnPlan", &json!([plan]));
            let context = format!("case {i} plan {plan}");
            assert!(!result.to_string().contains("NaN"), "{context}");
            if result["ok"] != true {
                errors += 1;
                continue;
            }
            plans += 1;
            let rows = result["rows"].as_array().unwrap();
            assert!(!rows.is_empty(), "{context}");
            let mut previous = i64::MIN;
            for row in rows {
                assert_loadable(&eq, &row["load"], &row["plates"], &context);
                let load = hundredths(&row["load"]);
                assert!(load >= 0 && load >= previous, "{context}: plan loads must not decrease");
                previous = load;
            }
            assert_eq!(
                hundredths(&rows.last().unwrap()["load"]),
                hundredths(&result["cap"]),
                "{context}: ends at the cap"
            );
            assert!(
                hundredths(&result["cap"]) <= hundredths(&json!(weight)),
                "{context}: cap above the pre-injury weight"
            );

            let weeks = result["totalWeeks"].as_u64().unwrap();
            let decisions: Vec<Value> = (0..weeks.min(12))
                .map(|_| json!(rng.pick(&["progress", "progress", "repeat", "step_back"])))
                .collect();
            let adjusted = call("adjustPlan", &json!([plan, decisions]));
            assert!(!adjusted.to_string().contains("NaN"), "{context}");
            let cap = hundredths(&result["cap"]);
            for row in adjusted["rows"].as_array().unwrap() {
                assert_loadable(&eq, &row["load"], &row["plates"], &context);
                let load = hundredths(&row["load"]);
                assert!(
                    load >= hundredths(&result["start"]) && load <= cap,
                    "{context}: adjusted load outside start..cap"
                );
            }
        }
    });
    assert!(
        warmups > iterations / 2 && plans > iterations / 2,
        "warm-ups {warmups}, plans {plans}, errors {errors}"
    );
    println!(
        "property test: {iterations} iterations, {warmups} warm-ups, {plans} plans (+ adjusted), {errors} rejected inputs"
    );
}

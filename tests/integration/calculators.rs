//! The calculators' pure functions (`themes/default/static/js/loads.js`) run inside an embedded
//! JavaScript engine (QuickJS through rquickjs): every table-driven case in
//! `tests/fixtures/calculators/*.json`, then a property test over thousands of random inputs.

use crate::support::repo;
use rquickjs::{Context, Module, Runtime};
use serde_json::{Value, json};

/// The relative imports of a module (`from './num.js'`), as file names in the same folder.
fn imports_of(source: &str) -> Vec<String> {
    source
        .match_indices("from './")
        .filter_map(|(at, _)| {
            let rest = &source[at + 8..];
            rest.find('\'').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// The module and everything it imports, dependencies first (each once).
fn module_order(dir: &std::path::Path, name: &str, order: &mut Vec<(String, String)>) {
    if order.iter().any(|(n, _)| n == name) {
        return;
    }
    let source = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for dependency in imports_of(&source) {
        module_order(dir, &dependency, order);
    }
    if !order.iter().any(|(n, _)| n == name) {
        order.push((name.to_string(), source));
    }
}

/// Loads `loads.js` (and the pure modules it re-exports, declared under their file names so
/// that QuickJS resolves `./num.js` to them) and runs `body` with a caller for its exports.
fn with_loads<R>(body: impl FnOnce(&dyn Fn(&str, &Value) -> Value) -> R) -> R {
    let dir = repo().join("themes/default/static/js");
    let mut order = Vec::new();
    module_order(&dir, "loads.js", &mut order);
    assert!(order.len() >= 5, "loads.js re-exports the pure modules: {:?}", order.iter().map(|o| &o.0));
    let runtime = Runtime::new().unwrap();
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| {
        let mut entry = None;
        for (name, source) in order {
            let declared = Module::declare(ctx.clone(), name.as_str(), source)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let (module, promise) = declared.eval().unwrap_or_else(|e| panic!("{name}: {e:?}"));
            promise.finish::<()>().unwrap();
            if name == "loads.js" {
                entry = Some(module);
            }
        }
        ctx.globals().set("loads", entry.unwrap().namespace().unwrap()).unwrap();
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

/// Random equipment in kg or lb, sometimes with limited pairs, micro plates and collars, and
/// sometimes mixed: plates of the other unit on the bar (`plateUnit`).
fn random_equipment(rng: &mut Rng) -> Value {
    let kg = rng.one_in(2);
    let mixed = rng.one_in(4);
    let plates_kg = if mixed { !kg } else { kg };
    let (unit, bars, max): (&str, &[f64], f64) = if kg {
        ("kg", &[20.0, 15.0, 25.0, 10.0, 20.01], 600.0)
    } else {
        ("lb", &[45.0, 35.0, 55.0], 1320.0)
    };
    let (plates, micro): (Vec<f64>, &[f64]) = if plates_kg {
        (vec![25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25], &[0.5, 0.25])
    } else {
        (vec![45.0, 35.0, 25.0, 10.0, 5.0, 2.5], &[1.25])
    };
    let mut chosen: Vec<f64> = plates.into_iter().filter(|_| !rng.one_in(5)).collect();
    if rng.one_in(3) {
        chosen.extend_from_slice(micro);
    }
    if chosen.is_empty() {
        chosen.push(if plates_kg { 5.0 } else { 10.0 });
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
    let mut eq = json!({ "unit": unit, "bar": rng.pick(bars), "collar": collar, "plates": chosen, "pairs": pairs, "maxLoad": max });
    if mixed {
        eq["plateUnit"] = json!(if plates_kg { "kg" } else { "lb" });
    }
    eq
}

fn format_plate(p: f64) -> String {
    if p.fract() == 0.0 { format!("{}", p as i64) } else { format!("{p}") }
}

fn hundredths(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) * 100.0).round() as i64
}

/// One hundredth of a unit on a common exact scale (1 lb = 0.45359237 kg).
fn scale(unit: &str) -> i128 {
    if unit == "lb" { 45_359_237 } else { 100_000_000 }
}

/// The exact load of bar + 2 collars + 2 x plates (in the scale of `scale`), checking that every
/// plate is in the set and within the pairs owned.
fn exact_load(eq: &Value, plates: &Value, context: &str) -> i128 {
    let unit = eq["unit"].as_str().unwrap();
    let plate_unit = eq["plateUnit"].as_str().unwrap_or(unit);
    let base = (hundredths(&eq["bar"]) + 2 * hundredths(&eq["collar"])) as i128;
    let side: i64 = plates.as_array().unwrap().iter().map(hundredths).sum();
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
    assert!(!plates.to_string().contains("null"), "{context}: NaN in plates {plates}");
    base * scale(unit) + 2 * side as i128 * scale(plate_unit)
}

/// Every load is bar + 2 collars + 2 x plates per side (cut to hundredths of the unit for mixed
/// equipment), from the plates and pairs available; returns the exact load.
fn assert_loadable(eq: &Value, load: &Value, plates: &Value, context: &str) -> i128 {
    let exact = exact_load(eq, plates, context);
    let unit = scale(eq["unit"].as_str().unwrap());
    assert_eq!(hundredths(load) as i128, exact / unit, "{context}: load does not add up");
    exact
}

/// The typed weight cut to hundredths (calculators.md: cut, never rounded), on the exact scale.
fn typed_limit(typed: &str, unit: &str) -> i128 {
    let text = typed.trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let cents: String = format!("{fraction:0<2}").chars().take(2).collect();
    (whole.parse::<i128>().unwrap() * 100 + cents.parse::<i128>().unwrap()) * scale(unit)
}

/// A weight as a reader types it: whole, .5, three decimals (cut) or a comma decimal.
fn random_typed_weight(rng: &mut Rng, kg: bool) -> String {
    let whole = rng.range(5, if kg { 320 } else { 700 });
    match rng.range(0, 3) {
        0 => format!("{whole}"),
        1 => format!("{whole}.5"),
        2 => format!("{whole}.{:03}", rng.range(0, 999)),
        _ => format!("{whole},{}", rng.range(0, 99)),
    }
}

#[test]
fn random_inputs_never_produce_nan_negative_unloadable_or_too_heavy_loads() {
    let iterations = 3000;
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut warmups, mut plans, mut errors, mut mixed) = (0, 0, 0, 0);
    with_loads(|call| {
        for i in 0..iterations {
            let eq = random_equipment(&mut rng);
            let unit = eq["unit"].as_str().unwrap().to_string();
            let kg = unit == "kg";
            mixed += usize::from(eq.get("plateUnit").is_some());
            let weight = random_typed_weight(&mut rng, kg);
            let limit = typed_limit(&weight, &unit);
            let reps = if rng.one_in(2) { json!(rng.range(1, 12)) } else { Value::Null };
            let mut warmup = eq.clone();
            warmup["weight"] = json!(weight);
            warmup["sets"] = json!(rng.range(2, 3));
            warmup["first"] = json!(rng.range(40, 50));
            warmup["reps"] = reps.clone();
            warmup["beltPercent"] = json!(80);
            warmup["rampReps"] = json!([5, 3, 2]);
            warmup["emptyBar"] = json!(rng.one_in(3));
            let result = call("warmupSets", &json!([warmup]));
            let context = format!("case {i} warmup {warmup}");
            assert!(!result.to_string().contains("NaN"), "{context}");
            if result["ok"] == true {
                warmups += 1;
                let working = &result["working"];
                let top = assert_loadable(&eq, &working["load"], &working["plates"], &context);
                assert!(top <= limit, "{context}: working load above the typed weight");
                let mut previous = i128::MIN;
                for row in result["rows"].as_array().unwrap() {
                    let load = assert_loadable(&eq, &row["load"], &row["plates"], &context);
                    assert!(
                        load > previous && load < top,
                        "{context}: ramp not rising below the working set"
                    );
                    assert_eq!(row["belt"], false, "{context}: ramp sets never get the belt hint");
                    previous = load;
                }
                let table = call("percentagesTable", &json!([warmup]));
                for row in table["rows"].as_array().unwrap() {
                    let load = assert_loadable(&eq, &row["load"], &row["plates"], &context);
                    assert!(load <= top, "{context}: a percentage above the working load");
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
            let mut previous = i128::MIN;
            let mut last = 0;
            for row in rows {
                let load = assert_loadable(&eq, &row["load"], &row["plates"], &context);
                assert!(load >= 0 && load >= previous, "{context}: plan loads must not decrease");
                assert!(load <= limit, "{context}: a plan load above the typed weight");
                previous = load;
                last = load;
            }
            assert_eq!(
                hundredths(&rows.last().unwrap()["load"]),
                hundredths(&result["cap"]),
                "{context}: ends at the cap"
            );
            assert!(last <= limit, "{context}: cap above the pre-injury weight");

            let weeks = result["totalWeeks"].as_u64().unwrap();
            let decisions: Vec<Value> = (0..weeks.min(12))
                .map(|_| json!(rng.pick(&["progress", "progress", "repeat", "step_back", "resume"])))
                .collect();
            let adjusted = call("adjustPlan", &json!([plan, decisions]));
            assert!(!adjusted.to_string().contains("NaN"), "{context}");
            let start = typed_limit(&result["start"].to_string(), &unit);
            for row in adjusted["rows"].as_array().unwrap() {
                let load = assert_loadable(&eq, &row["load"], &row["plates"], &context);
                assert!(
                    hundredths(&row["load"]) >= hundredths(&result["start"]),
                    "{context}: below the start {start}"
                );
                assert!(load <= last, "{context}: adjusted load above the cap");
            }
        }
    });
    assert!(
        warmups > iterations / 2 && plans > iterations / 2,
        "warm-ups {warmups}, plans {plans}, errors {errors}"
    );
    assert!(mixed > iterations / 8, "mixed equipment cases: {mixed}");
    println!(
        "property test: {iterations} iterations ({mixed} mixed kg/lb), {warmups} warm-ups (+ percentages), {plans} plans (+ adjusted), {errors} rejected inputs"
    );
}

import Symbolic
import TestSupport
import Reduction

/// Benchmark settings.
struct Settings {
    var quick = false
    var shared = "../shared"
    var odered = ""
    /// Repetitions for medians.
    var repetitions: Int { quick ? 1 : 5 }
}

// MARK: a. load time

func benchLoad(_ s: Settings) {
    section("a. Load (parse) time of the largest shared models")
    guard let entries = loadManifest(shared: s.shared) else { return }
    let valid = entries.filter { $0.variables != nil }.sorted { $0.bytes > $1.bytes }
    let picked = Array(valid.prefix(s.quick ? 3 : 10))
    var table = Table(["model", "KiB", "variables", "terms", "load ms (median)", "MiB/s"])
    for e in picked {
        var times: [Double] = []
        var model: ODEModel?
        for _ in 0..<max(3, s.repetitions) {
            let (m, t) = timed { try? ModelFile.load(path: e.fullPath) }
            model = m
            times.append(t)
        }
        guard let model else { table.add([e.path, "", "", "", "load failed", ""]); continue }
        let t = median(times)
        table.add([e.path, "\(e.bytes / 1024)", "\(model.variables.count)",
                   "\(model.substitutingParameterValues().statistics.terms)", ms(t),
                   fixed(Double(e.bytes) / 1_048_576 / t, 1)])
    }
    print(table.render())
}

// MARK: b. Rational fast path vs GMP

func benchRational(_ s: Settings) {
    section("b. Rational: Int64 fast path vs GMP path vs Double (ns per operation, median)")
    let count = 4096
    let rounds = s.quick ? 20 : 200
    let repetitions = s.quick ? 3 : 9
    var rng = SplitMix64(seed: 42)
    func values(integers: Bool) -> ([Rational], [Rational], [Double], [Double]) {
        var a: [Rational] = [], b: [Rational] = [], da: [Double] = [], db: [Double] = []
        for _ in 0..<count {
            let n1 = Int.random(in: -1000...1000, using: &rng), n2 = Int.random(in: -1000...1000, using: &rng)
            let d1 = integers ? 1 : Int.random(in: 1...1000, using: &rng), d2 = integers ? 1 : Int.random(in: 1...1000, using: &rng)
            a.append(Rational(n1, d1)); b.append(Rational(n2, d2))
            da.append(Double(n1) / Double(d1)); db.append(Double(n2) / Double(d2))
        }
        return (a, b, da, db)
    }
    var table = Table(["values", "op", "Rational fast path", "Rational via GMP", "Double", "GMP / fast", "fast / Double"])
    for integers in [true, false] {
        let (a, b, da, db) = values(integers: integers)
        var out = [Rational](repeating: .zero, count: count)
        var dout = [Double](repeating: 0, count: count)
        for op in ["add", "mul"] {
            var fast: [Double] = [], gmp: [Double] = [], dbl: [Double] = []
            // Interleave the three variants in every repetition (side by side on a noisy machine).
            for _ in 0..<repetitions {
                var t0 = now()
                for _ in 0..<rounds {
                    if op == "add" { for i in 0..<count { out[i] = a[i] + b[i] } } else { for i in 0..<count { out[i] = a[i] * b[i] } }
                    blackHole(out)
                }
                fast.append((now() - t0) / Double(rounds * count) * 1e9)
                t0 = now()
                for _ in 0..<max(1, rounds / 10) {
                    if op == "add" { for i in 0..<count { out[i] = Rational._gmpAdd(a[i], b[i]) } } else { for i in 0..<count { out[i] = Rational._gmpMul(a[i], b[i]) } }
                    blackHole(out)
                }
                gmp.append((now() - t0) / Double(max(1, rounds / 10) * count) * 1e9)
                t0 = now()
                for _ in 0..<rounds {
                    if op == "add" { for i in 0..<count { dout[i] = da[i] + db[i] } } else { for i in 0..<count { dout[i] = da[i] * db[i] } }
                    blackHole(dout)
                }
                dbl.append((now() - t0) / Double(rounds * count) * 1e9)
            }
            // Sanity: both paths agree.
            for i in 0..<count {
                let f = op == "add" ? a[i] + b[i] : a[i] * b[i]
                let g = op == "add" ? Rational._gmpAdd(a[i], b[i]) : Rational._gmpMul(a[i], b[i])
                precondition(f == g, "fast path and GMP disagree")
            }
            let mf = median(fast), mg = median(gmp), md = median(dbl)
            table.add([integers ? "integers ±1000" : "fractions ±1000/1..1000", op, fixed(mf, 2), fixed(mg, 1), fixed(md, 2),
                       fixed(mg / mf, 1) + "×", fixed(mf / md, 1) + "×"])
        }
    }
    print(table.render())
    print("\n\(count) operand pairs per pass (arrays, result stored to an array); \(repetitions) repetitions, the three variants interleaved in each.")
}

// MARK: c. whole `odered reduce` per shared model

/// One reduction's figures: phases (from ``libraryReduce(model:request:)``), or the whole
/// process (from ``runReduce(_:model:extra:)``: wall and peak RSS only).
struct ReduceRun {
    var wall: Double
    var load = 0.0, refine = 0.0, verify = 0.0, write = 0.0
    var blocks = -1
    var variables = -1
    var terms = -1
    var maxRSSKB = 0
    var error: String?
}

/// One whole `odered reduce MODEL -o OUT` in a child process: wall time and peak RSS.
func runReduce(_ s: Settings, model: String, extra: [String] = []) -> ReduceRun {
    let r = runChild(s.odered, ["reduce", model, "-o", "\(scratchDirectory)/reduced.ode"] + extra)
    var run = ReduceRun(wall: r.wall, maxRSSKB: r.maxRSSKB)
    if r.exitStatus != 0 { run.error = "exit \(r.exitStatus): " + String(r.stderr.prefix(200)).replacingNewlines }
    return run
}

/// The phases of one reduction timed through the library call (`ModelFile.load`,
/// `Reducer.reduce`, `ERODEWriter.write`), in this process: what `odered reduce` does, without
/// the process around it. The whole-process figure comes from ``runReduce(_:model:extra:)``.
func libraryReduce(model path: String, request: ReductionRequest = ReductionRequest()) -> ReduceRun {
    var clock = Stopwatch()
    var run = ReduceRun(wall: 0)
    do {
        let model = try ModelFile.load(path: path)
        run.load = clock.lap()
        let outcome = try Reducer.reduce(model, request)
        _ = clock.lap()
        run.refine = outcome.timings.refine
        run.verify = outcome.timings.verify
        let text = try ERODEWriter.write(outcome.reduced, comments: outcome.provenance(of: model, source: path, request: request))
        writeFile(text, to: "\(scratchDirectory)/reduced-library.ode")
        run.write = outcome.timings.quotient + clock.lap()
        run.blocks = outcome.partition.blocks.count
        run.variables = model.variables.count
        run.terms = outcome.termsBefore
        run.wall = run.load + run.refine + run.verify + run.write
    } catch {
        run.error = "\(error)"
    }
    return run
}

/// Median over repetitions (by wall time; phase times are medians separately).
func medianRun(_ runs: [ReduceRun]) -> ReduceRun {
    var m = runs[0]
    m.wall = median(runs.map(\.wall))
    m.load = median(runs.map(\.load)); m.refine = median(runs.map(\.refine))
    m.verify = median(runs.map(\.verify)); m.write = median(runs.map(\.write))
    m.maxRSSKB = runs.map(\.maxRSSKB).max()!
    return m
}

extension String {
    var replacingNewlines: String { String(map { $0 == "\n" ? " " : $0 }) }
}

func benchPipeline(_ s: Settings) {
    section("c. `odered reduce MODEL -o OUT` per shared model: phases through the library call, whole process as a child")
    guard let entries = loadManifest(shared: s.shared) else { return }
    var picked = entries.filter { $0.fdeBlocks != nil }
    if s.quick { picked = Array(picked.sorted { $0.bytes > $1.bytes }.prefix(4)) }
    var table = Table(["model", "vars", "terms", "blocks (manifest)", "load ms", "refine ms", "verify ms", "write ms",
                       "process wall ms", "peak RSS MiB", "< 150 ms"])
    var worst = (0.0, ""), allMet = true, mismatches: [String] = []
    for e in picked {
        let runs = (0..<max(3, s.repetitions)).map { _ in runReduce(s, model: e.fullPath) }
        let library = (0..<max(3, s.repetitions)).map { _ in libraryReduce(model: e.fullPath) }
        if let err = (runs + library).first(where: { $0.error != nil })?.error {
            table.add([e.path, "", "", "", "", "", "", "", "error: \(err)", "", ""]); allMet = false; continue
        }
        var m = medianRun(runs)
        let phases = medianRun(library)
        (m.load, m.refine, m.verify, m.write, m.blocks) = (phases.load, phases.refine, phases.verify, phases.write, phases.blocks)
        let ok = m.wall < 0.15
        allMet = allMet && ok
        if m.wall > worst.0 { worst = (m.wall, e.path) }
        let blocksCell = m.blocks == e.fdeBlocks! ? "\(m.blocks) (=)" : "\(m.blocks) (≠ \(e.fdeBlocks!))"
        if m.blocks != e.fdeBlocks! { mismatches.append(e.path) }
        table.add([e.path, "\(e.variables ?? 0)", "\(e.terms ?? 0)", blocksCell, ms(m.load), ms(m.refine), ms(m.verify),
                   ms(m.write), ms(m.wall), mib(m.maxRSSKB), ok ? "yes" : "**no**"])
    }
    print(table.render())
    print("\nMedian of \(max(3, s.repetitions)) runs per model. Phase columns: `ModelFile.load`, `Reducer.reduce` (refine; verify = certificate), quotient + `ERODEWriter.write`, timed in this process through the library. Process wall and peak RSS (GNU time %M, child only): the whole `odered reduce` command, exec included.")
    print("Target every shared model < 150 ms: **\(mark(allMet))** (slowest: \(worst.1), \(ms(worst.0)) ms).")
    if !mismatches.isEmpty { print("Block counts differing from the manifest: \(mismatches.joined(separator: ", ")).") }
}

import Symbolic
import Reduction

// MARK: d. generated models

func benchGenerated(_ s: Settings) {
    section("d. Generated models: phases through the library call, whole `odered reduce` on the written .ode as a child")
    // Manifest figures of the shared CLUE files (variables, terms, FDE blocks) for n = 2…6.
    let expected: [Int: (Int, Int, Int)] = [2: (27, 132, 19), 3: (75, 732, 29), 4: (267, 3636, 44),
                                            5: (1035, 17052, 65), 6: (4107, 77268, 93)]
    var table = Table(["model", "vars", "terms", "blocks", "vs shared file", "generate ms", "input MiB", "load ms",
                       "refine ms", "verify ms", "write ms", "process wall ms", "peak RSS MiB"])
    let sites = s.quick ? Array(2...5) : Array(2...8)
    let reps = s.quick ? 1 : 3
    for n in sites {
        let (text, genTime) = timed { Generators.proteinPhosphorylation(sites: n) }
        let path = "\(scratchDirectory)/ProteinPhosphorylation_\(n).ode"
        writeFile(text, to: path)
        let m = measuredReduce(s, path: path, repetitions: n >= 7 ? 1 : reps)
        if let err = m.error { table.add(["ProteinPhosphorylation[\(n)]", "error: \(err)"] + Array(repeating: "", count: 11)); continue }
        var check = "–"
        if let (v, t, b) = expected[n] {
            check = (m.variables, m.terms, m.blocks) == (v, t, b) ? "identical counts" : "**differs** (\(v)/\(t)/\(b))"
        }
        table.add(["ProteinPhosphorylation[\(n)]", "\(m.variables)", "\(m.terms)", "\(m.blocks)", check, ms(genTime),
                   fixed(Double(text.utf8.count) / 1_048_576, 1), ms(m.load), ms(m.refine), ms(m.verify), ms(m.write),
                   ms(m.wall), mib(m.maxRSSKB)])
    }
    var millionMet: Bool?
    for terms in s.quick ? [100_000] : [100_000, 1_000_000] {
        let shape = Generators.plantedShape(terms: terms)
        let (model, genTime) = timed { Generators.planted(shape) }
        let (text, textTime) = timed { () -> String in
            do { return try ERODEWriter.write(model) } catch { fatalError("\(error)") }
        }
        let path = "\(scratchDirectory)/planted_\(terms).ode"
        writeFile(text, to: path)
        let m = measuredReduce(s, path: path, repetitions: reps)
        if let err = m.error { table.add(["planted \(terms)", "error: \(err)"] + Array(repeating: "", count: 11)); continue }
        if terms == 1_000_000 { millionMet = m.wall < 2 && m.maxRSSKB < 1_048_576 }
        table.add(["random planted (\(shape.variables / shape.blockSize) blocks of \(shape.blockSize))", "\(m.variables)", "\(m.terms)",
                   "\(m.blocks)", "planted \(shape.variables / shape.blockSize)", ms(genTime) + " (+\(ms(textTime)) to text)",
                   fixed(Double(text.utf8.count) / 1_048_576, 1), ms(m.load), ms(m.refine), ms(m.verify), ms(m.write),
                   ms(m.wall), mib(m.maxRSSKB)])
    }
    print(table.render())
    print("\nPhase times are medians of \(reps) runs (1 run for n ≥ 7 and the 10⁶-term system); 'generate' is in the benchmark process, phases (load = `ModelFile.load` of the written text, refine, verify, write = quotient + `ERODEWriter.write`) are timed through the library in this process; process wall and peak RSS are the child `odered reduce FILE -o OUT`.")
    if let millionMet { print("Target 10⁶ terms < 2 s and < 1 GiB peak: **\(mark(millionMet))**.") }
}

/// Process wall and peak RSS from child runs of `odered reduce`, phases from library runs,
/// `repetitions` of each (medians).
func measuredReduce(_ s: Settings, path: String, repetitions: Int) -> ReduceRun {
    var m = medianRun((0..<repetitions).map { _ in runReduce(s, model: path) })
    if m.error != nil { return m }
    let phases = medianRun((0..<repetitions).map { _ in libraryReduce(model: path) })
    if let error = phases.error { m.error = error; return m }
    (m.load, m.refine, m.verify, m.write) = (phases.load, phases.refine, phases.verify, phases.write)
    (m.variables, m.terms, m.blocks) = (phases.variables, phases.terms, phases.blocks)
    return m
}

// MARK: e. ε-FDE

func benchApproximate(_ s: Settings) {
    section("e. ε-FDE (ApproximateForwardEquivalence.coarsest, single linkage, absolute) vs exact FDE, in process")
    var models: [(String, ODEModel)] = []
    if let entries = loadManifest(shared: s.shared) {
        let names = ["fceri_fyn.net", "ProteinPhosphorylation[6].ode", "bitcoin_alpha.ode", "Barua.ode", "e5.ode"]
        for name in s.quick ? Array(names.prefix(2)) : names {
            if let e = entries.first(where: { $0.name == name }), let m = try? ModelFile.load(path: e.fullPath) {
                models.append((e.path, m.substitutingParameterValues()))
            }
        }
    }
    if !s.quick {
        let shape = Generators.plantedShape(terms: 100_000, blockSize: 10_000)
        let m = Generators.planted(shape)
        models.append(("random planted \(m.statistics.terms) terms, \(shape.variables / shape.blockSize) blocks of \(shape.blockSize)", m))
    }
    let epsilons: [(String, Rational)] = [("0", .zero), ("1e-6", Rational(1, 1_000_000)), ("1e-4", Rational(1, 10_000)), ("1e-2", Rational(1, 100))]
    var table = Table(["model", "terms", "exact FDE ms (blocks)"] + epsilons.map { "ε=\($0.0) ms (blocks)" } + ["worst ε / exact", "≤ 3×"])
    let reps = s.quick ? 1 : 7
    var allMet = true
    for (name, model) in models {
        // Interleaved: every repetition times the exact FDE and each ε once, so a burst of load
        // on this shared machine hits all variants alike; medians per variant.
        var times = [[Double]](repeating: [], count: epsilons.count + 1)
        var blocks = [Int](repeating: 0, count: epsilons.count + 1)
        for _ in 0..<reps {
            let (p, t) = timed { ForwardEquivalence.coarsest(model) }
            blocks[0] = p.blocks.count
            times[0].append(t)
            for (k, (_, eps)) in epsilons.enumerated() {
                let (q, u) = timed { ApproximateForwardEquivalence.coarsest(model, epsilon: eps) }
                blocks[k + 1] = q.blocks.count
                times[k + 1].append(u)
            }
        }
        let exact = median(times[0])
        var cells = [name, "\(model.statistics.terms)", "\(ms(exact)) (\(blocks[0]))"]
        var worst = 0.0
        for k in epsilons.indices {
            let t = median(times[k + 1])
            worst = max(worst, t / exact)
            cells.append("\(ms(t)) (\(blocks[k + 1]))")
        }
        allMet = allMet && worst <= 3
        cells += [fixed(worst, 2) + "×", worst <= 3 ? "yes" : "**no**"]
        table.add(cells)
    }
    print(table.render())
    print("\nMedians of \(reps) interleaved runs (each repetition times exact and every ε once), in one process. ε-FDE includes its own exact FDE (it refines the exact classes).")
    print("Target ε-FDE ≤ 3× exact: **\(mark(allMet))**.")
}

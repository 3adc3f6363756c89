#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Symbolic
import TestSupport
import Reduction
import Networks

// MARK: f. network compression (layered ε-FDE of the lumping ODE)

/// A two-hidden-layer network of hidden width `width` with random dyadic weights (multiples
/// of 2⁻¹⁰ in [−1, 1]) and planted duplicates: in each hidden layer every 8th neuron is an
/// exact copy of a random earlier one and every 8th (offset 4) a near copy (one weight moved
/// by 1–3 · 2⁻¹⁰). 32 inputs, 4 identity outputs, square activations.
func plantedBenchNetwork(width: Int, seed: UInt64) -> Network {
    var rng = SplitMix64(seed: seed)
    func weight() -> Rational { Rational(Int.random(in: -1024...1024, using: &rng), 1024) }
    var layers: [Layer] = []
    var m = 32
    for (l, w) in [width, width, 4].enumerated() {
        var rows: [[Rational]] = [], bias: [Rational] = []
        rows.reserveCapacity(w)
        let hidden = l < 2
        for j in 0..<w {
            if hidden && j > 0 && j % 8 == 0 {
                let s = Int.random(in: 0..<j, using: &rng)
                rows.append(rows[s]); bias.append(bias[s])
            } else if hidden && j > 4 && j % 8 == 4 {
                let s = Int.random(in: 0..<j, using: &rng)
                var row = rows[s]
                row[Int.random(in: 0..<m, using: &rng)] += Rational(Int.random(in: 1...3, using: &rng), 1024)
                rows.append(row); bias.append(bias[s])
            } else {
                rows.append((0..<m).map { _ in weight() })
                bias.append(weight())
            }
        }
        layers.append(Layer(weights: rows, bias: bias, activation: hidden ? .square : .identity))
        m = w
    }
    return Network(inputCount: 32, layers: layers)
}

func selfRSSKB(_ key: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }
    return nil
}

/// Child mode: `odered-bench networks-child WIDTH EPSILON` — one compression in a fresh
/// process, printing one JSON object (times in seconds, memory in kB).
func networksChild(_ args: [String]) {
    guard let width = Int(args[0]), let eps = try? Rational(parsing: args[1]) else {
        fatalError("networks-child WIDTH EPSILON: expected an integer and an exact number")
    }
    let (net, generate) = timed { plantedBenchNetwork(width: width, seed: UInt64(width)) }
    let rssAfterGenerate = selfRSSKB("VmRSS") ?? 0
    let (lumping, lump) = timed { net.layeredLumping(epsilons: [eps]) }
    let (small, decode) = timed { net.reduced(groups: lumping.groups) }
    let report = CompressionReport(before: net, after: small)
    var generic = -1.0
    if args.count > 2 && args[2] == "generic" {
        // The generic path: build the lumping ODE, ε-FDE / exact FDE on it, decode.
        let (_, t) = timed {
            let enc = net.lumpingEncoding()
            let p = eps.isZero ? ForwardEquivalence.coarsest(enc.model, initial: enc.initialPartition)
                : ApproximateForwardEquivalence.coarsest(enc.model, epsilon: eps, initial: enc.initialPartition)
            do { return try net.reduced(by: p, encoding: enc) } catch { fatalError("generic decode: \(error)") }
        }
        generic = t
    }
    let hwm = selfRSSKB("VmHWM") ?? 0
    print("{\"width\": \(width), \"weights\": \(net.layers.reduce(0) { $0 + $1.outputCount * $1.inputCount }), \"generate\": \(generate), \"lump\": \(lump), \"decode\": \(decode), \"generic\": \(generic), \"hidden_after\": [\(small.layers[0].outputCount), \(small.layers[1].outputCount)], \"params_before\": \(report.parametersBefore), \"params_after\": \(report.parametersAfter), \"rss_generate_kb\": \(rssAfterGenerate), \"hwm_kb\": \(hwm)}")
}

func benchNetworks(_ s: Settings) {
    section("f. Network compression (layered ε-FDE, two hidden layers, planted duplicates), one child process per row")
    let widths = s.quick ? [256, 1024] : [256, 1024, 2048, 4096]
    var table = Table(["hidden width", "weights", "ε", "hidden after", "params before → after", "generate s",
                       "ε-FDE s", "decode s", "compress s", "generic path s", "peak RSS MiB (after generate)"])
    let me = executableDirectory() + "/odered-bench"
    var target2048: Bool?
    for width in widths {
        for eps in ["0", "1/256"] {
            var args = ["networks-child", "\(width)", eps]
            if width <= 1024 { args.append("generic") }
            let r = runChild(me, args)
            guard r.exitStatus == 0, let j = r.json else {
                table.add(["\(width)", "", eps, "failed (exit \(r.exitStatus)) \(r.stderr.prefix(80))", "", "", "", "", "", "", ""])
                continue
            }
            let lump = j["lump"] as! Double, decode = j["decode"] as! Double
            let generic = j["generic"] as! Double
            let hidden = (j["hidden_after"] as! [Int]).map(String.init).joined(separator: ", ")
            if width == 2048 { target2048 = (target2048 ?? true) && lump + decode < 5 }
            table.add(["\(width)", "\(j["weights"] as! Int)", eps, hidden,
                       "\(j["params_before"] as! Int) → \(j["params_after"] as! Int)",
                       fixed(j["generate"] as! Double, 2), fixed(lump, 2), fixed(decode, 2), fixed(lump + decode, 2),
                       generic < 0 ? "–" : fixed(generic, 2),
                       "\(mib(j["hwm_kb"] as! Int)) (\(mib(j["rss_generate_kb"] as! Int)))"])
        }
    }
    print(table.render())
    print("\n32 inputs, 4 outputs; weights are multiples of 2⁻¹⁰; every 8th hidden neuron an exact copy, every 8th (offset 4) a near copy at distance 1–3·2⁻¹⁰ (merged at ε = 1/256 = 4·2⁻¹⁰). 'compress' = ε-FDE + decode, in process after generation (no JSON I/O); peak RSS is the child's VmHWM, including the generated network.")
    if let target2048 { print("Target width 2048 compress < 5 s: **\(mark(target2048))**.") }
}

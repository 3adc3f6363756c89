import Foundation
import Testing
import Export
import Simulation
import Symbolic
import TestSupport

/// The exported simulation code runs in its own language and agrees with `odered simulate`;
/// and `odered simulate` agrees with scipy's `solve_ivp` (BDF) on shared mass-action models.
@Suite(.serialized) struct SimulationExportTests {
    /// odered's trajectory at `points` output times to `tEnd`, at tight tolerances.
    func oderedTrajectory(_ model: ODEModel, tEnd: Double, points: Int, rtol: Double = 1e-10, atol: Double = 1e-14) throws -> Trajectory {
        var options = IntegrationOptions()
        options.relativeTolerance = rtol
        options.absoluteTolerance = atol
        return try simulate(try CompiledVectorField(model), times: outputTimes(end: tEnd, points: points), options: options).0
    }

    /// The largest error of `rows` (CSV rows: time, then the variables) against `reference`,
    /// relative to max(|reference value|, floor · the largest |value| of that variable over time).
    func largestRelativeError(_ rows: [[Double]], _ reference: Trajectory, floor: Double) -> (error: Double, at: String) {
        let n = reference.names.count
        var scale = [Double](repeating: 0, count: n)
        for r in 0..<reference.count { for j in 0..<n { scale[j] = max(scale[j], abs(reference.value(r, j))) } }
        var worst = (0.0, "")
        for (r, row) in rows.enumerated() {
            for j in 0..<n {
                let ref = reference.value(r, j)
                let denominator = max(abs(ref), floor * scale[j], .leastNormalMagnitude)
                let e = abs(row[j + 1] - ref) / denominator
                if !(e <= worst.0) { worst = (e, "\(reference.names[j]) at t = \(reference.times[r])") }
            }
        }
        return worst
    }

    /// Runs the exported script; its CSV rows.
    func runPython(_ model: ODEModel, tEnd: Double, points: Int, rtol: Double, atol: Double, method: String = "BDF") throws -> [[Double]] {
        let directory = External.temporaryDirectory()
        let script = directory + "/model.py"
        try Exporter.export(model, to: .python, source: "test").text.write(toFile: script, atomically: true, encoding: .utf8)
        let result = ExternalCommand.run(["python3", script, "--t-end", "\(tEnd)", "--points", "\(points)", "--rtol", "\(rtol)", "--atol", "\(atol)", "--method", method])
        try #require(result.status == 0, "python3 failed: \(result.error)")
        let csv = External.parseCSV(result.output)
        #expect(csv.header == ["time"] + model.variables.map(\.name))
        try #require(csv.rows.count == points)
        return csv.rows
    }

    @Test(.enabled(if: External.scipy, "needs python3 with scipy"), arguments: bundledModels)
    func pythonScriptMatchesSimulate(_ path: String) throws {
        let model = try loadAnyModel(path)
        // Radau (order 5): scipy's BDF reaches only ~1e-6 on the glycolytic oscillator even at rtol 1e-10.
        let rows = try runPython(model, tEnd: 2, points: 21, rtol: 1e-10, atol: 1e-14, method: "Radau")
        let reference = try oderedTrajectory(model, tEnd: 2, points: 21)
        for (r, row) in rows.enumerated() { #expect(row[0] == reference.times[r]) }
        let worst = largestRelativeError(rows, reference, floor: 1e-6)
        #expect(worst.error < 1e-6, "\(path): \(worst.error) at \(worst.at)")
    }

    /// `odered simulate` (tolerances 1e-10 / 1e-14) against scipy's BDF at rtol 1e-8 through the
    /// exported script, within 1e-5 relative at every output time on every species; a species'
    /// error is relative to its value, or to 1e-6 of its largest value over the horizon when it
    /// is smaller (a species at 1e-300 has no meaningful relative error).
    @Test(.enabled(if: External.scipy && SharedModels.available, "needs python3 with scipy and ../shared/models"),
          arguments: [("bng/Haugh2b.net", 100.0), ("bng/example1.net", 100.0), ("bng/blbr.net", 100.0),
                      ("bng/tlbr.net", 100.0), ("bng/toy-jim.net", 100.0), ("bng/egfr_net.net", 100.0)])
    func agreesWithScipyBDF(_ relative: String, _ tEnd: Double) throws {
        let model = try loadAnyModel(SharedModels.path(relative))
        let rows = try runPython(model, tEnd: tEnd, points: 51, rtol: 1e-8, atol: 1e-14)
        let reference = try oderedTrajectory(model, tEnd: tEnd, points: 51)
        let worst = largestRelativeError(rows, reference, floor: 1e-6)
        #expect(worst.error < 1e-5, "\(relative): \(worst.error) at \(worst.at)")
    }

    @Test(.enabled(if: External.octave, "needs octave-cli"), arguments: bundledModels)
    func matlabFunctionRunsInOctave(_ path: String) throws {
        let model = try loadAnyModel(path)
        let directory = External.temporaryDirectory()
        try Exporter.export(model, to: .matlab, source: "test", baseName: "exported_model").text
            .write(toFile: directory + "/exported_model.m", atomically: true, encoding: .utf8)
        let result = ExternalCommand.run(["octave-cli", "--no-gui", "--eval",
                                   "[t, x] = exported_model(2, 11, 1e-9, 1e-11); fprintf('%.17g\\n', [t x]')"], in: directory)
        try #require(result.status == 0, "octave failed: \(result.error)")
        let numbers = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        let n = model.variables.count
        try #require(numbers.count == 11 * (n + 1), "\(numbers.count) numbers")
        let rows = (0..<11).map { Array(numbers[($0 * (n + 1))..<(($0 + 1) * (n + 1))]) }
        let reference = try oderedTrajectory(model, tEnd: 2, points: 11)
        // Octave's ode15s at RelTol 1e-9 (tighter fails in SUNDIALS IDA's step limit): the
        // glycolytic oscillator is 8.5e-6 off there, the others ≤ 3e-8.
        let worst = largestRelativeError(rows, reference, floor: 1e-6)
        #expect(worst.error < 1e-4, "\(path): \(worst.error) at \(worst.at)")
    }

    /// The Julia file (not run here: no Julia on this machine) defines what its header promises,
    /// has one line per equation and per Jacobian entry, and quotes names safely.
    @Test func juliaFileHasItsParts() throws {
        let model = try ERODEReader.read(text: "begin model m\n begin parameters\n  k = 1/10\n end parameters\n begin init\n  A = 1 ( \"a $x, q\" )\n  B\n end init\n begin ODE\n  d(A) = -k*A^2\n  d(B) = k*A^2\n end ODE\nend model\n", file: "m.ode")
        let text = try Exporter.export(model, to: .julia, source: "m.ode").text
        #expect(text.contains("du[1] = -p[1]*u[1]^2"))
        #expect(text.contains("du[2] = p[1]*u[1]^2"))
        #expect(text.contains("J[1, 1] = -2.0*p[1]*u[1]"))
        #expect(text.contains("J[2, 1] = 2.0*p[1]*u[1]"))
        #expect(text.contains("const JAC_ROWS = Int[1, 2]"))
        #expect(text.contains("0.1,  # k = 1/10"))
        #expect(text.contains("function simulate(t_end"))
    }

    /// LaTeX: exact fractions, escaped names, balanced braces.
    @Test func latexIsExactAndBalanced() throws {
        let model = try ERODEReader.read(text: "begin model m_1\n begin parameters\n  k_1 = 1/3\n end parameters\n begin init\n  A = 1/7 ( \"A&B%{\" )\n end init\n begin ODE\n  d(A) = -2/5*k_1*A^2 + 1\n end ODE\nend model\n", file: "m.ode")
        let text = try Exporter.export(model, to: .latex, source: "m.ode").text
        #expect(text.contains("\\frac{d\\,\\mathit{A}}{dt} &= 1 - \\frac{2}{5}\\,\\mathit{k\\_1}\\,{\\mathit{A}}^{2}"))
        #expect(text.contains("\\mathit{k\\_1} &= \\frac{1}{3}"))
        #expect(text.contains("\\text{A\\&B\\%\\{}"))
        var depth = 0, i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\\" { i = text.index(after: i); if i < text.endIndex { i = text.index(after: i) }; continue }
            if text[i] == "{" { depth += 1 } else if text[i] == "}" { depth -= 1; #expect(depth >= 0) }
            i = text.index(after: i)
        }
        #expect(depth == 0)
    }

    /// A MATLAB file named like one of its local functions or an Octave keyword gets another
    /// function name; a coefficient whose derivative overflows a double is refused in one line.
    @Test func generatedCodeRefusesWhatItCannotSpell() throws {
        let model = try ERODEReader.read(text: "begin model m\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = -x\n end ODE\nend model\n", file: "m.ode")
        for (base, name) in [("rhs_", "rhs__model"), ("endif", "endif_model"), ("3d", "model_3d"), ("ok", "ok")] {
            let text = try Exporter.export(model, to: .matlab, source: "m.ode", baseName: base).text
            #expect(text.hasPrefix("function [t, x] = \(name)(t_end"), "\(base)")
        }
        let huge = try ERODEReader.read(text: "begin model h\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = -1e308*x^2\n end ODE\nend model\n", file: "h.ode")
        #expect(throws: ExportError.self) { _ = try Exporter.export(huge, to: .python, source: "h.ode") }
    }

    /// `vector_field` takes the parameters by name: a dictionary in another order gives the same f.
    @Test(.enabled(if: External.scipy, "needs python3 with scipy"))
    func pythonParametersAreTakenByName() throws {
        let model = try ERODEReader.read(text: "begin model p\n begin parameters\n  a = 2\n  b = 3\n end parameters\n begin init\n  x = 1\n  y = 1\n end init\n begin ODE\n  d(x) = -a*x\n  d(y) = -b*y\n end ODE\nend model\n", file: "p.ode")
        let directory = External.temporaryDirectory()
        try Exporter.export(model, to: .python, source: "p.ode").text.write(toFile: directory + "/exported.py", atomically: true, encoding: .utf8)
        let result = ExternalCommand.run(["python3", "-c", "import exported; rhs, _ = exported.vector_field({'b': 3.0, 'a': 2.0}); print([float(v) for v in rhs(0, [1.0, 1.0])])"], in: directory)
        try #require(result.status == 0, "\(result.error)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[-2.0, -3.0]")
    }
}

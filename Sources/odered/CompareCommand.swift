import ArgumentParser
import Plot
import Reduction
import Simulation
import Symbolic

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Simulate a model and its reduction; report per block the error of the reduced trajectories.",
        discussion: """
        Both models are simulated from their initial values with the same method, tolerances \
        and output times. Each reduced variable stands for a block of original variables: \
        their sum (forward equivalence) or their common value (backward). The blocks come from \
        --partition, or else from the block list odered writes at the top of a reduced model \
        (the // comments of an .ode, the notes of an SBML file). Per block: max |original − \
        reduced| over the output times, and that error relative to the block's largest \
        |original| value. For an exact reduction both are integration error only; for an \
        ε-reduction they are the error of the approximation.
        """
    )

    @Argument(help: "The original model.")
    var original: String

    @Argument(help: "The reduced model (as odered reduce -o writes it).")
    var reduced: String

    @Option(help: "Blocks of original variables, one per line (names separated by spaces); each reduced variable is named after a member of its block.")
    var partition: String?

    @Flag(help: "With --partition: the reduced variables are the blocks' common values (backward equivalence).")
    var backward = false

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Write an SVG plot: original block sums (solid) against the reduced trajectories (dashed) of the blocks with the largest relative errors.")
    var plot: String?

    @Option(help: "Number of blocks drawn in the plot.")
    var plotBlocks = 6

    @Flag(help: "Logarithmic y axis in the plot.")
    var logY = false

    @Flag(help: "Print a JSON object (blocks with their errors, the worst error, both integrations' statistics).")
    var json = false

    func validate() throws {
        _ = try simulation.horizon()
        if backward && partition == nil { throw ValidationError("--backward needs --partition (otherwise the reduced model's comments say which equivalence it is)") }
        guard plotBlocks >= 1 else { throw ValidationError("--plot-blocks must be at least 1") }
    }

    func run() throws {
        try reportingInputErrors {
            let originalModel = try loadModel(path: original, format: FormatOption.of(path: original, given: nil))
            let reducedModel = try loadModel(path: reduced, format: FormatOption.of(path: reduced, given: nil))
            let mapping = try blockMapping(originalModel, reducedModel)
            let times = try simulation.times()
            let options = simulation.integrationOptions
            let (a, statsA) = try simulateReporting(originalModel, path: original, times: times, options: options, label: "original")
            let (b, statsB) = try simulateReporting(reducedModel, path: reduced, times: times, options: options, label: "reduced")
            let errors = blockErrors(original: a, reduced: b, blocks: mapping.blocks, reducedColumns: mapping.columns,
                                     meaning: mapping.meaning)
            let worst = errors.max { !($0.maxRelative >= $1.maxRelative) }
            if let plot { try writePlot(errors, a, b, meaning: mapping.meaning, to: plot, title: "\(originalModel.name): original vs reduced") }
            if json {
                print(JSONValue.object([
                    ("original", .string(original)),
                    ("reduced", .string(reduced)),
                    ("meaning", .string(mapping.meaning == .sum ? "sum" : "common_value")),
                    ("t_end", .number(times.last!)),
                    ("points", .int(times.count)),
                    ("rtol", .number(simulation.rtol)),
                    ("atol", .number(simulation.atol)),
                    ("max_absolute_error", .number(errors.map(\.maxAbsolute).max() ?? 0)),
                    ("max_relative_error", .number(worst?.maxRelative ?? 0)),
                    ("blocks", .array(errors.map { e in
                        .object([
                            ("variable", .string(b.names[e.reduced])),
                            ("members", .array(e.members.map { .string(a.names[$0]) })),
                            ("max_absolute_error", .number(e.maxAbsolute)),
                            ("max_relative_error", .number(e.maxRelative)),
                            ("time_of_max", .number(e.timeOfMax)),
                        ])
                    })),
                    ("original_statistics", statisticsJSON(statsA)),
                    ("reduced_statistics", statisticsJSON(statsB)),
                ]).render())
                return
            }
            print("original   \(originalModel.name): \(a.names.count) variables, \(methodName(statsA)), \(statsA.acceptedSteps) steps")
            print("reduced    \(reducedModel.name): \(b.names.count) variables, \(methodName(statsB)), \(statsB.acceptedSteps) steps")
            print("horizon    t = 0 … \(shortDecimal(times.last!)), \(times.count) output times, rtol \(shortDecimal(simulation.rtol)), atol \(shortDecimal(simulation.atol))")
            print("blocks     \(errors.count) (reduced variable = \(mapping.meaning == .sum ? "sum" : "common value") of its block)")
            print("worst      max abs error \(shortDecimal(errors.map(\.maxAbsolute).max() ?? 0)), max relative error \(shortDecimal(worst?.maxRelative ?? 0))\(worst.map { " (block \(b.names[$0.reduced]), t = \(shortDecimal($0.timeOfMax)))" } ?? "")")
            let shown = errors.sorted { $0.maxRelative > $1.maxRelative }.prefix(10)
            print("block                 size  max abs error  max rel error")
            for e in shown {
                let name = b.names[e.reduced]
                print(name.padding(20) + "  " + String(e.members.count).leftPadding(4) + "  " + shortDecimal(e.maxAbsolute).leftPadding(13) + "  " + shortDecimal(e.maxRelative).leftPadding(13))
            }
            if errors.count > shown.count { print("… \(errors.count - shown.count) more blocks (--json lists all)") }
        }
    }

    struct Mapping {
        var blocks: [[Int]]
        var columns: [Int]
        var meaning: BlockMeaning
    }

    /// Which original variables each reduced variable stands for.
    func blockMapping(_ a: ODEModel, _ b: ODEModel) throws -> Mapping {
        let reducedIndex = b.variableIndicesByName()
        if let partition {
            let p: Partition
            do { p = try PartitionFile.read(bytes: try ModelFile.readBytes(path: partition), file: partition, model: a) } catch {
                throw ReportedError(message: error.description)
            }
            var columns: [Int] = []
            for block in p.blocks {
                let hits = Set(block.compactMap { reducedIndex[a.variables[$0].name] })
                guard hits.count == 1 else {
                    throw ReportedError(message: "\(partition): \(hits.isEmpty ? "no" : "more than one") variable of \(reduced) is named after a member of the block of '\(a.variables[block[0]].name)'")
                }
                columns.append(hits.first!)
            }
            try checkCovers(columns, b)
            return Mapping(blocks: p.blocks, columns: columns, meaning: backward ? .commonValue : .sum)
        }
        guard let description = LumpingDescription.parse(commentLines: try provenanceLines(of: reduced)) else {
            throw ReportedError(message: "\(reduced): no block list (odered writes one at the top of a reduced model); give the blocks with --partition")
        }
        let originalIndex = a.variableIndicesByName()
        var blocks: [[Int]] = [], columns: [Int] = []
        var seen = Set<Int>()
        for block in description.blocks {
            guard let c = reducedIndex[block.variable] else {
                throw ReportedError(message: "\(reduced): the block list names '\(block.variable)', which is not a variable of the reduced model")
            }
            var members: [Int] = []
            for name in block.members {
                guard let i = originalIndex[name] else {
                    throw ReportedError(message: "\(reduced): block '\(block.variable)' lists '\(name)', which is not a variable of \(original)")
                }
                guard seen.insert(i).inserted else { throw ReportedError(message: "\(reduced): '\(name)' is in two blocks") }
                members.append(i)
            }
            blocks.append(members)
            columns.append(c)
        }
        try checkCovers(columns, b)
        return Mapping(blocks: blocks, columns: columns, meaning: description.isBackward ? .commonValue : .sum)
    }

    /// Every reduced variable stands for exactly one block.
    func checkCovers(_ columns: [Int], _ b: ODEModel) throws {
        guard Set(columns).count == columns.count, columns.count == b.variables.count else {
            throw ReportedError(message: "\(reduced): \(b.variables.count) variables but \(columns.count) blocks map to \(Set(columns).count) of them")
        }
    }

    /// The comment lines of a written model: `//` lines of an `.ode`, `<p>` paragraphs of SBML
    /// notes, the `comments` of odered's JSON.
    func provenanceLines(of path: String) throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try ModelFile.readBytes(path: path) } catch { throw ReportedError(message: error.description) }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [String] = []
        if FormatOption.of(path: path, given: nil) == .json {
            // The writer's `comments` array.
            guard case .array(let items)? = (try? JSONDocument.parse(bytes: bytes, file: path))?["comments"] else { return [] }
            for case .string(let line) in items { lines.append(line) }
        } else if FormatOption.of(path: path, given: nil) == .sbml {
            // One paragraph per line, as the SBML writer puts them.
            for line in text.split(separator: "\n") {
                var s = Substring(line)
                while s.first == " " || s.first == "\t" { s.removeFirst() }
                guard s.hasPrefix("<p>"), s.hasSuffix("</p>") else { continue }
                lines.append(xmlUnescaped(String(s.dropFirst(3).dropLast(4))))
            }
        } else {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var s = Substring(line)
                while s.first == " " || s.first == "\t" { s.removeFirst() }
                guard s.hasPrefix("//") else { continue }
                s.removeFirst(2)
                if s.first == " " { s.removeFirst() }
                lines.append(String(s))
            }
        }
        return lines
    }

    func xmlUnescaped(_ s: String) -> String {
        let entities: [String: Character] = ["lt": "<", "gt": ">", "quot": "\"", "apos": "'", "amp": "&"]
        var out = ""
        var rest = Substring(s)
        while let c = rest.first {
            if c == "&", let end = rest.firstIndex(of: ";"), let e = entities[String(rest[rest.index(after: rest.startIndex)..<end])] {
                out.append(e)
                rest = rest[rest.index(after: end)...]
            } else {
                out.append(c)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    func writePlot(_ errors: [BlockError], _ a: Trajectory, _ b: Trajectory, meaning: BlockMeaning, to path: String,
                   title: String) throws {
        var lines = LinePlot(title: title, xLabel: "time", yLabel: "block value")
        if logY { lines.yScale = .log }
        // The blocks with the largest relative errors; among equal ones (an exact reduction),
        // the largest blocks.
        let chosen = errors.enumerated().sorted {
            ($0.element.maxRelative, $0.element.members.count) > ($1.element.maxRelative, $1.element.members.count)
        }.prefix(plotBlocks)
        for (colour, (_, e)) in chosen.enumerated() {
            let name = b.names[e.reduced]
            // The block sum, or (common value) the first member.
            let values = meaning == .sum ? (0..<a.count).map { row in e.members.reduce(0) { $0 + a.value(row, $1) } }
                : a.column(e.members[0])
            let what = meaning == .sum ? "sum of \(e.members.count)" : "\(a.names[e.members[0]]) of \(e.members.count)"
            lines.series.append(Series(label: "\(name): original (\(what))", x: a.times, y: values, style: .solid, colorIndex: colour))
            lines.series.append(Series(label: "\(name): reduced", x: b.times, y: b.column(e.reduced), style: .dashed, colorIndex: colour))
        }
        do { try FileHandleOutput.write(try lines.svg(), to: path) } catch let error as PlotError {
            throw ReportedError(message: "\(path): \(error.description)")
        }
    }
}

/// Compiles and simulates `model`, turning failures into one-line errors naming the file.
func simulateReporting(_ model: ODEModel, path: String, times: [Double], options: IntegrationOptions,
                       label: String) throws -> (Trajectory, IntegrationStatistics) {
    do {
        let field = try CompiledVectorField(model)
        let result = try simulate(field, times: times, options: options, progress: simulationProgress("simulate \(label)", end: times.last!))
        endProgress()
        return result
    } catch {
        endProgress()
        throw ReportedError(message: "\(path): \(error.description)")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

import Symbolic

/// The formats `odered export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// A standalone LaTeX document with the exact equations.
    case latex
    /// A Python script for scipy's `solve_ivp` (BDF/LSODA/Radau, analytic sparse Jacobian).
    case python
    /// A Julia file for DifferentialEquations.jl (`f!`, `jac!`, `simulate`).
    case julia
    /// A MATLAB/Octave function with an `ode15s` driver.
    case matlab
    /// odered's exact JSON model (``ModelJSON``), which odered reads back.
    case json
    /// ERODE `.ode`.
    case ode
    /// BioNetGen `.net` (mass-action-representable models).
    case net

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .latex: return "tex"
        case .python: return "py"
        case .julia: return "jl"
        case .matlab: return "m"
        case .json: return "json"
        case .ode: return "ode"
        case .net: return "net"
        }
    }

    /// The format a file name's extension names, if any.
    public static func of(path: String) -> ExportFormat? {
        let lower = path.lowercased()
        return allCases.first { lower.hasSuffix("." + $0.fileExtension) }
    }
}

/// Defaults written into the generated simulation code (`--t-end`, `--points`).
public struct ExportDefaults: Sendable {
    public var tEnd: Double
    public var points: Int
    public init(tEnd: Double = 10, points: Int = 101) {
        self.tEnd = tEnd
        self.points = points
    }
}

/// One export call: a model in, a text out.
public enum Exporter {
    /// The text of `model` in `format`, and warnings (one line each) about what it leaves out.
    /// - Parameters:
    ///   - source: the model's file, named in the generated header.
    ///   - baseName: the output file's base name; MATLAB's function name must equal it.
    ///   - form: the dynamics of an `.ode` export (ODEs or one reaction per term).
    public static func export(_ model: ODEModel, to format: ExportFormat, source: String, baseName: String? = nil,
                              defaults: ExportDefaults = ExportDefaults(), form: ERODEWriter.Form = .odes) throws(ExportError) -> (text: String, warnings: [String]) {
        switch format {
        case .latex: return (LaTeXExporter.write(model, source: source), [])
        case .python: return (try PythonExporter.write(model, source: source, defaults: defaults), warnings(model, format))
        case .julia: return (try JuliaExporter.write(model, source: source, defaults: defaults), warnings(model, format))
        case .matlab:
            let name = MATLABExporter.functionName(baseName ?? model.name)
            var notes = warnings(model, format)
            // MATLAB calls a function file by its file name.
            if let baseName, name != baseName {
                notes.insert("the function is named \(name) ('\(LocatedInputError.excerpt(baseName))' is not a MATLAB name): save the file as \(name).m to call it", at: 0)
            }
            return (try MATLABExporter.write(model, functionName: name, source: source, defaults: defaults), notes)
        case .json: return (ModelJSON.write(model), [])
        case .ode:
            do { return (try ERODEWriter.write(model, form: form), []) } catch { throw ExportError(error.description) }
        case .net:
            do {
                let output = try BioNetGenWriter.write(model)
                return (output.text, output.omittedViews.map { "view '\(LocatedInputError.excerpt($0))' left out: a BioNetGen group is a sum of species with positive whole weights" })
            } catch { throw ExportError(error.description) }
        }
    }

    /// What simulation code leaves out: views are not simulated outputs; symbolic parameters need values.
    static func warnings(_ model: ODEModel, _ format: ExportFormat) -> [String] {
        var out: [String] = []
        if let p = model.parameters.first(where: \.isSymbolic) {
            out.append("parameter '\(LocatedInputError.excerpt(p.name))' has no value: the \(format.rawValue) code asks for one before it simulates")
        }
        if !model.views.isEmpty { out.append("\(model.views.count) view(s) not exported: the \(format.rawValue) code outputs the variables") }
        return out
    }
}

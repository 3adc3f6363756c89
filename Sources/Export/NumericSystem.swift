import Symbolic

/// Why a model cannot be exported in the requested form: one line.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A model's right-hand side split for code generation: each term is a double coefficient
/// times a product of parameters times a monomial in the variables, and the Jacobian is the
/// exact derivative of those terms.
///
/// Parameters stay named (slots in a parameter vector, with their double values) so that a
/// user of the generated code can change them; the exact values are kept for comments.
struct NumericSystem {
    /// A factor of a monomial: index (a variable or a parameter slot) and exponent ≥ 1.
    struct Factor: Hashable {
        var index: Int
        var exponent: Int
    }

    /// One term of an equation: `coefficient · Π parameters · Π variables`.
    struct NumericTerm {
        var coefficient: Double
        var parameters: [Factor]
        var variables: [Factor]
    }

    /// A parameter slot.
    struct Slot {
        var name: String
        /// The double value; `nil` for a symbolic parameter (no value).
        var value: Double?
        /// The exact value or defining expression, for a comment.
        var exactText: String
    }

    let variableNames: [String]
    let originalNames: [String?]
    let initialValues: [Double]
    let exactInitialValues: [Rational]
    let slots: [Slot]
    /// Terms of each equation, in the polynomial's order.
    let equations: [[NumericTerm]]
    /// Whether some parameter has no value (generated code then asks for one).
    var hasSymbolicParameters: Bool { slots.contains { $0.value == nil } }

    /// Splits `model`.
    /// - Throws: ``ExportError`` when a coefficient, initial value or parameter value is not a
    ///   finite double (the generated code computes in doubles).
    init(_ model: ODEModel) throws(ExportError) {
        let values = model.approximateParameterValues()
        let variableOf = model.variableIndexTable()
        var slotOf = [Int](repeating: -1, count: model.symbols.count)
        var slots: [Slot] = []
        for p in model.parameters {
            slotOf[Int(p.symbol)] = slots.count
            let value = values[Int(p.symbol)]
            if let value, !value.isFinite {
                throw ExportError("the value of parameter '\(LocatedInputError.excerpt(p.name))' is not a finite double")
            }
            let exact: String
            if let v = p.value { exact = v.description } else if let a = p.atom { exact = a.text }
            else if let d = p.definition { exact = d.formatted { model.name(ofSymbol: $0) } } else { exact = "symbolic: no value" }
            slots.append(Slot(name: p.name, value: value, exactText: p.expression.map { "\(exact) (\($0))" } ?? exact))
        }
        self.slots = slots
        variableNames = model.variables.map(\.name)
        originalNames = model.variables.map(\.originalName)
        exactInitialValues = model.variables.map(\.initialValue)
        var initial: [Double] = []
        for v in model.variables {
            let x = v.initialValue.doubleValue
            guard x.isFinite else { throw ExportError("the initial value of '\(LocatedInputError.excerpt(v.name))' is not a finite double") }
            initial.append(x)
        }
        initialValues = initial
        var equations: [[NumericTerm]] = []
        for (i, p) in model.equations.enumerated() {
            var terms: [NumericTerm] = []
            terms.reserveCapacity(p.count)
            for t in p.terms {
                let c = t.coefficient.doubleValue
                guard c.isFinite, c != 0 else {
                    throw ExportError("a coefficient of d(\(LocatedInputError.excerpt(model.variables[i].name)))/dt is not a nonzero finite double: \(LocatedInputError.excerpt(t.coefficient.description))")
                }
                var parameters: [Factor] = [], variables: [Factor] = []
                for f in t.monomial.powers {
                    let v = variableOf[Int(f.symbol)]
                    if v >= 0 { variables.append(Factor(index: Int(v), exponent: f.exponent)) }
                    else { parameters.append(Factor(index: slotOf[Int(f.symbol)], exponent: f.exponent)) }
                }
                // The Jacobian multiplies by an exponent: that product must be a double too.
                let largest = Double(variables.map(\.exponent).max() ?? 1)
                guard (c * largest).isFinite else {
                    throw ExportError("a coefficient of d(\(LocatedInputError.excerpt(model.variables[i].name)))/dt times its exponent overflows a double: \(LocatedInputError.excerpt(t.coefficient.description))")
                }
                terms.append(NumericTerm(coefficient: c, parameters: parameters, variables: variables))
            }
            equations.append(terms)
        }
        self.equations = equations
    }

    /// The nonzero entries of the Jacobian: for each (row i, column j), the terms of ∂f_i/∂x_j
    /// (each term of f_i that contains x_j, differentiated), in column-major order.
    func jacobian() -> [(row: Int, column: Int, terms: [NumericTerm])] {
        var entries: [Int: [NumericTerm]] = [:]   // key column · n + row
        let n = variableNames.count
        for (i, terms) in equations.enumerated() {
            for t in terms {
                for (k, f) in t.variables.enumerated() {
                    var d = t
                    d.coefficient *= Double(f.exponent)
                    if f.exponent == 1 { d.variables.remove(at: k) } else { d.variables[k].exponent -= 1 }
                    entries[f.index * n + i, default: []].append(d)
                }
            }
        }
        return entries.keys.sorted().map { (row: $0 % n, column: $0 / n, terms: entries[$0]!) }
    }

    /// Swift's shortest round-trip text of a finite double (`0.1`, `1e-05`), which Python,
    /// Julia and MATLAB read back as the same double.
    static func number(_ x: Double) -> String { "\(x)" }

    /// Text for a line comment of the generated code: one line.
    static func comment(_ s: String) -> String { LocatedInputError.singleLine(s) }
}

extension NumericSystem {
    /// The terms as one expression in a language with `*` and `^` (Julia, MATLAB): the
    /// coefficient, then parameters and variables by the given spellings; a line break with
    /// `continuation` after every `termsPerLine` terms. `0` for no terms.
    static func expression(_ terms: [NumericTerm], variable: (Int) -> String, parameter: (Int) -> String,
                           termsPerLine: Int = 8, continuation: String) -> String {
        if terms.isEmpty { return "0" }
        var out = ""
        for (k, t) in terms.enumerated() {
            if k > 0 && k % termsPerLine == 0 { out += continuation }
            let c = abs(t.coefficient)
            out += k == 0 ? (t.coefficient < 0 ? "-" : "") : (t.coefficient < 0 ? " - " : " + ")
            var factors: [String] = c == 1 && !(t.parameters.isEmpty && t.variables.isEmpty) ? [] : [number(c)]
            for f in t.parameters { factors.append(f.exponent == 1 ? parameter(f.index) : "\(parameter(f.index))^\(f.exponent)") }
            for f in t.variables { factors.append(f.exponent == 1 ? variable(f.index) : "\(variable(f.index))^\(f.exponent)") }
            out += factors.joined(separator: "*")
        }
        return out
    }
}

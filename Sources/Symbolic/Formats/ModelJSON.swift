/// odered's JSON model format: every symbol declared, every number exact.
///
/// ```json
/// {
///   "format": "odered-model", "version": 1, "name": "m", "comments": ["…"],
///   "variables": [{"name": "A", "initial_value": "1/2", "original_name": "A()"}],
///   "parameters": [
///     {"name": "k", "value": "1/10", "expression": "0.1"},
///     {"name": "ln(2)", "atom": true, "approximation": 0.6931471805599453},
///     {"name": "h", "definition": [{"coefficient": "1/120", "symbols": ["ln(2)"], "exponents": [1]}]},
///     {"name": "s"}
///   ],
///   "equations": [{"variable": "A", "terms": [{"coefficient": "-1", "symbols": ["k", "A"], "exponents": [1, 1]}]}],
///   "views": [{"name": "total", "terms": [...]}],
///   "partition": [["A", "B"], ["C"]],
///   "fixed": ["A"],
///   "stated_as": "reactions"
/// }
/// ```
///
/// Rational numbers are strings (`"-3/7"`, or a decimal such as `"0.1"` meaning 1/10 exactly);
/// JSON numbers are read as the exact decimal they spell. A parameter has a `value`, a
/// `definition` (an irrational value: a polynomial in atoms), is an `atom` (an irrational
/// constant kept as a symbol, with its double `approximation`), or has none of them (symbolic).
/// Variables and parameters share one namespace; names are any strings. `equations` has one
/// entry per variable. The writer and ``read(bytes:file:)`` round-trip every model exactly:
/// the same names, values, initial values, polynomials, views, partition and fixed variables.
/// `stated_as` (optional, `"reactions"` or `"equations"`) keeps ``ODEModel/statedAsReactions``.
public enum ModelJSON {
    /// The value of the `format` key.
    public static let formatName = "odered-model"
    /// The version this reader and writer implement.
    public static let version = 1

    /// The JSON text of `model` (pretty, one term per line).
    /// - Parameter comments: lines kept under `comments` (a reduced model's provenance and block
    ///   list, as the `.ode` writer puts them in `//` lines); the reader ignores them.
    public static func write(_ model: ODEModel, comments: [String] = []) -> String {
        jsonValue(model, comments: comments).render(inlineScalarObjects: true) + "\n"
    }

    /// The JSON value of `model`.
    public static func jsonValue(_ model: ODEModel, comments: [String] = []) -> JSONValue {
        let name = { (s: Int32) in model.name(ofSymbol: s) }
        func terms(_ p: Polynomial) -> JSONValue {
            .array(p.terms.map { t in
                let factors = t.monomial.factors
                return .object([("coefficient", .string(t.coefficient.description)),
                                ("symbols", .array(factors.map { .string(name($0.symbol)) })),
                                ("exponents", .array(factors.map { .int($0.exponent) }))])
            })
        }
        var root: [(String, JSONValue)] = [("format", .string(formatName)), ("version", .int(version)),
                                          ("name", .string(model.name))]
        if !comments.isEmpty { root.append(("comments", .array(comments.map { .string($0) }))) }
        root.append(("variables", .array(model.variables.map { v in
            var fields: [(String, JSONValue)] = [("name", .string(v.name)), ("initial_value", .string(v.initialValue.description))]
            if let o = v.originalName { fields.append(("original_name", .string(o))) }
            return .object(fields)
        })))
        root.append(("parameters", .array(model.parameters.map { p in
            var fields: [(String, JSONValue)] = [("name", .string(p.name))]
            if let v = p.value { fields.append(("value", .string(v.description))) }
            if let a = p.atom { fields += [("atom", .bool(true)), ("approximation", .number(a.approximation))] }
            if let d = p.definition { fields.append(("definition", terms(d))) }
            if let e = p.expression { fields.append(("expression", .string(e))) }
            return .object(fields)
        })))
        root.append(("equations", .array(model.variables.indices.map { i in
            .object([("variable", .string(model.variables[i].name)), ("terms", terms(model.equations[i]))])
        })))
        if !model.views.isEmpty {
            root.append(("views", .array(model.views.map { .object([("name", .string($0.name)), ("terms", terms($0.polynomial))]) })))
        }
        if let partition = model.partition {
            root.append(("partition", .array(partition.map { .array($0.map { .string(model.variables[$0].name) }) })))
        }
        if !model.fixedVariables.isEmpty {
            root.append(("fixed", .array(model.fixedVariables.sorted().map { .string(model.variables[$0].name) })))
        }
        if model.statedAsReactions { root.append(("stated_as", .string("reactions"))) }
        return .object(root)
    }
}

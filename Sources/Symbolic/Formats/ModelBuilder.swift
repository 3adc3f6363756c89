/// Builds an ``ODEModel`` from declarations whose values and rates are expressions in odered's
/// expression language (the one the `.ode` and `.net` readers share, with exact decimals,
/// irrational constants as ``ConstantAtom``s and the built-in functions of constants): for
/// readers of other formats (SBML) that translate their math into that language.
///
/// Names are identifiers (letters, digits, `_`, not starting with a digit). A name is a species
/// once ``declareSpecies(_:initialValue:originalName:fixed:)`` made it one; a parameter once
/// ``declareParameter(_:value:)`` did; an alias (``defineAlias(_:as:)``, e.g. an SBML assignment
/// rule) stands for its expression wherever it is used, expanded lazily so aliases may refer to
/// aliases defined later. Errors carry no position: the caller knows where the expression came
/// from and prefixes its own (`file.xml:12:5: reaction 'R1': …`).
public final class ModelBuilder {
    private let model = ModelAssembler()
    private let aliases: Aliases
    /// Parsed rate factors (`-(1) / (cell)`): a network repeats a handful of them in every
    /// reaction. Only successful parses are kept, and names never change meaning once parsed.
    private var factors: [String: Polynomial] = [:]

    public init(name: String) {
        model.modelName = name
        aliases = Aliases(model: model)
        model.macros = aliases
    }

    /// Parses one expression into a polynomial over the builder's names.
    private func parse(_ text: String) throws(ModelBuildError) -> Polynomial {
        do { return try parseLocated(text) } catch { throw ModelBuildError(error.message) }
    }

    private func parseLocated(_ text: String) throws(LocatedInputError) -> Polynomial {
        let source = SourceText(bytes: Array(text.utf8), file: nil)
        var stream = try TokenStream(lexer: Lexer(source: source))
        let p = try ExpressionParser(model: model).parseSum(&stream)
        guard stream.current.kind == .end else { throw stream.error("an operator or the end of the expression") }
        return p
    }

    /// Declares parameter `name` with the exact constant `value` (rational or irrational).
    public func declareParameter(_ name: String, value: String) throws(ModelBuildError) {
        let p = try parse(value)
        let c: Polynomial?
        do { c = try ExpressionParser(model: model).constantPolynomial(p) } catch { throw ModelBuildError(error.description) }
        guard let c else { throw ModelBuildError("expected a constant value / found '\(LocatedInputError.excerpt(value, limit: 60))', which depends on the state or on names without a value") }
        let symbol = model.symbol(name, at: 0)
        model.declareParameter(symbol, constant: c, expression: p.constantValue == nil ? value : nil)
    }

    /// Declares species `name` with a rational initial value; a fixed species keeps derivative 0.
    public func declareSpecies(_ name: String, initialValue: String, originalName: String? = nil, fixed: Bool = false) throws(ModelBuildError) {
        let p = try parse(initialValue)
        let v: Rational?
        do {
            v = try ExpressionParser(model: model).rationalValue(p, what: "initial value", SourceText(bytes: [], file: nil), at: 0)
        } catch { throw ModelBuildError(error.message) }
        guard let v else { throw ModelBuildError("expected a constant initial value / found '\(LocatedInputError.excerpt(initialValue, limit: 60))'") }
        let symbol = model.symbol(name, at: 0)
        model.declareSpecies(symbol, initialValue: v, originalName: originalName)
        if fixed { model.fixedSpecies.insert(symbol) }
    }

    /// Makes `name` stand for `expression` wherever it is used (an SBML assignment rule).
    public func defineAlias(_ name: String, as expression: String) {
        aliases.texts[name] = expression
    }

    /// Whether `name` was declared (species or parameter) or defined as an alias.
    public func isDefined(_ name: String) -> Bool {
        aliases.texts[name] != nil || model.existingSymbol(name).map { model.role(of: $0) != .undetermined } ?? false
    }

    /// Adds `expression` times each contribution's `factor` (1 when `nil`) to the right-hand side
    /// of its species: a reaction's rate, parsed once, with each species' stoichiometry and
    /// volume factor.
    /// - Requires: every species named is declared.
    public func add(_ expression: String, toRatesOf contributions: [(species: String, factor: String?)]) throws(ModelBuildError) {
        let p = try parse(expression)
        for (name, factor) in contributions {
            let symbol = model.symbol(name, at: 0)
            precondition(model.role(of: symbol) == .species, "rates are added to declared species")
            guard let factor else {
                model.addToRightHandSide(of: symbol, p)
                continue
            }
            let f: Polynomial
            if let cached = factors[factor] { f = cached } else {
                f = try parse(factor)
                factors[factor] = f
            }
            do { model.addToRightHandSide(of: symbol, try Polynomial.checkedProduct(f, p)) } catch {
                throw ModelBuildError(error.description)
            }
        }
    }

    /// The model. Names used without a declaration are symbolic parameters.
    public func build() throws(ModelBuildError) -> ODEModel {
        model.macros = nil
        do { return try model.build(SourceText(bytes: [], file: nil)) } catch { throw ModelBuildError(error.message) }
    }

    /// Aliases as expression macros, parsed in dependency order (innermost first, so no parse
    /// recurses into another); a cycle is refused.
    private final class Aliases: ExpressionMacros {
        unowned let model: ModelAssembler
        var texts: [String: String] = [:] { didSet { resolved = false } }
        private var values: [String: Polynomial] = [:]
        private var resolved = true

        init(model: ModelAssembler) { self.model = model }

        /// Parses every alias once, each after the aliases it uses (Kahn's algorithm on the
        /// names each text mentions).
        func resolve() throws(LocatedInputError) {
            if resolved { return }
            resolved = true
            values = [:]
            var uses: [String: Set<String>] = [:]
            var users: [String: [String]] = [:]
            for (name, text) in texts {
                let source = SourceText(bytes: Array(text.utf8), file: nil)
                var lexer = Lexer(source: source)
                var mentioned = Set<String>()
                while let token = try? lexer.next(), token.kind != .end {
                    if token.kind == .identifier, case let word = source.text(token), texts[word] != nil { mentioned.insert(word) }
                }
                uses[name] = mentioned
                for m in mentioned { users[m, default: []].append(name) }
            }
            var ready = uses.filter { $0.value.isEmpty }.map(\.key).sorted()
            var remaining = uses.mapValues(\.count)
            while let name = ready.popLast() {
                let source = SourceText(bytes: Array(texts[name]!.utf8), file: nil)
                var stream = try TokenStream(lexer: Lexer(source: source))
                let p = try ExpressionParser(model: model).parseSum(&stream)
                guard stream.current.kind == .end else { throw stream.error("an operator or the end of the expression") }
                values[name] = p
                for user in users[name] ?? [] {
                    remaining[user]! -= 1
                    if remaining[user] == 0 { ready.append(user) }
                }
            }
            if let stuck = remaining.filter({ $0.value > 0 }).map(\.key).sorted().first {
                throw LocatedInputError(location: nil, message: "expected assignment rules without cycles / found '\(LocatedInputError.excerpt(stuck, limit: 40))' in a cycle")
            }
        }

        func value(of name: String, call: Bool, at offset: Int) throws(LocatedInputError) -> Polynomial? {
            guard !call, texts[name] != nil else { return nil }
            try resolve()
            return values[name]
        }

        func describeNonConstant(_ source: SourceText, _ range: Range<Int>) -> (context: String, dependency: String)? { nil }

        func isMacro(utf8 name: UnsafeBufferPointer<UInt8>) -> Bool { texts[String(decoding: name, as: UTF8.self)] != nil }
    }
}

/// Why a ``ModelBuilder`` refused a declaration: one line, without a position.
public struct ModelBuildError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

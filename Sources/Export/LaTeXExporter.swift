import Symbolic

/// A standalone LaTeX document (amsmath) with the model's equations, exact: rational
/// coefficients as fractions, parameters by name with their exact values in a list, initial
/// values, and each variable's original name where it has one. Long right-hand sides break
/// after every few terms; `\allowdisplaybreaks` lets long systems span pages. A document
/// with names beyond ASCII uses `fontspec` (lualatex or xelatex) instead of pdfLaTeX's T1 fonts.
enum LaTeXExporter {
    static func write(_ model: ODEModel, source: String) -> String {
        let names = model.symbols.map { symbol($0.name) }
        let name = { (s: Int32) in names[Int(s)] }
        var out = """
        % \(LocatedInputError.singleLine(model.name)): exported by odered from \(LocatedInputError.singleLine(source)).
        \\documentclass{article}
        \\usepackage{amsmath}
        \\usepackage[T1]{fontenc}
        \\allowdisplaybreaks
        \\begin{document}
        \\section*{\(text(model.name))}
        \(plural(model.variables.count, "variable")), \(plural(model.equations.reduce(0) { $0 + $1.count }, "term")).

        """
        let valued = model.parameters.filter { !$0.isSymbolic }
        if !valued.isEmpty {
            out += "\\paragraph{Parameters}\n\\begin{align*}\n"
            out += valued.map { p -> String in
                let value = p.value.map(rational) ?? p.definition.map { polynomial($0, name) } ?? p.atom.map { "\\approx \(NumericSystem.number($0.approximation))" } ?? ""
                return "\(name(p.symbol)) &\(p.atom == nil ? "= " : "")\(value)"
            }.joined(separator: " \\\\\n") + "\n\\end{align*}\n"
        }
        let symbolic = model.parameters.filter(\.isSymbolic)
        if !symbolic.isEmpty {
            out += "Symbolic parameters (no value): $" + symbolic.map { name($0.symbol) }.joined(separator: ", ") + "$.\n\n"
        }
        out += "\\paragraph{Equations}\n\\begin{align*}\n"
        out += model.variables.indices.map { i -> String in
            "\\frac{d\\,\(name(model.variables[i].symbol))}{dt} &= \(polynomial(model.equations[i], name, breakEvery: 6))"
        }.joined(separator: " \\\\\n") + "\n\\end{align*}\n"
        out += "\\paragraph{Initial values}\n\\begin{align*}\n"
        out += model.variables.map { v -> String in
            var line = "\(name(v.symbol))(0) &= \(rational(v.initialValue))"
            if let o = v.originalName { line += " && \\text{\(text(o))}" }
            return line
        }.joined(separator: " \\\\\n") + "\n\\end{align*}\n"
        if !model.views.isEmpty {
            out += "\\paragraph{Views}\n\\begin{align*}\n"
            out += model.views.map { "\(symbol($0.name)) &= \(polynomial($0.polynomial, name, breakEvery: 6))" }.joined(separator: " \\\\\n")
            out += "\n\\end{align*}\n"
        }
        out += "\\end{document}\n"
        // Names beyond ASCII (SBML names such as IκBα) need a Unicode engine: pdfLaTeX's T1
        // fonts have no κ.
        if out.unicodeScalars.contains(where: { !$0.isASCII }) {
            out = out.replacingFirst("\\usepackage[T1]{fontenc}\n", with: "\\usepackage{fontspec}  % names beyond ASCII: compile with lualatex or xelatex\n")
        }
        return out
    }


    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// An exact rational: `\frac{p}{q}`, with the sign in front.
    static func rational(_ r: Rational) -> String {
        let text = r.description
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: "/")
        let value = parts.count == 2 ? "\\frac{\(parts[0])}{\(parts[1])}" : body
        return (negative ? "-" : "") + value
    }

    /// A polynomial with fractions, `\,` between factors, powers as superscripts; a line
    /// break (`\\ &\quad`) after every `breakEvery` terms.
    static func polynomial(_ p: Polynomial, _ name: (Int32) -> String, breakEvery: Int = .max) -> String {
        if p.isZero { return "0" }
        var out = ""
        for (k, t) in p.terms.enumerated() {
            if k > 0 && k % breakEvery == 0 { out += " \\\\\n  &\\quad " }
            let negative = t.coefficient.signum < 0
            out += k == 0 ? (negative ? "-" : "") : (negative ? " - " : " + ")
            let c = t.coefficient.magnitude
            var factors: [String] = []
            if c != .one || t.monomial.isOne { factors.append(rational(c)) }
            for f in t.monomial.powers {
                factors.append(f.exponent == 1 ? name(f.symbol) : "{\(name(f.symbol))}^{\(f.exponent)}")
            }
            out += factors.joined(separator: "\\,")
        }
        return out
    }

    /// A name in math mode: `\mathit{…}` for letters, digits and `_`; `\text{\texttt{…}}` otherwise.
    static func symbol(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_")
        }
        if plain { return "\\mathit{\(name.unicodeScalars.map { $0 == "_" ? "\\_" : String($0) }.joined())}" }
        return "\\text{\\texttt{\(text(name))}}"
    }

    /// Text-mode escaping of LaTeX's special characters; control characters dropped.
    static func text(_ s: String) -> String {
        var out = ""
        for c in LocatedInputError.singleLine(s) {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "#", "$", "%", "&", "_": out += "\\" + String(c)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            default: out += String(c)
            }
        }
        return out
    }
}

extension String {
    /// `self` with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = firstRange(of: target) else { return self }
        return String(self[..<r.lowerBound]) + replacement + String(self[r.upperBound...])
    }
}

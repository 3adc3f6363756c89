import Symbolic

/// A runnable Python 3 script that simulates a model with scipy's `solve_ivp` (BDF by default,
/// or LSODA, Radau) using the analytic sparse Jacobian, and prints the trajectory as CSV in
/// the columns `odered simulate` prints.
///
/// The vector field is vectorized with numpy rather than written as one Python expression per
/// term (which would be interpreted term by term): the distinct monomials in the variables are
/// evaluated at once from index and exponent arrays, f = C·m with C a sparse matrix of the
/// coefficients (each a double times a product of named parameters, recomputed when the
/// parameters change), and ∂f/∂x = C·∂m/∂x. Names appear only in string literals and
/// comments, so no model name can clash with Python's keywords or with the script's own names.
enum PythonExporter {
    static func write(_ model: ODEModel, source: String, defaults: ExportDefaults) throws(ExportError) -> String {
        let system = try NumericSystem(model)
        let n = system.variableNames.count
        var out = """
        #!/usr/bin/env python3
        \"\"\"\(docName(model.name)): \(n) variables, \(system.equations.reduce(0) { $0 + $1.count }) terms; exported by odered from \(docName(source)).

        dx/dt = f(x), f polynomial. Simulates with scipy.integrate.solve_ivp (BDF, LSODA or Radau)
        and the analytic sparse Jacobian, and writes CSV (time, then each variable) as
        `odered simulate` does:

            python3 script.py --t-end \(NumericSystem.number(defaults.tEnd)) [--points N] [--log-times] [--method BDF|LSODA|Radau]
                              [--rtol R] [--atol A] [--set NAME=VALUE ...] [--csv out.csv]

        As a module: `rhs, jac = vector_field(PARAMETERS)` gives f(t, x) and its Jacobian.
        Parameters are doubles of the exact values given in the comments.
        \"\"\"
        import argparse
        import math
        import sys
        import time

        import numpy as np
        from scipy import sparse
        from scipy.integrate import solve_ivp


        """
        out += "VARIABLES = [\n"
        for (i, name) in system.variableNames.enumerated() {
            out += "    \(quote(name)),"
            if let o = system.originalNames[i] { out += "  # \(NumericSystem.comment(o))" }
            out += "\n"
        }
        out += "]\n\n"
        out += "# Initial values (doubles of the exact values in the comments).\n"
        out += "INITIAL_VALUES = np.array([\n"
        for i in 0..<n { out += "    \(NumericSystem.number(system.initialValues[i])),  # \(NumericSystem.comment(system.exactInitialValues[i].description))\n" }
        out += "], dtype=float)\n\n"
        out += "# Parameters by name; None marks a parameter without a value (give it with --set NAME=VALUE).\n"
        out += "PARAMETERS = {\n"
        for s in system.slots {
            out += "    \(quote(s.name)): \(s.value.map(NumericSystem.number) ?? "None"),  # \(NumericSystem.comment(s.exactText))\n"
        }
        out += "}\n\n"

        // Distinct monomials in the variables, and each term's parameter product.
        var monomialIndex: [[NumericSystem.Factor]: Int] = [:]
        var monomials: [[NumericSystem.Factor]] = []
        func monomial(_ f: [NumericSystem.Factor]) -> Int {
            if let m = monomialIndex[f] { return m }
            monomialIndex[f] = monomials.count
            monomials.append(f)
            return monomials.count - 1
        }
        var termRow: [Int] = [], termMonomial: [Int] = [], termCoefficient: [Double] = []
        var termParameters: [[NumericSystem.Factor]] = []
        for (i, terms) in system.equations.enumerated() {
            for t in terms {
                termRow.append(i)
                termMonomial.append(monomial(t.variables))
                termCoefficient.append(t.coefficient)
                termParameters.append(t.parameters)
            }
        }
        // ∂m/∂x_j for each monomial m containing x_j: exponent · (m with one x_j less).
        var derivativeRow: [Int] = [], derivativeColumn: [Int] = [], derivativeScale: [Int] = []
        var derivativeFactors: [[NumericSystem.Factor]] = []
        for (m, factors) in monomials.enumerated() {
            for (k, f) in factors.enumerated() {
                var d = factors
                if f.exponent == 1 { d.remove(at: k) } else { d[k].exponent -= 1 }
                derivativeRow.append(m)
                derivativeColumn.append(f.index)
                derivativeScale.append(f.exponent)
                derivativeFactors.append(d)
            }
        }
        out += "# f = C·m: m[k] = prod(x_ext[MONOMIAL_INDEX[k]] ** MONOMIAL_EXPONENT[k]) over the distinct monomials,\n"
        out += "# where x_ext is x followed by 1.0 (the padding index \(n)); term t of equation TERM_ROW[t] is\n"
        out += "# TERM_COEFFICIENT[t] · prod(p_ext[TERM_PARAMETER_INDEX[t]] ** TERM_PARAMETER_EXPONENT[t]) · m[TERM_MONOMIAL[t]].\n"
        out += padded("MONOMIAL", monomials, pad: n)
        out += intArray("TERM_ROW", termRow)
        out += intArray("TERM_MONOMIAL", termMonomial)
        out += "TERM_COEFFICIENT = np.array([\(termCoefficient.map(NumericSystem.number).joined(separator: ", "))], dtype=float)\n"
        out += padded("TERM_PARAMETER", termParameters, pad: system.slots.count)
        out += "# dm/dx: entry e is DERIVATIVE_SCALE[e] · prod(x_ext[DERIVATIVE_INDEX[e]] ** DERIVATIVE_EXPONENT[e]) at (DERIVATIVE_ROW[e], DERIVATIVE_COLUMN[e]).\n"
        out += intArray("DERIVATIVE_ROW", derivativeRow)
        out += intArray("DERIVATIVE_COLUMN", derivativeColumn)
        out += intArray("DERIVATIVE_SCALE", derivativeScale)
        out += padded("DERIVATIVE", derivativeFactors, pad: n)
        out += """

        N = \(n)
        M = \(monomials.count)


        def _products(values, index, exponent):
            \"\"\"Row products of values[index] ** exponent (an empty row gives 1).\"\"\"
            if index.shape[1] == 0:
                return np.ones(index.shape[0])
            return np.prod(values[index] ** exponent, axis=1)


        def vector_field(parameters=PARAMETERS):
            \"\"\"f(t, x) and its Jacobian (a scipy CSR matrix) for the given parameter values.\"\"\"
            unknown = [name for name in parameters if name not in PARAMETERS]
            if unknown:
                raise ValueError("no parameter named %r" % unknown[0])
            values = {**PARAMETERS, **parameters}
            missing = [name for name in PARAMETERS if values[name] is None]
            if missing:
                raise ValueError("parameter %s has no value: give it with --set %s=VALUE" % (missing[0], missing[0]))
            # In the order of PARAMETERS, whatever the order of the given dictionary.
            p_ext = np.array([float(values[name]) for name in PARAMETERS] + [1.0])
            if not np.all(np.isfinite(p_ext)):
                raise ValueError("parameter values must be finite")
            coefficients = TERM_COEFFICIENT * _products(p_ext, TERM_PARAMETER_INDEX, TERM_PARAMETER_EXPONENT)
            C = sparse.csr_matrix((coefficients, (TERM_ROW, TERM_MONOMIAL)), shape=(N, M))

            def monomials(x):
                return _products(np.append(x, 1.0), MONOMIAL_INDEX, MONOMIAL_EXPONENT)

            def rhs(t, x):
                return C @ monomials(x)

            def jac(t, x):
                values = DERIVATIVE_SCALE * _products(np.append(x, 1.0), DERIVATIVE_INDEX, DERIVATIVE_EXPONENT)
                D = sparse.csr_matrix((values, (DERIVATIVE_ROW, DERIVATIVE_COLUMN)), shape=(M, N))
                return (C @ D).tocsc()

            return rhs, jac


        def output_times(t_end, points, logarithmic):
            \"\"\"The output times of `odered simulate`: evenly spaced, or 0 then log-spaced from t_end·1e-6.\"\"\"
            if not logarithmic:
                return [t_end if k == points - 1 else t_end * k / (points - 1) for k in range(points)]
            high = math.log10(t_end)
            steps = max(points - 2, 1)
            return [0.0] + [t_end if k == points - 2 else 10 ** (high - 6 + 6 * k / steps) for k in range(points - 1)]


        def csv_number(x):
            if x == round(x) and abs(x) < 1e15:
                return str(int(x))
            return repr(float(x))


        def csv_field(name):
            if any(c in name for c in ',"\\r\\n'):
                return '"' + name.replace('"', '""') + '"'
            return name


        def main(argv=None):
            parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
            parser.add_argument("--t-end", type=float, default=\(NumericSystem.number(defaults.tEnd)))
            parser.add_argument("--points", type=int, default=\(defaults.points))
            parser.add_argument("--log-times", action="store_true")
            parser.add_argument("--method", choices=["BDF", "LSODA", "Radau"], default="BDF")
            parser.add_argument("--rtol", type=float, default=1e-6)
            parser.add_argument("--atol", type=float, default=1e-9)
            parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
            parser.add_argument("--csv", default="-", help="output file ('-': standard output)")
            args = parser.parse_args(argv)
            if not (args.t_end > 0 and math.isfinite(args.t_end)) or args.points < 2:
                parser.error("--t-end must be positive and finite and --points at least 2")
            parameters = dict(PARAMETERS)
            for item in args.set:
                name, _, value = item.partition("=")
                if name not in parameters:
                    parser.error("--set: no parameter named %r" % name)
                try:
                    parameters[name] = float(value)
                except ValueError:
                    parser.error("--set %s: expected a number, found %r" % (name, value))
            try:
                rhs, jac = vector_field(parameters)
            except ValueError as error:
                parser.error(str(error))
            times = output_times(args.t_end, args.points, args.log_times)
            if args.method == "LSODA":
                jacobian = lambda t, x: jac(t, x).toarray()
            else:
                jacobian = jac
            start = time.perf_counter()
            solution = solve_ivp(rhs, (0.0, args.t_end), INITIAL_VALUES, method=args.method, t_eval=times,
                                 jac=jacobian, rtol=args.rtol, atol=args.atol)
            seconds = time.perf_counter() - start
            if not solution.success:
                print("error: solve_ivp: " + solution.message, file=sys.stderr)
                return 1
            if not np.all(np.isfinite(solution.y)):
                print("error: the solution is no longer finite: it blows up", file=sys.stderr)
                return 1
            out = sys.stdout if args.csv == "-" else open(args.csv, "w")
            out.write(",".join(["time"] + [csv_field(v) for v in VARIABLES]) + "\\n")
            for k, t in enumerate(solution.t):
                out.write(",".join([csv_number(t)] + [csv_number(v) for v in solution.y[:, k]]) + "\\n")
            if out is not sys.stdout:
                out.close()
            print("solve_ivp %s: %d f evaluations, %d Jacobians, %d LU decompositions, %.3f s"
                  % (args.method, solution.nfev, solution.njev, solution.nlu, seconds), file=sys.stderr)
            return 0


        if __name__ == "__main__":
            sys.exit(main())

        """
        return out
    }

    /// `NAME_INDEX` and `NAME_EXPONENT`: one row per monomial, padded with (`pad`, 0) to the
    /// longest row (x_ext[pad] = 1, so padding multiplies by 1).
    static func padded(_ name: String, _ rows: [[NumericSystem.Factor]], pad: Int) -> String {
        let width = rows.map(\.count).max() ?? 0
        func row(_ r: [NumericSystem.Factor], _ value: (NumericSystem.Factor) -> Int, _ padding: Int) -> String {
            "[" + (r.map { String(value($0)) } + Array(repeating: String(padding), count: width - r.count)).joined(separator: ", ") + "]"
        }
        var out = "\(name)_INDEX = np.array([" + rows.map { row($0, \.index, pad) }.joined(separator: ", ")
        out += "], dtype=np.int64).reshape(\(rows.count), \(width))\n"
        out += "\(name)_EXPONENT = np.array([" + rows.map { row($0, \.exponent, 0) }.joined(separator: ", ")
        out += "], dtype=float).reshape(\(rows.count), \(width))\n"
        return out
    }

    static func intArray(_ name: String, _ values: [Int]) -> String {
        "\(name) = np.array([\(values.map(String.init).joined(separator: ", "))], dtype=np.int64)\n"
    }

    /// A Python string literal (JSON's escapes are Python's).
    static func quote(_ s: String) -> String { JSONValue.quote(s) }


    /// Text for the docstring: one line, no quotes or backslashes that could end or escape it.
    static func docName(_ s: String) -> String {
        String(LocatedInputError.singleLine(s).map { $0 == "\"" || $0 == "\\" ? "'" : $0 })
    }
}

import Symbolic

/// A MATLAB/Octave function file: `[t, x] = NAME(t_end, points)` simulates the model with
/// `ode15s` and the analytic sparse Jacobian; the right-hand side and Jacobian are local
/// functions, one statement per equation (continued with `...` every few terms). Variables are
/// `x(i)` and parameters `p(j)`, named in comments, so no model name can clash with MATLAB's.
enum MATLABExporter {
    static func write(_ model: ODEModel, functionName: String, source: String, defaults: ExportDefaults) throws(ExportError) -> String {
        let system = try NumericSystem(model)
        let n = system.variableNames.count
        let variable = { (i: Int) in "x(\(i + 1))" }
        let parameter = { (j: Int) in "p(\(j + 1))" }
        let continuation = " ...\n      "
        var out = """
        function [t, x] = \(functionName)(t_end, points, rtol, atol)
        %\(functionName.uppercased())  \(NumericSystem.comment(model.name)): \(n) variables; exported by odered from \(NumericSystem.comment(source)).
        %   [t, x] = \(functionName)(t_end, points, rtol, atol) simulates dx/dt = f(x) from the initial
        %   values with ode15s and the analytic sparse Jacobian at points output times from 0 to
        %   t_end (defaults \(NumericSystem.number(defaults.tEnd)), \(defaults.points), 1e-6, 1e-9). Column i of x is variable i
        %   (names below). Parameters are in p, doubles of the exact values in the comments.
          if nargin < 1, t_end = \(NumericSystem.number(defaults.tEnd)); end
          if nargin < 2, points = \(defaults.points); end
          if nargin < 3, rtol = 1e-6; end
          if nargin < 4, atol = 1e-9; end
          p = parameters_();
          x0 = initial_values_();
          % The initial slope f(x0): Octave's ode15s (SUNDIALS IDA) starts from slope 0 otherwise and
          % fails its first error tests.
          opts = odeset('RelTol', rtol, 'AbsTol', atol, 'Jacobian', @(t, x) jacobian_(t, x, p), ...
                        'InitialSlope', rhs_(0, x0, p));
          [t, x] = ode15s(@(t, x) rhs_(t, x, p), linspace(0, t_end, points), x0, opts);
        end

        function x0 = initial_values_()
          x0 = zeros(\(n), 1);

        """
        for i in 0..<n where system.initialValues[i] != 0 {
            out += "  x0(\(i + 1)) = \(NumericSystem.number(system.initialValues[i]));  % \(NumericSystem.comment(system.exactInitialValues[i].description))\n"
        }
        out += "end\n\nfunction p = parameters_()\n  p = zeros(\(system.slots.count), 1);\n"
        for (j, s) in system.slots.enumerated() {
            if let v = s.value {
                out += "  p(\(j + 1)) = \(NumericSystem.number(v));  % \(NumericSystem.comment(s.name)) = \(NumericSystem.comment(s.exactText))\n"
            } else {
                out += "  p(\(j + 1)) = missing_parameter_(\(quote(s.name)));  % has no value: set it here\n"
            }
        }

        if system.hasSymbolicParameters {
            // Closed by the `end` below.
            out += "end\n\nfunction v = missing_parameter_(name)\n  error(['parameter ', name, ' has no value: set it in parameters_']);\n"
        }
        out += "end\n\nfunction dx = rhs_(t, x, p)\n  dx = zeros(\(n), 1);\n"
        for (i, terms) in system.equations.enumerated() where !terms.isEmpty {
            out += "  dx(\(i + 1)) = \(NumericSystem.expression(terms, variable: variable, parameter: parameter, continuation: continuation));  % d(\(NumericSystem.comment(system.variableNames[i])))/dt\n"
        }
        let entries = system.jacobian()
        out += "end\n\nfunction J = jacobian_(t, x, p)\n"
        out += "  % Nonzero entries of df/dx, column by column.\n"
        out += "  rows = [" + entries.map { String($0.row + 1) }.joined(separator: " ") + "];\n"
        out += "  columns = [" + entries.map { String($0.column + 1) }.joined(separator: " ") + "];\n"
        out += "  values = zeros(\(entries.count), 1);\n"
        for (k, e) in entries.enumerated() {
            out += "  values(\(k + 1)) = \(NumericSystem.expression(e.terms, variable: variable, parameter: parameter, continuation: continuation));\n"
        }
        out += "  J = sparse(rows, columns, values, \(n), \(n));\n"
        // Octave 7's ode15s fails its corrector with a sparse Jacobian (its KLU path) on models it
        // solves with the same Jacobian dense.
        out += "  if exist('OCTAVE_VERSION', 'builtin'), J = full(J); end\nend\n"
        return out
    }

    /// A MATLAB string literal: one line, `'` doubled.
    static func quote(_ s: String) -> String {
        "'" + LocatedInputError.singleLine(s).map { $0 == "'" ? "''" : String($0) }.joined() + "'"
    }


    /// A MATLAB function name from a file's base name: letters, digits and `_`, starting with
    /// a letter, at most 63 characters (MATLAB's `namelengthmax`).
    static func functionName(_ base: String) -> String {
        var name = String(base.unicodeScalars.map { s -> Character in
            (s.isASCII && (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s))) ? Character(s) : "_"
        })
        if name.first.map({ !$0.isLetter }) ?? true { name = "model_" + name }
        name = String(name.prefix(63))
        // MATLAB's and Octave's keywords, and the file's own local functions.
        let taken: Set<String> = ["break", "case", "catch", "classdef", "continue", "else", "elseif", "end", "for",
                                  "function", "global", "if", "otherwise", "parfor", "persistent", "return", "spmd",
                                  "switch", "try", "while", "do", "until", "unwind_protect", "unwind_protect_cleanup",
                                  "end_unwind_protect", "end_try_catch", "endfunction", "endif", "endwhile", "endfor",
                                  "endswitch", "endparfor", "endspmd", "rhs_", "jacobian_", "parameters_", "initial_values_",
                                  "missing_parameter_"]
        return taken.contains(name) ? String(name.prefix(57)) + "_model" : name
    }
}

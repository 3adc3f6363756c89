import Symbolic

/// A Julia file for DifferentialEquations.jl: in-place `f!(du, u, p, t)` and `jac!(J, u, p, t)`
/// (the analytic Jacobian, into a sparse prototype with the Jacobian's pattern), the initial
/// values `u0`, the parameter vector `p`, and `simulate(t_end)` solving with a stiff solver.
/// Variables are `u[i]` and parameters `p[j]`, named in comments and in `VARIABLES`, so no
/// model name can clash with Julia's.
enum JuliaExporter {
    static func write(_ model: ODEModel, source: String, defaults: ExportDefaults) throws(ExportError) -> String {
        let system = try NumericSystem(model)
        let n = system.variableNames.count
        let variable = { (i: Int) in "u[\(i + 1)]" }
        let parameter = { (j: Int) in "p[\(j + 1)]" }
        let continuation = "\n        "
        var out = """
        # \(NumericSystem.comment(model.name)): \(n) variables; exported by odered from \(NumericSystem.comment(source)).
        #
        # dx/dt = f(x), f polynomial, for DifferentialEquations.jl:
        #     include("this_file.jl"); sol = simulate(\(NumericSystem.number(defaults.tEnd)))
        # simulate(t_end; points, solver, reltol, abstol) uses the analytic sparse Jacobian.
        # Parameters in p are doubles of the exact values in the comments.
        using DifferentialEquations
        using SparseArrays

        const VARIABLES = [

        """
        for (i, name) in system.variableNames.enumerated() {
            out += "    \(quote(name)),"
            if let o = system.originalNames[i] { out += "  # \(NumericSystem.comment(o))" }
            out += "\n"
        }
        out += "]\n\nconst u0 = Float64[\n"
        for i in 0..<n { out += "    \(NumericSystem.number(system.initialValues[i])),  # \(NumericSystem.comment(system.exactInitialValues[i].description))\n" }
        if system.hasSymbolicParameters {
            out += "]\n\n# A parameter without a value stops the file here until a value replaces the call.\n"
            out += "missing_parameter(name) = error(\"parameter \" * name * \" has no value: set it in p\")\n\nconst p = Float64[\n"
        } else {
            out += "]\n\nconst p = Float64[\n"
        }
        for s in system.slots {
            let value = s.value.map(NumericSystem.number) ?? "missing_parameter(\(quote(s.name)))"
            out += "    \(value),  # \(NumericSystem.comment(s.name)) = \(NumericSystem.comment(s.exactText))\n"
        }
        out += "]\n\nfunction f!(du, u, p, t)\n    @inbounds begin\n"
        for (i, terms) in system.equations.enumerated() {
            out += "    du[\(i + 1)] = \(NumericSystem.expression(terms, variable: variable, parameter: parameter, continuation: continuation))  # d(\(NumericSystem.comment(system.variableNames[i])))/dt\n"
        }
        out += "    end\n    return nothing\nend\n\n"
        let entries = system.jacobian()
        out += "# The pattern of df/dx (rows, columns).\n"
        out += "const JAC_ROWS = Int[" + entries.map { String($0.row + 1) }.joined(separator: ", ") + "]\n"
        out += "const JAC_COLUMNS = Int[" + entries.map { String($0.column + 1) }.joined(separator: ", ") + "]\n\n"
        out += "function jac!(J, u, p, t)\n    if J isa SparseMatrixCSC\n        fill!(nonzeros(J), 0.0)\n    else\n        fill!(J, 0.0)\n    end\n    @inbounds begin\n"
        for e in entries {
            out += "    J[\(e.row + 1), \(e.column + 1)] = \(NumericSystem.expression(e.terms, variable: variable, parameter: parameter, continuation: continuation))\n"
        }
        out += """
            end
            return nothing
        end

        function simulate(t_end; points = \(defaults.points), solver = Rodas5P(), reltol = 1e-6, abstol = 1e-9)
            prototype = sparse(JAC_ROWS, JAC_COLUMNS, zeros(length(JAC_ROWS)), \(n), \(n))
            fun = ODEFunction(f!; jac = jac!, jac_prototype = prototype)
            problem = ODEProblem(fun, u0, (0.0, Float64(t_end)), p)
            return solve(problem, solver; saveat = range(0.0, Float64(t_end), length = points), reltol, abstol)
        end

        """
        return out
    }

    /// A Julia string literal: JSON's escapes, and `$` escaped (interpolation).
    static func quote(_ s: String) -> String {
        var out = ""
        for c in JSONValue.quote(s) { out += c == "$" ? "\\$" : String(c) }
        return out
    }

}

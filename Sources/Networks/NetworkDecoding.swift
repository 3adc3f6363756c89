import Symbolic
import Reduction

// Decoding a partition of the lumping ODE into a smaller network. The quotient under
// uniform substitution a_j ↦ y_G/|G| is the lumping ODE of the network with
//   W'_GK = mean_{j∈G} Σ_{k∈K} W_jk,   b'_G = mean_{j∈G} b_j,
// so reading those coefficients back off the reduced ODE and computing them from the
// partition give the same network.

extension Network {
    /// The network whose lumping ODE is the quotient of this one's by `partition`.
    ///
    /// Merged neuron G (a block of a hidden layer) gets incoming weight from upstream
    /// block K equal to mean_{j∈G} Σ_{k∈K} W_jk and bias mean_{j∈G} b_j; activations and
    /// standardization are kept. Neurons of a layer are ordered by their first member.
    /// For an exact FDE the result computes the same function as `self`.
    ///
    /// - Parameter partition: a partition of ``LumpingEncoding/model``'s variables that
    ///   refines ``LumpingEncoding/initialPartition`` (blocks inside one hidden layer).
    public func reduced(by partition: Partition, encoding: LumpingEncoding) throws(NetworkError) -> Network {
        guard partition.elementCount == encoding.model.variables.count else {
            throw NetworkError("partition: expected \(encoding.model.variables.count) elements (the lumping ODE's variables) / found \(partition.elementCount)")
        }
        guard partition.refines(encoding.initialPartition) else {
            throw NetworkError("partition: expected blocks inside one hidden layer (inputs, outputs and bias kept apart) / found a block mixing them")
        }
        // groups[ℓ]: the blocks of neuron layer ℓ as neuron indices, by first member.
        var groups: [[[Int]]] = Array(repeating: [], count: neuronCounts.count)
        for block in partition.blocks {
            guard let first = encoding.neuronOfVariable[block[0]] else { continue }  // bias carrier
            groups[first.layer].append(block.map { encoding.neuronOfVariable[$0]!.index })
        }
        return reduced(groups: groups)
    }

    /// The reduction for explicit groups of neurons per neuron layer (see ``reduced(by:encoding:)``):
    /// `groups[ℓ]` partitions the neurons of neuron layer ℓ (inputs and outputs as singletons),
    /// blocks ordered by first member; a hidden neuron in no group is dropped (its row goes,
    /// and its outgoing weights with it).
    public func reduced(groups: [[[Int]]]) -> Network {
        merged(groups: groups, byRepresentative: false)
    }

    /// Like ``reduced(groups:)``, but merged neuron G's incoming weights and bias are the
    /// mean of its members' weighted by `importance[ℓ][j]` (non-negative; a group whose
    /// importances sum to 0 takes the plain mean). Equal members give the same network as
    /// ``reduced(groups:)``, so an exact merge stays exact.
    public func reduced(groups: [[[Int]]], importance: [[Rational]]) -> Network {
        var out = merged(groups: groups, byRepresentative: false)
        for (l, layer) in layers.enumerated() {
            var groupOf = [Int](repeating: -1, count: layer.inputCount)  // −1: dropped
            for (g, members) in groups[l].enumerated() { for k in members { groupOf[k] = g } }
            for (g, members) in groups[l + 1].enumerated() where members.count > 1 {
                let total = members.reduce(Rational.zero) { $0 + importance[l + 1][$1] }
                if total.isZero { continue }
                var row = [Rational](repeating: .zero, count: groups[l].count)
                var b = Rational.zero
                for j in members {
                    let a = importance[l + 1][j] / total
                    if a.isZero { continue }
                    for (k, w) in layer.weights[j].enumerated() where !w.isZero && groupOf[k] >= 0 { row[groupOf[k]] += a * w }
                    b += a * layer.bias[j]
                }
                out.layers[l].weights[g] = row
                out.layers[l].bias[g] = b
            }
        }
        return out
    }

    /// The network whose neuron G (a group of one layer) gets, from each upstream group K, the
    /// incoming weight Σ_{k∈K} W_jk — averaged over j ∈ G (forward lumping: the merged neuron
    /// is the mean of its members), or taken from the representative j = min G (backward
    /// merge: the members share one value) — and the matching bias.
    func merged(groups: [[[Int]]], byRepresentative: Bool) -> Network {
        var newLayers: [Layer] = []
        for (l, layer) in layers.enumerated() {
            var groupOf = [Int](repeating: -1, count: layer.inputCount)  // −1: dropped
            for (g, members) in groups[l].enumerated() { for k in members { groupOf[k] = g } }
            var weights: [[Rational]] = []
            var bias: [Rational] = []
            for members in groups[l + 1] {
                let sources = byRepresentative ? [members.min()!] : members
                var row = [Rational](repeating: .zero, count: groups[l].count)
                var b = Rational.zero
                for j in sources {
                    for (k, w) in layer.weights[j].enumerated() where !w.isZero && groupOf[k] >= 0 { row[groupOf[k]] += w }
                    b += layer.bias[j]
                }
                let scale = Rational(1, sources.count)
                weights.append(scale.isOne ? row : row.map { $0 * scale })
                bias.append(b * scale)
            }
            newLayers.append(Layer(weights: weights, bias: bias, activation: layer.activation))
        }
        return Network(inputCount: inputCount, layers: newLayers, standardization: standardization, inputNames: inputNames)
    }

    /// Reads a reduced lumping ODE back as a network, taking activations, standardization
    /// and input/output counts from `template` (the original network, or any network of
    /// the same depth, activations and input/output counts).
    ///
    /// Variables must be named as in ``lumpingEncoding()`` (`in_k`, `h{ℓ}_j`, `out_j`,
    /// `bias`): each names its block's first member, as ``ODEModel/forwardQuotient(by:)``
    /// does. The coefficient of y_G in dy_K/dt is the weight from K to G, that in
    /// d(bias)/dt is G's bias.
    public static func decode(reduced model: ODEModel, like template: Network) throws(NetworkError) -> Network {
        let model = model.substitutingParameterValues()
        let depth = template.layers.count
        // Neuron layer and original index of every variable.
        var position: [(layer: Int, index: Int)?] = []
        for v in model.variables {
            guard let p = parseNeuronName(v.name, depth: depth) else {
                throw NetworkError("reduced model: variable \"\(v.name)\" is not a neuron name of a \(depth)-layer network (expected in_k, h1_j … h\(depth - 1)_j, out_j or bias)")
            }
            if let (l, j) = p, j >= template.neuronCounts[l] {
                throw NetworkError("reduced model: variable \"\(v.name)\": neuron \(j) out of range for a layer of \(template.neuronCounts[l]) neurons in the template")
            }
            position.append(p)
        }
        // slot[i]: index of variable i within its reduced layer (ordered by original index).
        var members: [[(index: Int, variable: Int)]] = Array(repeating: [], count: depth + 1)
        var biasVariable: Int?
        for (i, p) in position.enumerated() {
            if let (l, j) = p { members[l].append((j, i)) } else {
                if biasVariable != nil { throw NetworkError("reduced model: two variables named \"bias\"") }
                biasVariable = i
            }
        }
        for l in members.indices { members[l].sort { $0.index < $1.index } }
        for l in [0, depth] {
            let expected = template.neuronCounts[l]
            let found = members[l].map(\.index)
            guard found == Array(0..<expected) else {
                let what = l == 0 ? "inputs in_0 … in_\(expected - 1)" : "outputs out_0 … out_\(expected - 1)"
                throw NetworkError("reduced model: expected the \(what), each once (they are never merged) / found \(found.count) of them")
            }
        }
        for l in 1..<depth where members[l].isEmpty {
            throw NetworkError("reduced model: hidden layer \(l) has no neuron (no variable h\(l)_j)")
        }
        var slot = [Int](repeating: 0, count: model.variables.count)
        for l in members.indices { for (s, m) in members[l].enumerated() { slot[m.variable] = s } }
        var weights: [[[Rational]]] = (1...depth).map { l in
            Array(repeating: Array(repeating: .zero, count: members[l - 1].count), count: members[l].count)
        }
        var bias: [[Rational]] = (1...depth).map { Array(repeating: .zero, count: members[$0].count) }
        // Reads dy_K/dt = Σ c·y_G: each term must be linear in one downstream neuron.
        for (i, p) in position.enumerated() {
            let v = model.variables[i].name
            for t in model.equations[i].terms {
                let f = t.monomial.factors
                guard f.count == 1, f[0].exponent == 1, let g = model.variableIndex(ofSymbol: f[0].symbol) else {
                    throw NetworkError("reduced model: d(\(v)) has the term \(Polynomial(sortedTerms: [t]).formatted { model.name(ofSymbol: $0) }); a lumping ODE has only linear terms in neuron variables")
                }
                guard let (gl, _) = position[g], gl >= 1 else {
                    throw NetworkError("reduced model: d(\(v)) depends on \(model.variables[g].name), which receives no weights")
                }
                if let (l, _) = p {
                    guard gl == l + 1 else {
                        throw NetworkError("reduced model: d(\(v)) depends on \(model.variables[g].name); weights only connect consecutive layers")
                    }
                    weights[l][slot[g]][slot[i]] = t.coefficient
                } else {
                    bias[gl - 1][slot[g]] = t.coefficient
                }
            }
        }
        if biasVariable == nil, bias.contains(where: { $0.contains { !$0.isZero } }) {
            throw NetworkError("reduced model: expected a variable named \"bias\"")
        }
        let layers = (0..<depth).map { l in
            Layer(weights: weights[l], bias: bias[l], activation: template.layers[l].activation)
        }
        let network = Network(inputCount: template.inputCount, layers: layers, standardization: template.standardization,
                              inputNames: template.inputNames)
        try network.validate()
        return network
    }

    /// `(layer, index)` for `in_k`, `h{ℓ}_j` (1 ≤ ℓ < depth), `out_j`; `.some(nil)` for `bias`; `nil` otherwise.
    static func parseNeuronName(_ name: String, depth: Int) -> (layer: Int, index: Int)?? {
        if name == LumpingEncoding.biasName { return .some(nil) }
        guard let underscore = name.lastIndex(of: "_"), let index = Int(name[name.index(after: underscore)...]),
              index >= 0 else { return nil }
        let prefix = name[..<underscore]
        if prefix == "in" { return (0, index) }
        if prefix == "out" { return (depth, index) }
        guard prefix.hasPrefix("h"), let l = Int(prefix.dropFirst()), l >= 1, l < depth else { return nil }
        return (l, index)
    }
}

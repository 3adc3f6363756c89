/// A hierarchical clustering of n elements: the n − 1 merges of agglomerative clustering,
/// lowest first. Cutting it after n − k merges gives k clusters, and the cuts are nested
/// (every width comes from one build, no re-clustering per width).
struct Dendrogram: Sendable {
    /// One merge: the clusters holding elements `a` and `b` join at `height`.
    struct Merge: Sendable, Equatable {
        var a: Int
        var b: Int
        var height: Double
    }

    let count: Int
    /// Ordered by height (ties: build order, so a merge never precedes one it depends on).
    let merges: [Merge]

    /// Single linkage: the minimum spanning tree of the distances (Prim's algorithm on the
    /// dense matrix), its edges by length. Cutting after n − k edges gives the connected
    /// components of the graph of the n − k shortest tree edges: the ≈ε components for any ε
    /// between the (n−k)-th and the next edge length.
    /// - Complexity: O(n²) time, O(n) extra space.
    static func singleLinkage(_ d: DistanceMatrix) -> Dendrogram {
        let n = d.count
        guard n > 1 else { return Dendrogram(count: n, merges: []) }
        var inTree = [Bool](repeating: false, count: n)
        var best = [Double](repeating: .infinity, count: n)
        var from = [Int](repeating: 0, count: n)
        var edges: [Merge] = []
        edges.reserveCapacity(n - 1)
        var current = 0
        inTree[0] = true
        for _ in 1..<n {
            var next = -1
            var nextDistance = Double.infinity
            d.withRow(current) { row in
                for v in 0..<n where !inTree[v] {
                    if row[v] < best[v] { best[v] = row[v]; from[v] = current }
                    if next < 0 || best[v] < nextDistance { next = v; nextDistance = best[v] }
                }
            }
            inTree[next] = true
            edges.append(Merge(a: min(from[next], next), b: max(from[next], next), height: best[next]))
            current = next
        }
        return Dendrogram(count: n, merges: sortedStably(edges))
    }

    /// Complete linkage (the distance of two clusters is their largest pairwise distance) by
    /// the nearest-neighbour chain algorithm (Murtagh 1983; Müllner 2011, "Modern hierarchical,
    /// agglomerative clustering algorithms", §3.4): complete linkage is reducible, so merging
    /// reciprocal nearest neighbours gives the same dendrogram as the greedy algorithm.
    /// Every cut's clusters have diameter at most their merge heights.
    /// - Complexity: O(n²) time and space (the matrix is copied and updated by
    ///   Lance–Williams: d(k, i∪j) = max(d(k, i), d(k, j))).
    ///
    /// With `dropCosts` (one per element) the clustering has one more element, the zero
    /// neuron z (index `count`), at distance `dropCosts[j]` from element j; a cluster that
    /// joins z is dropped (its merge has `b` = `count`), and z's distances never grow when it
    /// absorbs one: d(z ∪ X, Y) = d(z, Y) = max_{y∈Y} dropCosts[y]. That keeps the linkage
    /// reducible (d(z ∪ X, Y) ≥ min(d(z, Y), d(X, Y))), so the chain algorithm still gives
    /// the greedy result: at every step the cheaper of the closest pair merge and the
    /// cheapest cluster drop. Then there are `count` merges, and cutting after n − k of them
    /// still leaves k clusters (the dropped ones not counted).
    static func completeLinkage(_ d: DistanceMatrix, dropCosts: [Double]? = nil) -> Dendrogram {
        let real = d.count
        guard real > 1 || (dropCosts != nil && real > 0) else { return Dendrogram(count: real, merges: []) }
        let n = dropCosts == nil ? real : real + 1
        var m: [Double]
        if let dropCosts {
            precondition(dropCosts.count == real, "one drop cost per element")
            m = [Double](repeating: 0, count: n * n)
            for i in 0..<real {
                for j in 0..<real { m[i * n + j] = d.values[i * real + j] }
                m[i * n + real] = dropCosts[i]
                m[real * n + i] = dropCosts[i]
            }
        } else {
            m = d.values
        }
        let zero = dropCosts == nil ? -1 : real
        var active = [Bool](repeating: true, count: n)
        var merges: [Merge] = []
        merges.reserveCapacity(n - 1)
        var chain: [Int] = []
        chain.reserveCapacity(n)
        m.withUnsafeMutableBufferPointer { m in
            var remaining = n
            while remaining > 1 {
                if chain.isEmpty { chain.append(active.firstIndex(of: true)!) }
                let x = chain[chain.count - 1]
                let previous = chain.count > 1 ? chain[chain.count - 2] : -1
                // Nearest active neighbour of x; ties prefer the previous chain element
                // (so the chain ends in a reciprocal pair), then the smaller index.
                var y = previous
                var dy = previous >= 0 ? m[x * n + previous] : .infinity
                for v in 0..<n where active[v] && v != x {
                    let dv = m[x * n + v]
                    if dv < dy || (y < 0) { y = v; dy = dv }
                }
                if y == previous {
                    chain.removeLast(2)
                    let (keep, drop) = (min(x, y), max(x, y))
                    merges.append(Merge(a: keep, b: drop, height: dy))
                    active[drop] = false
                    if drop == zero {
                        // The zero neuron absorbs `keep`'s cluster; its distances stay.
                        active[keep] = false
                        active[zero] = true
                        remaining -= 1
                        continue
                    }
                    for v in 0..<n where active[v] && v != keep {
                        let joined = max(m[keep * n + v], m[drop * n + v])
                        m[keep * n + v] = joined
                        m[v * n + keep] = joined
                    }
                    remaining -= 1
                } else {
                    chain.append(y)
                }
            }
        }
        return Dendrogram(count: real, merges: sortedStably(merges))
    }

    private static func sortedStably(_ merges: [Merge]) -> [Merge] {
        merges.enumerated().sorted { ($0.element.height, $0.offset) < ($1.element.height, $1.offset) }.map(\.element)
    }

    /// The clusters after the first `count − width` merges, members ascending, ordered by
    /// their smallest member.
    /// - Requires: 1 ≤ `width` ≤ `count` (or `count` = 0).
    func clusters(width: Int) -> [[Int]] {
        precondition(count == 0 || (1...count).contains(width), "width in 1…count")
        return partition(width: width).kept
    }

    /// The clusters after the first `count − width` merges (as ``clusters(width:)``) and the
    /// elements those merges dropped (ascending; none without drop costs).
    func partition(width: Int) -> (kept: [[Int]], dropped: [Int]) {
        precondition(count == 0 || (0...count).contains(width), "width in 0…count")
        // Index `count` is the zero neuron: every root joined to it is dropped.
        var parent = Array(0...count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for merge in merges.prefix(count - width) {
            let (ra, rb) = (find(merge.a), find(merge.b))
            parent[max(ra, rb)] = min(ra, rb)
        }
        var indexOfRoot = [Int](repeating: -1, count: count)
        var out: [[Int]] = []
        var dropped: [Int] = []
        let zeroRoot = find(count)
        for x in 0..<count {
            let r = find(x)
            if r == zeroRoot { dropped.append(x); continue }
            if indexOfRoot[r] < 0 { indexOfRoot[r] = out.count; out.append([]) }
            out[indexOfRoot[r]].append(x)
        }
        return (out, dropped)
    }

    /// The merges a cut at `width` applies.
    func mergesApplied(width: Int) -> ArraySlice<Merge> { merges.prefix(count - width) }
}

/// A dense symmetric matrix of floating-point distances.
struct DistanceMatrix: Sendable {
    let count: Int
    /// Row-major, n × n, zero diagonal.
    var values: [Double]

    func withRow<R>(_ i: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(i * count)..<((i + 1) * count)])) }
    }

    subscript(i: Int, j: Int) -> Double { values[i * count + j] }
}

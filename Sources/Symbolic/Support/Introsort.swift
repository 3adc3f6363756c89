extension UnsafeMutableBufferPointer {
    /// Sorts the elements in place, not stably: quicksort with a median-of-three pivot,
    /// insertion sort on short ranges, heapsort when the recursion gets deep.
    ///
    /// Used where equal keys are combined afterwards, so stability buys nothing; unlike the
    /// standard library's stable sort it needs no scratch buffer and moves elements by swapping
    /// (no copies of large elements, no reference counting).
    /// - Complexity: O(n log n) comparisons in the worst case.
    @inlinable
    public func introsort(by less: (Element, Element) -> Bool) {
        guard count > 1 else { return }
        _introsort(0, count, depth: 2 * (Int.bitWidth - count.leadingZeroBitCount), less)
    }

    @inlinable
    func _introsort(_ lo: Int, _ hi: Int, depth: Int, _ less: (Element, Element) -> Bool) {
        var lo = lo, hi = hi, depth = depth
        while hi - lo > 16 {
            if depth == 0 {
                _heapsort(lo, hi, less)
                return
            }
            depth -= 1
            // Median of three: afterwards self[lo] ≤ self[mid] ≤ self[hi - 1], then the median
            // moves to lo. self[lo] and self[hi - 1] bound both scans below.
            let mid = lo + (hi - lo) / 2
            if less(self[mid], self[lo]) { swapAt(mid, lo) }
            if less(self[hi - 1], self[lo]) { swapAt(hi - 1, lo) }
            if less(self[hi - 1], self[mid]) { swapAt(hi - 1, mid) }
            swapAt(lo, mid)
            let pivot = self[lo]
            var i = lo + 1, j = hi - 1
            while true {
                while less(self[i], pivot) { i += 1 }
                while less(pivot, self[j]) { j -= 1 }
                if i >= j { break }
                swapAt(i, j)
                i += 1
                j -= 1
            }
            swapAt(lo, j)  // [lo, j) ≤ pivot = self[j] ≤ (j, hi)
            if j - lo < hi - j - 1 {
                _introsort(lo, j, depth: depth, less)
                lo = j + 1
            } else {
                _introsort(j + 1, hi, depth: depth, less)
                hi = j
            }
        }
        if hi - lo < 2 { return }
        for i in (lo + 1)..<hi {
            var j = i
            while j > lo && less(self[j], self[j - 1]) {
                swapAt(j, j - 1)
                j -= 1
            }
        }
    }

    @inlinable
    func _heapsort(_ lo: Int, _ hi: Int, _ less: (Element, Element) -> Bool) {
        let n = hi - lo
        func siftDown(_ root: Int, _ end: Int) {
            var root = root
            while true {
                var child = 2 * root + 1
                if child >= end { return }
                if child + 1 < end && less(self[lo + child], self[lo + child + 1]) { child += 1 }
                if !less(self[lo + root], self[lo + child]) { return }
                swapAt(lo + root, lo + child)
                root = child
            }
        }
        var start = n / 2
        while start > 0 {
            start -= 1
            siftDown(start, n)
        }
        var end = n
        while end > 1 {
            end -= 1
            swapAt(lo, lo + end)
            siftDown(0, end)
        }
    }
}

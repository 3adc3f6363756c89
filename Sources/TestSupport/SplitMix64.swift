// The generator lives in Symbolic (training and the dataset sampler use it too); tests
// keep seeing it through TestSupport.
@_exported import struct Symbolic.SplitMix64

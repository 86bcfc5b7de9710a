using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.SignalComplex;

/// <summary>REAL the real part of each element (complex64 -> float32, complex128 -> float64; see <see cref="ComplexPartOp"/>).</summary>
internal sealed class RealOp() : ComplexPartOp(Ref.ComplexParts.Part.Real);

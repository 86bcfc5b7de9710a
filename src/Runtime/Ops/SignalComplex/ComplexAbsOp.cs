using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.SignalComplex;

/// <summary>COMPLEX_ABS the magnitude of each element (complex64 -> float32, complex128 -> float64; see <see cref="ComplexPartOp"/>).</summary>
internal sealed class ComplexAbsOp() : ComplexPartOp(Ref.ComplexParts.Part.Abs);

using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.SignalComplex;

/// <summary>IMAG the imaginary part of each element (complex64 -> float32, complex128 -> float64; see <see cref="ComplexPartOp"/>).</summary>
internal sealed class ImagOp() : ComplexPartOp(Ref.ComplexParts.Part.Imag);

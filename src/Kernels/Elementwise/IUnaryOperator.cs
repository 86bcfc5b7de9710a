using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// A float element-wise function y = f(x). The scalar <see cref="Invoke(float)"/> is the exact TFLite formula;
/// the vector forms must return the same bits lane by lane unless the operator documents a tolerance.
/// When <see cref="Vectorizable"/> is false the drivers only call the scalar form.
/// </summary>
public interface IUnaryOperator
{
    static abstract bool Vectorizable { get; }
    static abstract float Invoke(float x);
    static abstract Vector128<float> Invoke(Vector128<float> x);
    static abstract Vector256<float> Invoke(Vector256<float> x);
    static abstract Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>A float element-wise function z = f(x, y); same contract as <see cref="IUnaryOperator"/>.</summary>
public interface IBinaryOperator
{
    static abstract bool Vectorizable { get; }
    static abstract float Invoke(float x, float y);
    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

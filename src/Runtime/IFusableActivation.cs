namespace ManagedLite;

/// <summary>
/// Marks a float kernel that clamps its output with <see cref="OpContext.ActivationRange"/>, so that the
/// planner may fuse a following RELU / RELU6 / RELU_N1_TO_1 node into it.
/// </summary>
public interface IFusableActivation
{
}

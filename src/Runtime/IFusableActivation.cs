namespace ManagedLite;

/// <summary>
/// A float kernel that clamps its output with <see cref="OpContext.ActivationRange"/>, so that the planner
/// may fuse a following RELU / RELU6 / RELU_N1_TO_1 node into it (the intermediate tensor disappears).
/// </summary>
public interface IFusableActivation
{
    /// <summary>False when this node's kind ignores the activation range (for example MAXIMUM).</summary>
    bool CanFuseActivation => true;
}

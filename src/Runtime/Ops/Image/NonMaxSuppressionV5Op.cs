namespace ManagedLite.Ops.Image;

/// <summary>NON_MAX_SUPPRESSION_V5: soft-NMS (Gaussian, soft_nms_sigma) with the selected scores (see <see cref="NonMaxSuppressionOp"/>).</summary>
internal sealed class NonMaxSuppressionV5Op : NonMaxSuppressionOp;

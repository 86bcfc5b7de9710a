namespace ManagedLite.Ops.Image;

/// <summary>NON_MAX_SUPPRESSION_V4: hard NMS with the selection padded to max_output_size and the valid count (see <see cref="NonMaxSuppressionOp"/>).</summary>
internal sealed class NonMaxSuppressionV4Op : NonMaxSuppressionOp;

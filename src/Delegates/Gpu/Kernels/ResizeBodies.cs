using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// RESIZE_BILINEAR, one output element per item. The source rows/columns and fractions per output row and column
/// are computed on the host with the reference kernel's own interpolation function (align_corners,
/// half_pixel_centers), so the device only gathers and blends in the reference's expression order.
/// </summary>
internal struct ResizeBilinearBody : IElementBody
{
    public ArrayView<float> Input;   // [N, H, W, C]
    public ArrayView<float> Output;  // [N, OH, OW, C]
    public ArrayView<int> Rows;      // [OH, 2]: y0, y1
    public ArrayView<int> Cols;      // [OW, 2]: x0, x1
    public ArrayView<float> RowFrac; // [OH]: in_y - y0
    public ArrayView<float> ColFrac; // [OW]: in_x - x0
    public int InputHeight, InputWidth, Channels, OutputHeight, OutputWidth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int c = i % Channels;
        int t = i / Channels;
        int x = t % OutputWidth;
        t /= OutputWidth;
        int y = t % OutputHeight;
        int b = t / OutputHeight;
        int y0 = Rows[2 * y], y1 = Rows[2 * y + 1], x0 = Cols[2 * x], x1 = Cols[2 * x + 1];
        float dy = RowFrac[y], dx = ColFrac[x];
        int r0 = (b * InputHeight + y0) * InputWidth, r1 = (b * InputHeight + y1) * InputWidth;
        float v00 = Input[(r0 + x0) * Channels + c], v10 = Input[(r1 + x0) * Channels + c];
        float v01 = Input[(r0 + x1) * Channels + c], v11 = Input[(r1 + x1) * Channels + c];
        Output[i] = v00 * (1 - dy) * (1 - dx) + v10 * dy * (1 - dx) + v01 * (1 - dy) * dx + v11 * dy * dx;
    }
}

/// <summary>RESIZE_NEAREST_NEIGHBOR, one output element per item; source row and column per output from host tables.</summary>
internal struct ResizeNearestBody : IElementBody
{
    public ArrayView<float> Input;  // [N, H, W, C]
    public ArrayView<float> Output; // [N, OH, OW, C]
    public ArrayView<int> Rows;     // [OH]
    public ArrayView<int> Cols;     // [OW]
    public int InputHeight, InputWidth, Channels, OutputHeight, OutputWidth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int c = i % Channels;
        int t = i / Channels;
        int x = t % OutputWidth;
        t /= OutputWidth;
        int y = t % OutputHeight;
        int b = t / OutputHeight;
        Output[i] = Input[((b * InputHeight + Rows[y]) * InputWidth + Cols[x]) * Channels + c];
    }
}

using StbImageSharp;

namespace ManagedLite.Cli;

/// <summary>Decodes JPEG, PNG and BMP files to RGB pixels (StbImageSharp, pure managed).</summary>
internal static class ImageFile
{
    /// <summary>Largest image decoded: 100 megapixels (300 MB of RGB).</summary>
    private const long MaxPixels = 100_000_000;

    public static (byte[] Rgb, int Width, int Height) Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"image file not found: {path}");
        byte[] bytes = File.ReadAllBytes(path);
        ImageInfo? info;
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            info = ImageInfo.FromStream(ms);
        }
        catch (Exception e)
        {
            throw new CliException($"{path}: not a JPEG, PNG or BMP image ({Program.OneLine(e.Message)})");
        }
        if (info is not { } i || i.Width <= 0 || i.Height <= 0)
            throw new CliException($"{path}: not a JPEG, PNG or BMP image");
        if ((long)i.Width * i.Height > MaxPixels)
            throw new CliException($"{path}: {i.Width}x{i.Height} is over the limit of {MaxPixels} pixels");
        try
        {
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
            if (image.Data.Length != 3L * image.Width * image.Height)
                throw new CliException($"{path}: decoded {image.Data.Length} bytes for {image.Width}x{image.Height} RGB");
            return (image.Data, image.Width, image.Height);
        }
        catch (CliException) { throw; }
        catch (Exception e)
        {
            throw new CliException($"{path}: cannot decode the image ({Program.OneLine(e.Message)})");
        }
    }
}

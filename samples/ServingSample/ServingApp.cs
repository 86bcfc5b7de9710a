using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Schema;
using ManagedLite.Serving;
using StbImageSharp;

namespace ManagedLite.ServingSample;

/// <summary>The service: one <see cref="InterpreterPool"/> behind three endpoints.</summary>
public static class ServingApp
{
    /// <summary>Largest request body accepted by /predict and /swap (a model or an image): 256 MB.</summary>
    public const long MaxBodyBytes = 256L << 20;
    private const long MaxPixels = 40_000_000;

    /// <summary>
    /// Builds the app. Configuration (command line <c>--Model x</c>, environment <c>Model=x</c>, appsettings):
    /// <c>Model</c> (required), <c>KeyFile</c> (for an MLENC1 model), <c>Pool</c> (interpreters, default 2),
    /// <c>Top</c> (labels returned for classifiers, default 5). <paramref name="configure"/> lets tests use a test server.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.AddSingleton(sp => ModelService.Create(sp.GetRequiredService<IConfiguration>()));
        var app = builder.Build();

        app.MapGet("/health", (ModelService s) => Results.Json(s.Health()));

        app.MapPost("/predict", async (HttpRequest request, ModelService s, int? top, CancellationToken ct) =>
        {
            byte[] body = await ReadBody(request, ct);
            string type = request.ContentType ?? "";
            try
            {
                if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                    return Results.Json(await s.PredictImage(body, top, ct));
                if (IsNpy(body))
                    return Results.Json(await s.PredictTensor(NpyArray.Parse(body, "request body"), ct));
                return Results.Problem(statusCode: 415, detail: "send an image (Content-Type image/jpeg, image/png, image/bmp) or a NumPy .npy tensor (application/octet-stream)");
            }
            catch (Exception e) when (e is TensorException or InvalidDataException or ImageException or KeyNotFoundException or ArgumentException)
            {
                return Results.Problem(statusCode: 400, detail: e.Message);
            }
            catch (PoolExhaustedException e)
            {
                return Results.Problem(statusCode: 503, detail: e.Message);
            }
        });

        // Model update without downtime. An admin endpoint: in production, bind it to an internal address or put it
        // behind authentication. Body: the new model's bytes, or JSON {"path": "..."} naming a file on the server.
        app.MapPost("/swap", async (HttpRequest request, ModelService s, CancellationToken ct) =>
        {
            byte[] body = await ReadBody(request, ct);
            try
            {
                long generation;
                if ((request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    string? path = JsonDocument.Parse(body).RootElement.TryGetProperty("path", out var p) ? p.GetString() : null;
                    if (string.IsNullOrEmpty(path)) return Results.Problem(statusCode: 400, detail: "JSON body needs \"path\"");
                    generation = await Task.Run(() => s.Swap(path), ct);
                }
                else generation = await Task.Run(() => s.Swap(body), ct);
                return Results.Json(new { generation, swaps = s.Pool.SwapCount });
            }
            catch (ModelSwapException e)
            {
                return Results.Problem(statusCode: 422, title: "model refused; the previous model keeps serving", detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["generation"] = e.ServingGeneration });
            }
            catch (JsonException e)
            {
                return Results.Problem(statusCode: 400, detail: e.Message);
            }
        });
        return app;
    }

    private static async Task<byte[]> ReadBody(HttpRequest request, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, ct);
        return ms.ToArray();
    }

    private static bool IsNpy(ReadOnlySpan<byte> body) => body.Length > 6 && body[0] == 0x93 && body[1..6].SequenceEqual("NUMPY"u8);

    /// <summary>Decodes JPEG, PNG or BMP to RGB (StbImageSharp), bounded in pixels.</summary>
    internal static (byte[] Rgb, int Width, int Height) Decode(byte[] bytes)
    {
        ImageInfo? info;
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            info = ImageInfo.FromStream(ms);
        }
        catch (Exception e) { throw new ImageException($"not a JPEG, PNG or BMP image ({e.Message})"); }
        if (info is not { Width: > 0, Height: > 0 } i) throw new ImageException("not a JPEG, PNG or BMP image");
        if ((long)i.Width * i.Height > MaxPixels) throw new ImageException($"{i.Width}x{i.Height} is over the limit of {MaxPixels} pixels");
        try
        {
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
            return (image.Data, image.Width, image.Height);
        }
        catch (Exception e) { throw new ImageException($"cannot decode the image ({e.Message})"); }
    }
}

/// <summary>An image the service cannot decode.</summary>
public sealed class ImageException(string message) : Exception(message);

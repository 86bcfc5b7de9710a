using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ManagedLite.ServingSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace ManagedLite.Serving.Tests;

/// <summary>samples/ServingSample in process (TestServer): predict from an image or a .npy tensor, health, hot swap.</summary>
public sealed class ServingSampleTests : IAsyncLifetime
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "Data");
    private readonly string _dir = Directory.CreateTempSubdirectory("ml-serving-").FullName;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = ServingApp.Build(["--Model", Path.Combine(Data, "classifier_uint8.tflite"), "--Pool", "2"], b => b.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string url, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _client.PostAsync(url, content);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task HealthDescribesTheModel()
    {
        var json = JsonDocument.Parse(await _client.GetStringAsync("/health")).RootElement;
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("generation").GetInt64());
        Assert.Equal(2, json.GetProperty("pool").GetInt32());
        Assert.Equal("uint8", json.GetProperty("inputs")[0].GetProperty("dtype").GetString());
    }

    [Fact]
    public async Task AnImageGetsTopLabels()
    {
        var (status, body) = await Post("/predict?top=2", File.ReadAllBytes(Path.Combine(Data, "blue.bmp")), "image/bmp");
        Assert.Equal(HttpStatusCode.OK, status);
        var labels = body.GetProperty("labels");
        Assert.Equal(2, labels.GetArrayLength());
        Assert.Equal("blue", labels[0].GetProperty("label").GetString());
        Assert.True(labels[0].GetProperty("score").GetSingle() > labels[1].GetProperty("score").GetSingle());

        var (s2, red) = await Post("/predict", File.ReadAllBytes(Path.Combine(Data, "red.bmp")), "image/bmp");
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("red", red.GetProperty("labels")[0].GetProperty("label").GetString());
        Assert.Equal(3, red.GetProperty("labels").GetArrayLength()); // top 5 of 3 classes

        var (bad, problem) = await Post("/predict", [1, 2, 3, 4, 5], "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("not a JPEG, PNG or BMP image", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ANpyTensorGetsItsOutputs()
    {
        // uint8 [1,4,4,3], all pixels pure green.
        var pixels = new byte[48];
        for (int i = 0; i < 16; i++) pixels[3 * i + 1] = 255;
        var (status, body) = await Post("/predict", Npy("|u1", [1, 4, 4, 3], pixels), "application/octet-stream");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal(new[] { 1, 3 }, output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        var values = output.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.True(values[1] > values[0] && values[1] > values[2], string.Join(",", values));

        var (wrong, problem) = await Post("/predict", Npy("|u1", [1, 2, 2, 3], new byte[12]), "application/octet-stream");
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Contains("expected 48 bytes", problem.GetProperty("detail").GetString());
        var (unknown, _) = await Post("/predict", Encoding.ASCII.GetBytes("hello"), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknown);
    }

    [Fact]
    public async Task SwapUpdatesTheModelWhileServingAndRefusesABadOne()
    {
        // Concurrent requests during swaps all succeed.
        var image = File.ReadAllBytes(Path.Combine(Data, "blue.bmp"));
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int n = 0;
            while (!stop.IsCancellationRequested || n == 0)
            {
                var (status, body) = await Post("/predict", image, "image/bmp");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal("blue", body.GetProperty("labels")[0].GetProperty("label").GetString());
                n++;
            }
            return n;
        })).ToArray();

        var (s1, g1) = await Post("/swap", File.ReadAllBytes(Path.Combine(Data, "classifier_uint8.tflite")), "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(1, g1.GetProperty("generation").GetInt64());
        string path = Path.Combine(_dir, "copy.tflite");
        File.Copy(Path.Combine(Data, "classifier_uint8.tflite"), path);
        var (s2, g2) = await Post("/swap", JsonSerializer.SerializeToUtf8Bytes(new { path }), "application/json");
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal(2, g2.GetProperty("generation").GetInt64());

        // A model with another input type (float32) is refused: the uint8 one keeps serving.
        var (s3, refused) = await Post("/swap", File.ReadAllBytes(Path.Combine(Data, "classifier_float.tflite")), "application/octet-stream");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, s3);
        Assert.Contains("generation 2 keeps serving", refused.GetProperty("detail").GetString());
        var (s4, junk) = await Post("/swap", [0, 1, 2, 3, 4, 5, 6, 7], "application/octet-stream");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, s4);
        Assert.Contains("cannot be read", junk.GetProperty("detail").GetString());

        stop.Cancel();
        var served = await Task.WhenAll(load);
        Assert.All(served, n => Assert.True(n > 0));
        var health = JsonDocument.Parse(await _client.GetStringAsync("/health")).RootElement;
        Assert.Equal(2, health.GetProperty("generation").GetInt64());
        Assert.Equal(2, health.GetProperty("failed_swaps").GetInt64());
    }

    [Fact]
    public async Task AnEncryptedModelIsServedWithItsKey()
    {
        var key = ModelProtection.GenerateKey();
        string keyFile = Path.Combine(_dir, "k.key"), enc = Path.Combine(_dir, "c.mlenc");
        File.WriteAllText(keyFile, ModelProtection.ToHex(key));
        File.WriteAllBytes(enc, ModelProtection.Encrypt(File.ReadAllBytes(Path.Combine(Data, "classifier_uint8.tflite")), key));
        await using var app = ServingApp.Build(["--Model", enc, "--KeyFile", keyFile], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        using var client = app.GetTestClient();
        using var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Data, "blue.bmp")));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/bmp");
        using var response = await client.PostAsync("/predict", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"blue\"", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A NumPy 1.0 .npy file.</summary>
    private static byte[] Npy(string descr, int[] shape, byte[] data)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var ms = new MemoryStream();
        ms.WriteByte(0x93);
        ms.Write("NUMPY"u8);
        ms.WriteByte(1);
        ms.WriteByte(0);
        ms.Write(BitConverter.GetBytes((ushort)header.Length));
        ms.Write(Encoding.ASCII.GetBytes(header));
        ms.Write(data);
        return ms.ToArray();
    }
}

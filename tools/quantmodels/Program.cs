namespace ManagedLite.QuantModels;

/// <summary>
/// Writes benchmark models that no registry reachable here ships, built with the test model builder from seeded random
/// weights: <c>mobilenet_v2_uint8.tflite</c>, the MobileNetV2 1.0 224 graph with legacy uint8 quantization (per-tensor
/// asymmetric weights with zero points away from 128, int32 biases, RELU6 fused, residual ADDs, a 7x7 AVERAGE_POOL_2D, a
/// 1x1 logits convolution, RESHAPE and SOFTMAX), as TensorFlow's old quantized MobileNets are laid out.
/// Scales are chosen so activations spread over the uint8 range rather than saturate. And
/// <c>mobilenet_v2_hybrid.tflite</c>, the same graph with dynamic-range (hybrid) quantization: see <see cref="MobileNetHybrid"/>.
/// Two float32 models shaped like those users bring: <c>mobilenet_v3_small_float.tflite</c>, MobileNetV3-Small 1.0 224
/// as the converter writes a float Keras model (HARD_SWISH, squeeze-excite with broadcasting MULs, 5x5 depthwise
/// convolutions: see <see cref="MobileNetV3SmallFloat"/>), and <c>transformer_encoder_float.tflite</c>, a 4-layer
/// BERT-style encoder on [1, 128, 256] (decomposed layer norms, 4-head self-attention with FULLY_CONNECTED,
/// TRANSPOSE and BATCH_MATMUL, a GELU feed-forward block: see <see cref="TransformerEncoderFloat"/>).
/// Two more float32 models: <c>deeplabv3_mnv2_float.tflite</c>, DeepLabV3 on a MobileNetV2 backbone at output stride 16
/// on [1, 257, 257, 3] as Google's deeplabv3_257_mv_gpu.tflite is laid out (dilated DEPTHWISE_CONV_2D, the mobile
/// ASPP head with AVERAGE_POOL_2D image pooling, CONCATENATION and RESIZE_BILINEAR with align_corners; outputs the
/// [1, 257, 257, 21] logits and their ARG_MAX class map: see <see cref="DeepLabV3Float"/>), and
/// <c>efficientnet_lite0_float.tflite</c>, EfficientNet-Lite0 224 (MBConv blocks with RELU6 and 5x5 depthwise
/// convolutions, no squeeze-excite, AVERAGE_POOL_2D, FULLY_CONNECTED and SOFTMAX over 1000: see
/// <see cref="EfficientNetLite0Float"/>).
/// And <c>mobilenet_v3_small_int8.tflite</c>, that MobileNetV3-Small with full-integer int8 quantization as the
/// converter writes it with a representative dataset and int8 input and output (per-channel int8 weights, int32
/// biases, int8 HARD_SWISH, MEAN, broadcasting MULs and residual ADDs, SOFTMAX with its fixed 1/256 output), its
/// activation ranges calibrated by running the float model in ManagedLite: see <see cref="MobileNetV3SmallInt8"/>.
/// And <c>yolov8n_float.tflite</c>, the YOLOv8n detector on [1, 320, 320, 3] as Ultralytics' float32 TF Lite export
/// (onnx2tf) lays it out (SiLU as LOGISTIC and MUL after every convolution, PAD before the 3x3/2 ones, C2f blocks with
/// SPLIT and CONCATENATION, SPPF with three 5x5 MAX_POOL_2Ds, RESIZE_NEAREST_NEIGHBOR upsampling in the neck, the
/// three-scale head, the DFL SOFTMAX over 16 bins and the box decode; outputs [1, 84, 2100]), its batch norms folded
/// from statistics measured in ManagedLite: see <see cref="YoloV8nFloat"/>.
/// Usage: dotnet run -c Release --project tools/quantmodels -- OUTDIR
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: managedlite-quantmodels OUTDIR");
            return 2;
        }
        Directory.CreateDirectory(args[0]);
        string path = Path.Combine(args[0], "mobilenet_v2_uint8.tflite");
        File.WriteAllBytes(path, new MobileNetUInt8(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "mobilenet_v2_hybrid.tflite");
        File.WriteAllBytes(path, new MobileNetHybrid(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "mobilenet_v3_small_float.tflite");
        File.WriteAllBytes(path, new MobileNetV3SmallFloat(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "mobilenet_v3_small_int8.tflite");
        File.WriteAllBytes(path, new MobileNetV3SmallInt8(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "transformer_encoder_float.tflite");
        File.WriteAllBytes(path, new TransformerEncoderFloat(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "deeplabv3_mnv2_float.tflite");
        File.WriteAllBytes(path, new DeepLabV3Float(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "efficientnet_lite0_float.tflite");
        File.WriteAllBytes(path, new EfficientNetLite0Float(1234).Build());
        Console.WriteLine(path);
        path = Path.Combine(args[0], "yolov8n_float.tflite");
        File.WriteAllBytes(path, new YoloV8nFloat(1234).Build());
        Console.WriteLine(path);
        return 0;
    }
}

using ManagedLite.Ops.Signal;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>TFLite Micro's signal library (audio front end) custom operators.</summary>
    static partial void RegisterSignal(OpResolver r, KernelFlavor f)
    {
        // Pure functions of their inputs; Types is the data input's element type.
        static OpTraits Pure(TensorType t) => new() { Types = [t] };
        r.AddCustom("SignalWindow", () => new SignalWindowOp(), traits: Pure(TensorType.Int16));
        r.AddCustom("SignalFftAutoScale", () => new SignalFftAutoScaleOp(), traits: Pure(TensorType.Int16));
        r.AddCustom("SignalRfft", () => new SignalRfftOp(), traits: Pure(TensorType.Int16));
        r.AddCustom("SignalEnergy", () => new SignalEnergyOp(), traits: Pure(TensorType.Int16));
        r.AddCustom("SignalFilterBank", () => new SignalFilterBankOp(), traits: Pure(TensorType.UInt32));
        r.AddCustom("SignalFilterBankSquareRoot", () => new SignalFilterBankSquareRootOp(), traits: Pure(TensorType.UInt64));
        // Keeps its noise estimate: stateful.
        r.AddCustom("SignalFilterBankSpectralSubtraction", () => new SignalFilterBankSpectralSubtractionOp(),
            traits: new OpTraits { IsStateful = true, Types = [TensorType.UInt32] });
        r.AddCustom("SignalPCAN", () => new SignalPcanOp(), traits: Pure(TensorType.UInt32));
        r.AddCustom("SignalFilterBankLog", () => new SignalFilterBankLogOp(), traits: Pure(TensorType.UInt32));
        r.AddCustom("SignalIrfft", () => new SignalIrfftOp(), traits: new OpTraits
        {
            Types = [TensorType.Int16, TensorType.Int32, TensorType.Float32],
            EstimateWork = SignalIrfftOp.EstimateWork,
        });
        // Stateful (samples kept across invokes, reset by ResetVariableTensors): never constant-folded.
        var int16Stream = new OpTraits { IsStateful = true, Types = [TensorType.Int16] };
        r.AddCustom("SignalDelay", () => new SignalDelayOp(), traits: int16Stream);
        r.AddCustom("SignalFramer", () => new SignalFramerOp(), traits: int16Stream);
        r.AddCustom("SignalStacker", () => new SignalStackerOp(), traits: int16Stream);
        r.AddCustom("SignalOverlapAdd", () => new SignalOverlapAddOp(), traits: new OpTraits
        {
            IsStateful = true,
            Types = [TensorType.Int16, TensorType.Float32],
        });
    }
}

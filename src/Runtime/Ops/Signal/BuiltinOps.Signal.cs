using ManagedLite.Ops.Signal;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>TFLite Micro's signal library (audio front end) custom operators.</summary>
    static partial void RegisterSignal(OpResolver r, KernelFlavor f)
    {
        var signal = OpTraits.Default; // pure functions of their inputs
        r.AddCustom("SignalWindow", () => new SignalWindowOp(), traits: signal);
        r.AddCustom("SignalFftAutoScale", () => new SignalFftAutoScaleOp(), traits: signal);
        r.AddCustom("SignalRfft", () => new SignalRfftOp(), traits: signal);
        r.AddCustom("SignalEnergy", () => new SignalEnergyOp(), traits: signal);
        r.AddCustom("SignalFilterBank", () => new SignalFilterBankOp(), traits: signal);
        r.AddCustom("SignalFilterBankSquareRoot", () => new SignalFilterBankSquareRootOp(), traits: signal);
        r.AddCustom("SignalFilterBankSpectralSubtraction", () => new SignalFilterBankSpectralSubtractionOp()); // keeps its noise estimate: stateful
        r.AddCustom("SignalPCAN", () => new SignalPcanOp(), traits: signal);
        r.AddCustom("SignalFilterBankLog", () => new SignalFilterBankLogOp(), traits: signal);
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

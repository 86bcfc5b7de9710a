using ManagedLite.Ops.Signal;

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
    }
}

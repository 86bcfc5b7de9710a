using ManagedLite.Ops.Signal;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>TFLite Micro's signal library (audio front end) custom operators.</summary>
    static partial void RegisterMisc(OpResolver r)
    {
        r.AddCustom("SignalWindow", () => new SignalWindowOp());
        r.AddCustom("SignalFftAutoScale", () => new SignalFftAutoScaleOp());
        r.AddCustom("SignalRfft", () => new SignalRfftOp());
        r.AddCustom("SignalEnergy", () => new SignalEnergyOp());
        r.AddCustom("SignalFilterBank", () => new SignalFilterBankOp());
        r.AddCustom("SignalFilterBankSquareRoot", () => new SignalFilterBankSquareRootOp());
        r.AddCustom("SignalFilterBankSpectralSubtraction", () => new SignalFilterBankSpectralSubtractionOp());
        r.AddCustom("SignalPCAN", () => new SignalPcanOp());
        r.AddCustom("SignalFilterBankLog", () => new SignalFilterBankLogOp());
    }
}

using System.Security.Cryptography;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Random;

/// <summary>
/// The generator of a random operator from its RandomOptions (TFLite's InitializeOpData): Philox keyed by seed and
/// seed2, each first truncated to int32 and sign-extended back (TFLite's TfLiteRandomParams holds them as int); when
/// both are then 0 the seeds are drawn from the operating system, so results differ per run, as in TFLite.
/// </summary>
internal static class RandomSeeds
{
    public static Ref.Philox Create(RandomOptions o)
    {
        long seed = unchecked((int)o.Seed), seed2 = unchecked((int)o.Seed2);
        if (seed == 0 && seed2 == 0)
        {
            Span<byte> b = stackalloc byte[16];
            RandomNumberGenerator.Fill(b);
            seed = BitConverter.ToInt64(b);
            seed2 = BitConverter.ToInt64(b[8..]);
        }
        return new Ref.Philox(unchecked((ulong)seed), unchecked((ulong)seed2));
    }
}

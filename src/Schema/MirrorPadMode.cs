namespace ManagedLite.Schema;

public enum MirrorPadMode : sbyte
{
    Reflect = 0,
    Symmetric = 1,
}

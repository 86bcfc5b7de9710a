namespace ManagedLite.Schema.Verification;

/// <summary>How a table field is stored, as far as bounds checking is concerned.</summary>
internal enum FieldKind : byte
{
    /// <summary>Inline scalar or enum of <see cref="FieldLayout.Size"/> bytes.</summary>
    Scalar,
    /// <summary>uoffset to a null-terminated, length-prefixed string.</summary>
    String,
    /// <summary>uoffset to a table of type <see cref="FieldLayout.Ref"/>.</summary>
    Table,
    /// <summary>Union: type byte in slot <see cref="FieldLayout.Slot"/>, value uoffset in the next slot; <see cref="FieldLayout.Ref"/> is the union id.</summary>
    Union,
    /// <summary>uoffset to a vector of scalars of <see cref="FieldLayout.Size"/> bytes each.</summary>
    VectorOfScalars,
    VectorOfStrings,
    /// <summary>uoffset to a vector of uoffsets to tables of type <see cref="FieldLayout.Ref"/>.</summary>
    VectorOfTables,
}

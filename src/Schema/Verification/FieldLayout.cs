namespace ManagedLite.Schema.Verification;

/// <summary>One field of a schema table, as written by scripts/schema_layout.py.</summary>
/// <param name="Name">Field name, for error paths.</param>
/// <param name="Slot">Vtable slot (a union takes two: type, then value).</param>
/// <param name="Kind">How the field is stored.</param>
/// <param name="Size">Scalar or element size in bytes (1 for a union's type byte, 4 for offsets).</param>
/// <param name="Ref">Table id (Table, VectorOfTables) or union id (Union); -1 otherwise.</param>
internal readonly record struct FieldLayout(string Name, int Slot, FieldKind Kind, int Size, int Ref);

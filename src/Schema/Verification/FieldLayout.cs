namespace ManagedLite.Schema.Verification;

/// <summary>One field of a schema table: name (for error paths), vtable slot, storage kind.</summary>
/// <param name="Size">Scalar or element size in bytes (1 for a union's type byte, 4 for offsets).</param>
/// <param name="Ref">Table id (Table, VectorOfTables) or union id (Union); -1 otherwise.</param>
internal readonly record struct FieldLayout(string Name, int Slot, FieldKind Kind, int Size, int Ref);

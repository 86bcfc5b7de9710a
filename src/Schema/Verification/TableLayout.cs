namespace ManagedLite.Schema.Verification;

/// <summary>A schema table: its name and fields, as written by scripts/schema_layout.py.</summary>
internal sealed record TableLayout(string Name, FieldLayout[] Fields);

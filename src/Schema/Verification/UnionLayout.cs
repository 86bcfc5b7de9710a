namespace ManagedLite.Schema.Verification;

/// <summary>A schema union: <c>Members[type - 1]</c> is the table id of union type value <c>type</c>.</summary>
internal sealed record UnionLayout(string Name, int[] Members);

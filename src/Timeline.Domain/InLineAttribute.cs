namespace Timeline.Domain;

/// <summary>
/// A property whose own fields the wire writes in line with its owner's, where the property stands: a view that
/// carries a <see cref="ClaimSource"/> shows its provenance as fields of its own, as it always has, while the code
/// declares the provenance once. The JSON at the edge reads this mark; the domain knows no serializer.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InLineAttribute : Attribute;

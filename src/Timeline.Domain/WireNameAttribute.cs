namespace Timeline.Domain;

/// <summary>
/// The name a value of the claim vocabulary has on the wire and in stored events (the public contract the
/// README names). A C# member may be renamed; its wire name may not. The JSON at the edge reads these names
/// (<see cref="Vocabulary{TEnum}"/>), so the domain itself knows no serializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class WireNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

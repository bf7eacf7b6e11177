using System.Collections.Frozen;
using System.Reflection;

namespace Timeline.Domain;

/// <summary>
/// The wire names of an enum, read from its <see cref="WireNameAttribute"/>s so that
/// validation, serialization and documentation share one list.
/// </summary>
public static class Vocabulary<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByName = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => f.GetCustomAttribute<WireNameAttribute>()?.Name ?? f.Name,
            f => (TEnum)f.GetValue(null)!,
            StringComparer.Ordinal);

    private static readonly FrozenDictionary<TEnum, string> ByValue =
        ByName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public static IReadOnlyCollection<string> Names { get; } = ByName.Keys.ToArray();

    public static bool TryParse(string value, out TEnum result) => ByName.TryGetValue(value, out result);

    public static string Name(TEnum value) => ByValue[value];

    /// <summary>The wire name of the member called <paramref name="member"/> in C#.</summary>
    public static string? OfMember(string member) =>
        Enum.TryParse<TEnum>(member, ignoreCase: false, out var value) && ByValue.TryGetValue(value, out var name) ? name : null;
}

using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Timeline.Domain;

/// <summary>
/// The wire names of an enum, read from its <see cref="JsonStringEnumMemberNameAttribute"/>s so that
/// validation, serialization and documentation share one list.
/// </summary>
public static class Vocabulary<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByName = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name,
            f => (TEnum)f.GetValue(null)!,
            StringComparer.Ordinal);

    private static readonly FrozenDictionary<TEnum, string> ByValue =
        ByName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public static IReadOnlyCollection<string> Names { get; } = ByName.Keys.ToArray();

    public static bool TryParse(string value, out TEnum result) => ByName.TryGetValue(value, out result);

    public static string Name(TEnum value) => ByValue[value];
}

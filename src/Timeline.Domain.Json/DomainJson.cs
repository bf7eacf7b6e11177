using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Timeline.Domain.Json;

/// <summary>
/// The domain's vocabulary in System.Text.Json, kept out of <c>Timeline.Domain</c> (which names its wire
/// words as plain data) so that every edge that writes or reads claims shares one reading of them: the API,
/// the stored events, and the drafter's evaluation.
/// </summary>
public static class DomainJson
{
    private static readonly JsonConverter[] WireNameConverters = typeof(WireNameAttribute).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsDefined(typeof(WireNameAttribute))))
        .Select(t => (JsonConverter)Activator.CreateInstance(
            typeof(JsonStringEnumConverter<>).MakeGenericType(t),
            Activator.CreateInstance(typeof(WireNames<>).MakeGenericType(t)), true)!)
        .ToArray();

    /// <summary>Options with the web defaults and the vocabulary: what a claim looks like anywhere outside the API's own settings.</summary>
    public static readonly JsonSerializerOptions Web = Vocabulary(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The domain's vocabulary in JSON, for the API and the stored events alike: each enum value by its
    /// <see cref="WireNameAttribute"/> (the converters come first, so they win over any other enum converter), and a
    /// claim as an object whose <c>type</c> names its kind (<see cref="ClaimTypes.Kinds"/>), in any position when read.
    /// </summary>
    public static JsonSerializerOptions Vocabulary(JsonSerializerOptions options)
    {
        foreach (var converter in WireNameConverters)
        {
            options.Converters.Insert(0, converter);
        }

        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(ClaimKinds)
            .WithAddedModifier(RegistersFirst)
            .WithAddedModifier(LaterAdditions)
            .WithAddedModifier(InLineFields);
        return options;
    }

    private static void ClaimKinds(JsonTypeInfo info)
    {
        if (!info.Type.IsAssignableTo(typeof(Claim)))
        {
            return;
        }

        // The kind is the discriminator, not a field of the claim.
        foreach (var type in info.Properties.Where(p => p.AttributeProvider is PropertyInfo { Name: nameof(Claim.Type) }).ToList())
        {
            info.Properties.Remove(type);
        }

        if (info.Type == typeof(Claim))
        {
            info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
            foreach (var (kind, name) in ClaimTypes.Kinds)
            {
                info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kind, name));
            }
        }
    }

    /// <summary>
    /// A saga's registers first, then what its state or view adds, each in declaration order: the order the
    /// JSON has always had (left alone, a derived record's own properties would come first).
    /// </summary>
    private static void RegistersFirst(JsonTypeInfo info)
    {
        if (!info.Type.IsAssignableTo(typeof(SagaRegisters)) || info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var position = 0;
        foreach (var property in info.Properties
                     .OrderBy(p => (p.AttributeProvider as PropertyInfo)?.DeclaringType == typeof(SagaRegisters) ? 0 : 1)
                     .ToList())
        {
            property.Order = position++;
        }
    }

    /// <summary>
    /// Fields an event gained after events of its type were first stored, written only when they hold a value: an
    /// event without one is stored byte for byte as it always was, and an old event reads back with the default.
    /// </summary>
    private static readonly (Type Type, string Property)[] Additions = [(typeof(ReportRecorded), nameof(ReportRecorded.ArticleId))];

    private static void LaterAdditions(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is PropertyInfo member && Additions.Contains((info.Type, member.Name)))
            {
                property.ShouldSerialize = static (_, value) => value is not null;
            }
        }
    }

    /// <summary>
    /// A property marked <see cref="InLineAttribute"/> gives way to its own fields, written where it stood, each as its
    /// type writes it: the JSON and the schema a client sees are those of a record that declared the fields itself.
    /// Only views the service writes carry one; nothing reads them back.
    /// </summary>
    private static void InLineFields(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = 0; i < info.Properties.Count; i++)
        {
            var owner = info.Properties[i];
            if (owner.AttributeProvider is not PropertyInfo member || !member.IsDefined(typeof(InLineAttribute)))
            {
                continue;
            }

            // A field is required as its owner is: a required property, or a constructor parameter without a default.
            var required = owner.IsRequired || (info.ConstructorAttributeProvider is ConstructorInfo constructor
                && constructor.GetParameters().Any(p => p.Name == member.Name && !p.HasDefaultValue));
            info.Properties.RemoveAt(i);
            var getOwner = owner.Get!;
            foreach (var field in info.Options.GetTypeInfo(owner.PropertyType).Properties)
            {
                var getField = field.Get!;
                var inLine = info.CreateJsonPropertyInfo(field.PropertyType, field.Name);
                inLine.Get = value => getOwner(value) is { } held ? getField(held) : null;
                inLine.AttributeProvider = field.AttributeProvider;
                inLine.CustomConverter = field.CustomConverter;
                inLine.Order = owner.Order;
                if (required)
                {
                    // System.Text.Json wants a setter on a required property; an in-line field is never read.
                    inLine.Set = static (_, _) => throw new NotSupportedException("A field written in line is not read back.");
                    inLine.IsRequired = true;
                }

                inLine.IsGetNullable = field.IsGetNullable;
                inLine.IsSetNullable = field.IsSetNullable;
                info.Properties.Insert(i++, inLine);
            }

            i--;
        }
    }

    /// <summary>Names each member of <typeparamref name="TEnum"/> by its wire name.</summary>
    private sealed class WireNames<TEnum> : JsonNamingPolicy where TEnum : struct, Enum
    {
        public override string ConvertName(string name) => Vocabulary<TEnum>.OfMember(name) ?? name;
    }
}

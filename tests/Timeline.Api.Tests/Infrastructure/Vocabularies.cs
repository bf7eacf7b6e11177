using Timeline.Api.Infrastructure;
using Timeline.Api.Intake;
using Timeline.Api.Webhooks;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>The API's own enums: a query parameter names a value as the JSON writes it.</summary>
public sealed class the_api_vocabularies
{
    [Fact]
    public void each_value_parses_from_the_name_the_json_writes()
    {
        Check<DeliveryStatus>();
        Check<WebhookStatus>();
        Check<ArticleStatus>();
        Check<FeedStatus>();
    }

    private static void Check<TEnum>() where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var written = JsonSerializer.Serialize(value, TimelineJson.Api).Trim('"');
            Vocabulary<TEnum>.TryParse(written, out var parsed).ShouldBeTrue($"{typeof(TEnum).Name}: '{written}'");
            parsed.ShouldBe(value);
        }
    }
}

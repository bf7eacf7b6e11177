using Timeline.Domain;

namespace Timeline.Api.Tests.Contracts;

/// <summary>Stored events are found by these names: renaming a type must never rename its events.</summary>
public sealed class the_event_name_table_is_pinned
{
    [Fact]
    public void every_event_type_keeps_its_stored_name()
    {
        var table = string.Concat(EventNames.All
            .OrderBy(e => e.Value, StringComparer.Ordinal)
            .Select(e => $"{e.Value} = {e.Key.Name}\n"));

        Approved.ShouldMatch(table, "event-names");
    }
}

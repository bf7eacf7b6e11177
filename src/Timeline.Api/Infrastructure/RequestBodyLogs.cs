using System.Collections.Concurrent;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// A request body that is not JSON of its type is the client's mistake, answered 400 problem details; but
/// Wolverine logs it as an error, with the serializer's stack trace, under the body type's name. Anyone can
/// send a broken body, so that would let any client fill the log. The body types are gathered as the
/// endpoints are mapped, and errors logged under their names are left out (nothing of ours logs there).
/// </summary>
public static class RequestBodyLogs
{
    private static readonly ConcurrentDictionary<string, byte> Categories = new(StringComparer.Ordinal);

    public static void Collect(HttpChain chain)
    {
        if (chain.RequestType?.FullName is { } name)
        {
            Categories.TryAdd(name.Replace('+', '.'), 0);
        }
    }

    public static ILoggingBuilder AddRequestBodyLogFilter(this ILoggingBuilder logging) =>
        logging.AddFilter((_, category, level) => level < LogLevel.Error || category is null || !Categories.ContainsKey(category));
}

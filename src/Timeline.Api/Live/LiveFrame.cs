using System.Text;
using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Live;

/// <summary>
/// A saga update with the Server-Sent Events frame that carries it (<c>id</c>, <c>event: state</c>,
/// <c>data</c>), as UTF-8 bytes. The feed builds it once per update and every stream of the node writes
/// the same bytes: at a thousand streams, serializing per stream was most of the work of a push.
/// </summary>
public sealed class LiveFrame(SagaUpdate update)
{
    private byte[]? _summary;

    public SagaUpdate Update { get; } = update;

    /// <summary>The whole frame, ready to write.</summary>
    public byte[] Bytes { get; } = Encode(LiveMessage.From(update), summary: false);

    /// <summary>The frame with the saga's summary instead of its state, encoded when a summary stream first asks.</summary>
    public byte[] SummaryBytes => _summary ??= Encode(LiveMessage.From(Update), summary: true);

    /// <summary>The frame of any message, such as a stream's first (the current state, no change behind it).</summary>
    public static byte[] Encode(LiveMessage message, bool summary)
    {
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {message.Position}\nevent: state\ndata: "));
        var json = summary
            ? JsonSerializer.SerializeToUtf8Bytes(LiveSummaryMessage.Of(message), TimelineJson.Api)
            : JsonSerializer.SerializeToUtf8Bytes(message, TimelineJson.Api);
        return [.. head, .. json, .. "\n\n"u8];
    }
}

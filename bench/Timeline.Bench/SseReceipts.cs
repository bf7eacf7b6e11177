using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;

namespace Timeline.Bench;

/// <summary>
/// The fan-out client's reading of one Server-Sent Events stream. A thousand of these share the benchmark's
/// cores with the service, so each reads bytes and looks for its markers in place: no string per line,
/// only the report id of each change. A read is timed when it returns, before its lines are looked at.
/// </summary>
public static class SseReceipts
{
    private static ReadOnlySpan<byte> Data => "data:"u8;

    /// <summary>The change's own report: the state before it also names reports (each suitor's, offer's...).</summary>
    private static ReadOnlySpan<byte> Cause => "\"cause\":{"u8;

    private static ReadOnlySpan<byte> ReportId => "\"reportId\":\""u8;

    /// <summary>
    /// Reads <paramref name="body"/> until it ends or <paramref name="ct"/> is cancelled: calls
    /// <paramref name="opened"/> at the first <c>data</c> line (the current state), then
    /// <paramref name="received"/> with the cause's report id and the time of the read of each later one.
    /// </summary>
    public static async Task ReadAsync(Stream body, Action opened, Action<string, long> received, CancellationToken ct)
    {
        var reader = PipeReader.Create(body);
        var first = true;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var at = Stopwatch.GetTimestamp();
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (!line.StartsWith(Data))
                    {
                        continue;
                    }

                    if (first)
                    {
                        first = false;
                        opened();
                    }
                    else if (CauseReportId(line) is { } id)
                    {
                        received(id, at);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySpan<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is not { } position)
        {
            line = default;
            return false;
        }

        var slice = buffer.Slice(0, position);
        line = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
        buffer = buffer.Slice(buffer.GetPosition(1, position));
        return true;
    }

    private static string? CauseReportId(ReadOnlySpan<byte> line)
    {
        var cause = line.IndexOf(Cause);
        if (cause < 0)
        {
            return null;
        }

        var rest = line[cause..];
        var start = rest.IndexOf(ReportId);
        if (start < 0)
        {
            return null;
        }

        rest = rest[(start + ReportId.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }
}

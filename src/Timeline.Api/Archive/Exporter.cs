using Marten.Events;

namespace Timeline.Api.Archive;

/// <summary>
/// Writes the whole store as NDJSON in recorded order: saga details, the inbox's articles and dismissals,
/// reports with their claims, who recorded them and the article they were drafted from, and retractions.
/// <c>import</c> reads it back into the same saga states and the same inbox.
/// </summary>
public sealed class Exporter(IDocumentStore store)
{
    private static readonly string[] Exported =
    [
        EventNames.Of<SagaOpened>(), EventNames.Of<SagaDetailsChanged>(), EventNames.Of<ReportRecorded>(), EventNames.Of<ReportRetracted>(),
        EventNames.Of<ArticleReceived>(), EventNames.Of<ArticleDismissed>(),
    ];

    public async Task<int> ExportAsync(TextWriter writer, IProgress<int>? progress, CancellationToken ct)
    {
        const int pageSize = 1000;
        var written = 0;
        long after = 0;
        while (true)
        {
            await using var session = store.QuerySession();
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.EventTypeName.IsOneOf(Exported))
                .OrderBy(e => e.Sequence)
                .Take(pageSize)
                .ToListAsync(ct);
            foreach (var e in page)
            {
                object? line = e.Data switch
                {
                    SagaOpened o => new SagaLine(o.Slug, o.Player, o.CurrentClub, o.ContractExpires, e.UserName, e.Version),
                    SagaDetailsChanged c => new SagaLine(c.Slug, c.Player, c.CurrentClub, c.ContractExpires, e.UserName, e.Version),
                    ReportRecorded r => new ReportLine(
                        r.ReportId, r.Reporter, r.Outlet, r.PublishedAt, r.Url, r.Quote, r.Claims, r.RecordedBy, r.ArticleId),
                    ReportRetracted r => new RetractionLine(r.ReportId, r.Reason, r.RetractedBy),
                    ArticleReceived a => new ArticleLine(
                        a.ArticleId, a.FeedId, a.Outlet, a.Reporter, a.ItemGuid, a.Link, a.Title, a.Published, a.Text, a.FetchedAt),
                    ArticleDismissed d => new DismissalLine(d.ArticleId, d.Reason, d.DismissedBy),
                    _ => null,
                };
                if (line is null)
                {
                    continue;
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(line, line.GetType(), ArchiveLines.Json));
                written++;
                progress?.Report(written);
            }

            if (page.Count < pageSize)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        await writer.FlushAsync(ct);
        return written;
    }
}

using System.Diagnostics;
using System.Threading.Channels;

namespace Timeline.Api.Reports;

/// <summary>How <see cref="GroupCommit"/> gathers reports: section <c>Timeline:GroupCommit</c>.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Timeline:GroupCommit";

    /// <summary>Transactions of reports in flight at once on this node; the reports that arrive meanwhile wait for the next.</summary>
    public int Writers { get; set; } = 2;

    /// <summary>The most reports one transaction takes.</summary>
    public int MaxReports { get; set; } = 64;

    /// <summary>
    /// How long a transaction that found other reports waiting gathers more before it starts; one that found
    /// its report alone starts at once, so a single client waits for nothing.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(2);
}

/// <summary>
/// Group commit for <c>POST /api/reports</c> (README, "Performance"): reports sent at once share one
/// transaction through <see cref="ReportBatches"/> (one idempotency lookup, one lock of all their sagas in
/// order, one chain-head read, one <c>SaveChangesAsync</c>), and each request keeps its own outcome, decided
/// per report by the domain's decision against what the batch has recorded so far. A batch whose save fails
/// for a reason other than a concurrent writer is saved again report by report, so one report's fault is its own.
/// </summary>
public sealed class GroupCommit(IDocumentStore store, IOptions<GroupCommitOptions> options, ILogger<GroupCommit> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly GroupCommitOptions _options = options.Value;
    private int _busy;

    /// <summary>Reports waiting for a transaction.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Transactions of reports being decided or saved.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Records <paramref name="report"/> in the next transaction; its events carry the current trace.</summary>
    public async Task<RecordResult> RecordAsync(ReportToRecord report, CancellationToken ct)
    {
        var pending = new Pending(report, Activity.Current?.Id, Activity.Current?.Context ?? default, ct);
        if (!_queue.Writer.TryWrite(pending))
        {
            // The node is stopping: the report is saved alone, as the requests in flight are.
            return (await ReportBatches.RecordInAsync(store, [report], ct))[0];
        }

        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping lets the writers save what is queued; what comes later is saved alone.
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(WriteAsync, CancellationToken.None)));
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = Take(reader, []);
            if (batch.Count == 0)
            {
                continue;
            }

            Interlocked.Increment(ref _busy);
            try
            {
                if (batch.Count > 1 && batch.Count < _options.MaxReports && _options.Window > TimeSpan.Zero)
                {
                    await GatherAsync(reader, batch);
                }

                await CommitAsync(batch);
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
            }
        }
    }

    /// <summary>Takes what is queued, up to the batch's size, leaving out reports whose requests gave up.</summary>
    private List<Pending> Take(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (batch.Count < _options.MaxReports && reader.TryRead(out var pending))
        {
            if (pending.Cancelled.IsCancellationRequested)
            {
                pending.Done.TrySetCanceled(pending.Cancelled);
            }
            else
            {
                batch.Add(pending);
            }
        }

        return batch;
    }

    /// <summary>Others arrived with the first: for at most the window, takes the reports still arriving.</summary>
    private async Task GatherAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        using var window = new CancellationTokenSource(_options.Window);
        try
        {
            while (batch.Count < _options.MaxReports && await reader.WaitToReadAsync(window.Token))
            {
                Take(reader, batch);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> batch)
    {
        // The transaction's span (and its database calls) joins the first report's trace and links the others'.
        using var activity = TimelineInstruments.Source.StartActivity(
            "record report group", ActivityKind.Internal, parentContext: batch[0].Context,
            links: batch.Skip(1).Where(p => p.TraceParent is not null).Select(p => new ActivityLink(p.Context)));
        activity?.SetTag("timeline.batch.reports", batch.Count);
        try
        {
            // Each report's events carry the trace of the request that sent it (a repeat's id has its first's).
            var traces = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pending in batch.Where(p => p.TraceParent is not null))
            {
                traces.TryAdd(pending.Report.Id, pending.TraceParent!);
            }

            var results = await ReportBatches.RecordInAsync(store, batch.Select(p => p.Report).ToList(), CancellationToken.None, traces);
            TimelineInstruments.ReportCommitSize.Record(batch.Count, new KeyValuePair<string, object?>("outcome", "saved"));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            TimelineInstruments.ReportCommitSize.Record(batch.Count, new KeyValuePair<string, object?>("outcome", "failed"));
            logger.LogWarning(e, "{Count} reports failed to save together; saving each alone.", batch.Count);
            foreach (var pending in batch)
            {
                await CommitAsync([pending]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private sealed record Pending(ReportToRecord Report, string? TraceParent, ActivityContext Context, CancellationToken Cancelled)
    {
        public TaskCompletionSource<RecordResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

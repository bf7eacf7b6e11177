using Timeline.Domain.Names;

namespace Timeline.Domain;

/// <summary>One event for a saga stream, at the version it gets there, with who recorded it and the report it belongs to.</summary>
public sealed record SagaAppend(string Saga, long Version, ISagaEvent Event, string RecordedBy, string? CorrelationId);

/// <summary>
/// One event for a report's own stream (<see cref="ReportStreams.Key"/>): its first when <see cref="After"/> is null,
/// else the one after that version, so a concurrent writer of the same report is a conflict rather than a second event.
/// </summary>
public sealed record ReportAppend(string ReportId, long? After, object Event, string RecordedBy);

/// <summary>
/// What a decided write stores, in one transaction: saga events, the report's own event, the names it records,
/// and, for a report drafted from an article of the inbox, the article's <see cref="ArticleRecorded"/>.
/// </summary>
public sealed record WritePlan(IReadOnlyList<SagaAppend> Sagas, ReportAppend? Report, IReadOnlyList<NameUse> Names, ArticleRecorded? Article = null)
{
    public static readonly WritePlan Nothing = new([], null, []);

    public bool IsEmpty => Sagas.Count == 0 && Report is null;
}

/// <summary>A pure decision: how the write ends for its caller, and what to store for it.</summary>
public sealed record Decision<TResult>(TResult Result, WritePlan Plan)
{
    public static Decision<TResult> Refuse(TResult result) => new(result, WritePlan.Nothing);
}

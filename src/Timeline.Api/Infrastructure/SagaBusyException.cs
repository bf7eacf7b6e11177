namespace Timeline.Api.Infrastructure;

/// <summary>
/// A write waited for its sagas' locks past the command timeout, behind other writes to them: the saga is busy,
/// the database is not down (answered <c>503 Saga busy</c> with <c>Retry-After</c>); nothing was stored.
/// </summary>
public sealed class SagaBusyException(IReadOnlyList<string> sagas, Exception inner) : Exception(
    $"Saga {string.Join(", ", sagas.Select(s => $"'{s}'"))} stayed locked by other writes past the command timeout.", inner)
{
    public IReadOnlyList<string> Sagas { get; } = sagas;
}

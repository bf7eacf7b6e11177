namespace Timeline.Domain;

/// <summary>
/// Field errors keyed by the JSON path of the offending value (<c>claims[2].level</c>), the shape
/// ASP.NET Core's validation problem details use.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Adds <paramref name="other"/>'s errors for the fields that have none here yet.</summary>
    public void AddMissing(ValidationErrors other)
    {
        foreach (var (field, messages) in other._errors.Where(e => !Has(e.Key)))
        {
            _errors[field] = [.. messages];
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}

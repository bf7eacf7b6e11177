using System.Diagnostics.Metrics;
using Timeline.Api.Infrastructure;

namespace Timeline.Bench;

/// <summary>
/// Collects the service's <c>timeline.live.feed.lag</c> (commit to publication) while it is alive, so the
/// fan-out scenario can tell the change feed's share of a push's latency from the streams' and clients'.
/// </summary>
public sealed class FeedLag : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _milliseconds = [];

    public FeedLag()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TimelineInstruments.Name && instrument.Name == "timeline.live.feed.lag")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_milliseconds)
            {
                _milliseconds.Add(seconds * 1000);
            }
        });
        _listener.Start();
    }

    public IReadOnlyCollection<double> Milliseconds
    {
        get
        {
            lock (_milliseconds)
            {
                return [.. _milliseconds];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}

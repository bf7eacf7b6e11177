namespace Timeline.Reliability.Tests;

/// <summary>
/// The test classes whose assertions bound a time (a stall, a timeout, a median under load): the suite's other classes
/// run two at a time (xunit.runner.json), these after them, one at a time, so that no other test of the suite
/// competes for the cores while they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresTime
{
    public const string Name = "measures time";
}

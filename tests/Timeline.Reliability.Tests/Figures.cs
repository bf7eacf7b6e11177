using System.Globalization;

namespace Timeline.Reliability.Tests;

/// <summary>
/// What the suite measured, for the README's "Reliability" section: each figure goes to the test's
/// output and is appended to <c>reliability-figures.log</c> beside the test assembly.
/// </summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static string LogFile => Path.Combine(AppContext.BaseDirectory, "reliability-figures.log");

    public static void Record(ITestOutputHelper output, string test, FormattableString figure)
    {
        var line = $"{DateTimeOffset.UtcNow:u} {test}: {figure.ToString(CultureInfo.InvariantCulture)}";
        output.WriteLine(line);
        lock (Gate)
        {
            File.AppendAllLines(LogFile, [line]);
        }
    }
}
